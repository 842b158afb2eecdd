use super::*;
use crate::check::{check_project, Project};
use crate::deploy::state::{Query, Stream};

fn target(operator: &str, id: &str, category: &str) -> Target {
    let text = format!(
        "tournament \"{id}\" {{\n  title \"T\"\n  operator \"{operator}\"\n  runs 2031-03-01T00:00:00Z .. 2031-03-08T00:00:00Z\n  eligible when {{\n    game.category = \"{category}\"\n  }}\n  score {{\n    points = 1\n  }}\n}}\n"
    );
    let mut project = Project::new();
    project.add_file("t.tourney", text.clone());
    let checked = check_project(&project);
    let t = checked.tournaments().next().expect("a tournament");
    Target::new(t, None, text).expect("compiles")
}

/// A cluster running `deployed` exactly as compiled.
fn cluster(deployed: &[&Target]) -> Cluster {
    let mut c = Cluster::default();
    let source = crate::emit::source_stream().expect("source");
    c.streams.insert(
        "WAGER_EVENTS".into(),
        Stream {
            name: "WAGER_EVENTS".into(),
            topic: "wager.events".into(),
            key_format: "KAFKA".into(),
            value_format: "JSON".into(),
            partitions: Some(1),
            timestamp: "TIMESTAMP".into(),
            statement: source,
        },
    );
    for (n, t) in deployed.iter().enumerate() {
        let name = t.emitted.stream.clone();
        c.streams.insert(
            name.clone(),
            Stream {
                name: name.clone(),
                topic: t.emitted.topic.clone(),
                key_format: "KAFKA".into(),
                value_format: "JSON".into(),
                partitions: Some(1),
                timestamp: String::new(),
                statement: t.emitted.statement.clone(),
            },
        );
        c.queries.push(Query {
            id: format!("CSAS_{name}_{n}"),
            sinks: vec![name],
            statement: t.emitted.statement.clone(),
            state: "RUNNING".into(),
        });
    }
    c
}

fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.timestamp_millis())
        .unwrap_or_default()
}

fn kinds(plan: &Plan) -> Vec<ActionKind> {
    plan.actions.iter().map(|a| a.kind).collect()
}

#[test]
fn a_changed_filter_is_replaced_before_the_start_and_refused_after() {
    let deployed = target("op", "t", "slots");
    let changed = target("op", "t", "live");
    let c = cluster(&[&deployed]);
    let at = |now: &str, force: bool| {
        let opts = PlanOptions {
            now_ms: ms(now),
            force,
            ..PlanOptions::default()
        };
        plan(std::slice::from_ref(&changed), &c, &opts).expect("plan")
    };
    let before = at("2031-02-28T23:59:59Z", false);
    assert_eq!(kinds(&before), [ActionKind::Replace]);
    assert!(before.actions[0].statements[0].starts_with("CREATE OR REPLACE STREAM"));
    let running = at("2031-03-01T00:00:00Z", false);
    assert_eq!(kinds(&running), [ActionKind::Refused]);
    assert!(running.actions[0].statements.is_empty());
    assert!(running.actions[0].reason.contains("is running"));
    let ended = at("2031-03-08T00:00:00Z", false);
    assert!(ended.actions[0]
        .reason
        .contains("has ended (2031-03-08T00:00:00Z)"));
    assert_eq!(
        kinds(&at("2031-03-02T00:00:00Z", true)),
        [ActionKind::Replace]
    );
}

#[test]
fn an_unchanged_deployment_is_a_no_op() {
    let t = target("op", "t", "slots");
    let p = plan(
        std::slice::from_ref(&t),
        &cluster(&[&t]),
        &PlanOptions::default(),
    )
    .expect("plan");
    assert_eq!(kinds(&p), [ActionKind::NoOp]);
    assert!(!p.has_changes());
}

#[test]
fn only_streams_provably_of_the_operator_are_orphans() {
    let mine = target("a", "kept", "slots");
    let gone = target("a", "gone", "slots");
    let other = target("a_b", "cup", "slots");
    let mut c = cluster(&[&mine, &gone, &other]);
    // A stream with the operator's prefix whose topic names nobody's tournament.
    c.streams.insert(
        "TOURNEY_A_HANDMADE".into(),
        Stream {
            name: "TOURNEY_A_HANDMADE".into(),
            topic: "handmade".into(),
            ..Stream::default()
        },
    );
    let opts = PlanOptions {
        prune: true,
        ..PlanOptions::default()
    };
    let p = plan(std::slice::from_ref(&mine), &c, &opts).expect("plan");
    let drops: Vec<&str> = p
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::Drop)
        .map(|a| a.stream.as_str())
        .collect();
    assert_eq!(drops, [gone.emitted.stream.as_str()]);
    assert_eq!(p.prefixes, ["TOURNEY_A_"]);
}

#[test]
fn the_source_stream_is_created_first_when_missing() {
    let t = target("op", "t", "slots");
    let p = plan(
        std::slice::from_ref(&t),
        &Cluster::default(),
        &PlanOptions::default(),
    )
    .expect("plan");
    assert_eq!(kinds(&p), [ActionKind::CreateSource, ActionKind::Create]);
}

#[test]
fn a_source_stream_declared_before_the_display_name_column_is_not_drift() {
    let t = target("op", "t", "slots");
    let mut c = cluster(&[&t]);
    let mut old = c.streams.get("WAGER_EVENTS").expect("source").clone();
    old.statement = old.statement.replace(",\n  PLAYERNAME STRING", "");
    assert!(!old.statement.contains("PLAYERNAME"));
    c.streams.insert("WAGER_EVENTS".into(), old.clone());
    let p = plan(std::slice::from_ref(&t), &c, &PlanOptions::default()).expect("plan");
    assert_eq!(kinds(&p), [ActionKind::NoOp]);
    old.statement = old.statement.replace("\n  JURISDICTION STRING,", "");
    c.streams.insert("WAGER_EVENTS".into(), old);
    let p = plan(std::slice::from_ref(&t), &c, &PlanOptions::default()).expect("plan");
    assert_eq!(kinds(&p), [ActionKind::Refused, ActionKind::NoOp]);
}
