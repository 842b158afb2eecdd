//! `tourney retire`: terminates and drops exactly one tournament; idempotent.

use super::*;

fn retire(fake: &FakeKsqlDb, id: &str, operator: &str) -> Command {
    let mut c = tourney();
    c.args([
        "retire",
        id,
        "--operator",
        operator,
        "--ksqldb",
        &fake.url,
        "--request-timeout",
        "1",
    ]);
    c
}

#[test]
fn retire_removes_only_the_right_tournament_and_is_idempotent() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    deploy_ok(
        files(&[("b.tourney", tournament("op-b", "spring-slots", "slots"))]).path(),
        &fake,
    );
    let target = stream("op-a", "spring-slots");
    let before = fake.writes().len();
    let out = retire(&fake, "spring-slots", "op-a").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("terminated query CSAS_"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(&format!("dropped stream {target}")));
    let writes = fake.writes()[before..].to_vec();
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(writes[0].starts_with(&format!("TERMINATE CSAS_{target}_")));
    assert_eq!(writes[1], format!("DROP STREAM IF EXISTS {target};"));
    let mut left = vec![stream("op-a", "live-race"), stream("op-b", "spring-slots")];
    left.sort();
    assert_eq!(fake.running(), left);
    // Again: nothing to do, no write.
    let out = retire(&fake, "spring-slots", "op-a").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("is not deployed; nothing to do"));
    assert_eq!(fake.writes().len(), before + 2);
}

#[test]
fn retire_can_delete_the_topic() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    let out = retire(&fake, "live-race", "op-a")
        .arg("--delete-topic")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("and its topic"));
    assert_eq!(
        fake.writes().last().unwrap(),
        &format!(
            "DROP STREAM IF EXISTS {} DELETE TOPIC;",
            stream("op-a", "live-race")
        )
    );
}

#[test]
fn retire_under_another_operator_touches_nothing() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    let before = fake.writes().len();
    let out = retire(&fake, "spring-slots", "op-b").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("is not deployed"));
    assert_eq!(fake.writes().len(), before);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn retire_terminates_an_insert_query_writing_the_stream() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    let s = stream("op-a", "live-race");
    let body = fake.sql(&format!(
        "INSERT INTO {s} SELECT * FROM WAGER_EVENTS WHERE GAMEID = 'x' EMIT CHANGES;"
    ));
    let insert = body[0]["commandStatus"]["queryId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(insert.starts_with("INSERTQUERY_"));
    let out = retire(&fake, "live-race", "op-a").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("terminated query {insert}")));
    assert!(stdout(&out).contains(&format!("dropped stream {s}")));
    assert!(!fake.stream_names().contains(&s));
}

#[test]
fn a_retire_that_fails_half_way_says_what_it_did_and_a_rerun_finishes() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    let s = stream("op-a", "live-race");
    fake.sql(&format!(
        "INSERT INTO {s} SELECT * FROM WAGER_EVENTS WHERE GAMEID = 'x' EMIT CHANGES;"
    ));
    let n = fake.writes().len();
    // The second write of the retire (the main query's TERMINATE) fails.
    fake.with(|st| st.faults.insert(n + 2, Fault::ServerError));
    let out = retire(&fake, "live-race", "op-a").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("terminated query INSERTQUERY_"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("run retire again to finish it"),
        "{}",
        stderr(&out)
    );
    let out = retire(&fake, "live-race", "op-a").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("terminated query CSAS_"),
        "{}",
        stdout(&out)
    );
    assert!(!fake.stream_names().contains(&s));
}
