//! Drift made by hand that `plan` must see: what the query computes, the source
//! stream, the query state, topic names that collide.

use super::*;

/// The statement the deploy sent for `stream`.
fn sent(fake: &FakeKsqlDb, stream: &str) -> String {
    fake.writes()
        .into_iter()
        .find(|w| w.starts_with(&format!("CREATE STREAM {stream}")))
        .unwrap()
}

/// Drops `stream` and creates it again from `statement`, by hand.
fn recreate_by_hand(fake: &FakeKsqlDb, stream: &str, statement: &str) {
    fake.sql(&format!("DROP STREAM {stream};"));
    fake.sql(statement);
}

fn plan_text(dir: &Path, fake: &FakeKsqlDb) -> (Option<i32>, String) {
    let out = run("plan", dir, fake).output().unwrap();
    (out.status.code(), stdout(&out))
}

#[test]
fn a_stream_recreated_with_fewer_columns_is_drift() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "live-race");
    let narrow = sent(&fake, &s).replace("SELECT *", "SELECT WAGERID, PLAYERID, WAGERAMOUNT");
    recreate_by_hand(&fake, &s, &narrow);
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("~ recreate      op-a/live-race: the deployed stream differs from the file: it selects `WAGERID, PLAYERID, WAGERAMOUNT`, the file selects `*`"),
        "{text}"
    );
    deploy_ok(dir.path(), &fake);
    run("plan", dir.path(), &fake).assert().code(0);
}

#[test]
fn a_stream_recreated_with_another_value_format_is_drift() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "live-race");
    let delimited = sent(&fake, &s).replace("VALUE_FORMAT='JSON'", "VALUE_FORMAT='DELIMITED'");
    recreate_by_hand(&fake, &s, &delimited);
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("VALUE_FORMAT is 'DELIMITED', the file says 'JSON'"),
        "{text}"
    );
    assert!(
        text.contains("the stream's value format is `DELIMITED`"),
        "{text}"
    );
    // While the tournament runs, the recreate is refused without --force.
    let out = run_at("plan", dir.path(), &fake, DURING).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("! refused       op-a/live-race: the deployed stream differs from the file:"),
        "{text}"
    );
    assert!(text.contains("use --force to change it"), "{text}");
}

#[test]
fn a_paused_query_is_not_running() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let s = stream("op-a", "live-race");
    let id = fake.with(|st| {
        st.queries
            .iter()
            .find(|(_, q)| q.sink == s)
            .map(|(id, _)| id.clone())
            .unwrap()
    });
    fake.sql(&format!("PAUSE {id};"));
    // SHOW QUERIES still says RUNNING; the extended description says PAUSED.
    let plain = fake.with(|st| st.ksql("SHOW QUERIES;", None).body);
    assert!(plain.to_string().contains("\"state\":\"RUNNING\""));
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains(&format!(
            "~ recreate      op-a/live-race: query {id} is PAUSED, not RUNNING"
        )),
        "{text}"
    );
}

#[test]
fn a_source_stream_over_another_topic_is_refused_and_nothing_is_built_on_it() {
    let fake = FakeKsqlDb::start();
    let source = tourney::emit::source_stream().unwrap();
    fake.with(|s| s.topics.insert("other.events".into(), 1));
    fake.sql(&source.replace("'wager.events'", "'other.events'"));
    let dir = two();
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("! refused       WAGER_EVENTS: the deployed source stream differs from the compiled one: its topic is `other.events`, the compiler's is `wager.events`"),
        "{text}"
    );
    assert!(
        text.contains("! refused       op-a/live-race: not deployed, but the source stream WAGER_EVENTS differs"),
        "{text}"
    );
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("3 changes were refused"),
        "{}",
        stderr(&out)
    );
    assert!(fake.writes().is_empty(), "{:?}", fake.writes());
}

#[test]
fn a_source_stream_without_the_timestamp_column_is_refused() {
    let fake = FakeKsqlDb::start();
    let source = tourney::emit::source_stream().unwrap();
    let at = source.find(",\n  TIMESTAMP='TIMESTAMP'").unwrap();
    let without = format!("{}\n);", &source[..at]);
    fake.sql(&without);
    let dir = two();
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("its timestamp column is not set, the compiler's is `TIMESTAMP`"),
        "{text}"
    );
    assert!(text.contains("its timestamp format is not set"), "{text}");
}

#[test]
fn a_topic_that_collides_with_one_on_the_cluster_is_refused() {
    let fake = FakeKsqlDb::start();
    deploy_ok(
        files(&[("ab.tourney", tournament("a_b", "c", "slots"))]).path(),
        &fake,
    );
    let dir = files(&[("a.tourney", tournament("a", "b_c", "slots"))]);
    let (code, text) = plan_text(dir.path(), &fake);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("! refused       a/b_c: its topic `tournament.eligible.a.b_c` collides with `tournament.eligible.a_b.c` on the cluster"),
        "{text}"
    );
    let before = fake.writes().len();
    run("deploy", dir.path(), &fake).assert().code(1);
    assert_eq!(fake.writes().len(), before);
}
