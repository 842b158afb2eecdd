//! `tourney plan`: exit codes, JSON, drift made by hand.

use super::*;

#[test]
fn plan_of_an_empty_cluster_lists_creates_and_exits_3() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("+ create source"), "{text}");
    assert!(
        text.contains("+ create        op-a/spring-slots: not deployed"),
        "{text}"
    );
    assert!(
        text.contains("+ create        op-a/live-race: not deployed"),
        "{text}"
    );
    assert!(text.ends_with("3 changes pending\n"), "{text}");
    // Planning only reads.
    assert!(fake.writes().is_empty());
}

#[test]
fn plan_after_deploy_shows_no_changes_and_exits_0() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("= no change     op-a/spring-slots: up to date"));
    assert!(stdout(&out).ends_with("no changes\n"));
}

#[test]
fn verbose_plan_shows_statements_and_where_they_come_from() {
    let fake = FakeKsqlDb::start();
    let dir = files(&[(
        "spring.tourney",
        tournament("op-a", "spring-slots", "slots"),
    )]);
    let out = run("plan", dir.path(), &fake)
        .arg("--verbose")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("spring.tourney:1:1"), "{text}");
    assert!(
        text.contains(&format!(
            "    CREATE STREAM {}",
            stream("op-a", "spring-slots")
        )),
        "{text}"
    );
    assert!(text.contains("GAMECATEGORY = 'slots'"), "{text}");
}

#[test]
fn json_plan_parses_and_lists_every_action() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    let out = run("plan", dir.path(), &fake)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["changes"], true);
    let kinds: Vec<&str> = doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["create_source", "create", "create"]);
    assert_eq!(doc["actions"][1]["tournament"], "live-race");
    assert_eq!(doc["actions"][1]["stream"], stream("op-a", "live-race"));
    assert!(doc["actions"][1]["location"]
        .as_str()
        .unwrap()
        .ends_with("live.tourney:1:1"));
    assert_eq!(doc["actions"][1]["origin"]["line"], 1);
    assert_eq!(doc["actions"][1]["origin"]["span"]["start"], 0);
}

#[test]
fn a_stream_dropped_by_hand_shows_as_create() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "live-race");
    fake.with(|st| {
        st.streams.remove(&s);
        st.queries.retain(|_, q| q.sink != s);
    });
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("+ create        op-a/live-race: not deployed"));
    assert!(stdout(&out).contains("= no change     op-a/spring-slots"));
}

#[test]
fn a_query_terminated_by_hand_shows_as_recreate() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "live-race");
    fake.with(|st| st.queries.retain(|_, q| q.sink != s));
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out)
            .contains("~ recreate      op-a/live-race: the stream exists but no query writes it"),
        "{}",
        stdout(&out)
    );
    // Deploy repairs it.
    deploy_ok(dir.path(), &fake);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn a_statement_edited_by_hand_shows_as_replace() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "spring-slots");
    fake.with(|st| {
        for q in st.queries.values_mut().filter(|q| q.sink == s) {
            q.statement = q.statement.replace("'slots'", "'live'");
        }
    });
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out)
            .contains("~ replace       op-a/spring-slots: the deployed statement of query CSAS_"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn changing_a_running_tournament_is_refused_without_force() {
    let fake = FakeKsqlDb::start();
    let dir = files(&[(
        "spring.tourney",
        tournament("op-a", "spring-slots", "slots"),
    )]);
    deploy_ok(dir.path(), &fake);
    std::fs::write(
        path(&dir, "spring.tourney"),
        tournament("op-a", "spring-slots", "table"),
    )
    .unwrap();
    let out = run_at("plan", dir.path(), &fake, DURING).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("! refused       op-a/spring-slots: the deployed statement of query"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(
        "but the tournament is running (since 2031-03-01T00:00:00Z); use --force to replace it"
    ));
    // deploy refuses too, and says so with exit 1; nothing is written.
    let before = fake.writes().len();
    let out = run_at("deploy", dir.path(), &fake, DURING)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1 change was refused"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.writes().len(), before);
    // With --force the query is replaced in place.
    let out = run_at("deploy", dir.path(), &fake, DURING)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let last = fake.writes().pop().unwrap();
    assert!(last.starts_with("CREATE OR REPLACE STREAM"), "{last}");
    assert!(last.contains("'table'"));
}

#[test]
fn statements_reformatted_by_the_server_still_compare_equal() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let q = fake.with(|s| s.queries.values().next().unwrap().statement.clone());
    if !fake.with(|s| s.verbatim) {
        for printed in [
            "WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC=",
            "REPLICAS=1, RETENTION_MS=604800000, VALUE_FORMAT='JSON') AS SELECT *\nFROM WAGER_EVENTS WAGER_EVENTS\nWHERE ((((WAGER_EVENTS.OPERATORID = 'op-a') AND ((WAGER_EVENTS.ROWTIME >= ",
            "\nEMIT CHANGES;",
        ] {
            assert!(q.contains(printed), "{printed} in {q}");
        }
    }
    run("plan", dir.path(), &fake).assert().code(0);
    let writes = fake.writes().len();
    deploy_ok(dir.path(), &fake);
    assert_eq!(fake.writes().len(), writes);
    // A real change still shows.
    std::fs::write(
        path(&dir, "live.tourney"),
        tournament("op-a", "live-race", "table"),
    )
    .unwrap();
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("~ replace       op-a/live-race"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn help_documents_the_pending_exit_code_and_the_connection_options() {
    let out = tourney().arg("--help").output().unwrap();
    assert!(stdout(&out).contains("`plan` exits 3 when changes are pending"));
    let out = tourney().args(["plan", "--help"]).output().unwrap();
    let help = stdout(&out);
    for flag in [
        "--ksqldb <URL>",
        "--ksqldb-key",
        "TOURNEY_KSQLDB_KEY",
        "--ksqldb-ca",
        "--prune",
        "--force",
        "--now",
    ] {
        assert!(help.contains(flag), "{flag} in\n{help}");
    }
}
