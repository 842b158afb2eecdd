//! The fake server behaves as ksqlDB's source says a server does.

use super::*;
use serde_json::Value;

/// One HTTP request to the fake: status and body.
fn http(method: &str, url: &str, body: &str) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = reqwest::Client::new();
        let req = if method == "GET" {
            c.get(url)
        } else {
            c.post(url).body(body.to_owned())
        };
        let r = req.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    })
}

fn source() -> String {
    tourney::emit::source_stream().unwrap()
}

#[test]
fn a_request_with_an_error_changes_nothing() {
    let fake = FakeKsqlDb::start();
    let a = fake.with(|s| {
        s.ksql(
            &format!(
                "{} CREATE STREAM X AS SELECT NOPE FROM WAGER_EVENTS EMIT CHANGES;",
                source()
            ),
            None,
        )
    });
    assert_eq!(a.status, 400);
    assert_eq!(a.body["entities"], Value::Array(vec![]));
    assert!(a.body["message"]
        .as_str()
        .unwrap()
        .contains("'NOPE' cannot be resolved"));
    assert!(
        fake.stream_names().is_empty(),
        "the valid first statement did not run"
    );
    // A statement without its `;` is refused.
    let a = fake.with(|s| s.ksql("SHOW STREAMS", None));
    assert_eq!(a.status, 400);
    // Unknown types and WITH properties are refused.
    for bad in [
        "CREATE STREAM Y (A STRANGE) WITH (KAFKA_TOPIC='wager.events', VALUE_FORMAT='JSON');",
        "CREATE STREAM Y (A STRING) WITH (KAFKA_TOPIC='wager.events', VALUE_FORMAT='JSON', COLOUR='red');",
        "CREATE STREAM Y (A STRING) WITH (KAFKA_TOPIC='missing.topic', VALUE_FORMAT='JSON');",
    ] {
        assert_eq!(fake.with(|s| s.ksql(bad, None)).status, 400, "{bad}");
    }
}

#[test]
fn statements_are_stored_as_ksqldb_prints_them() {
    let fake = FakeKsqlDb::start();
    fake.sql(&source());
    fake.sql("CREATE STREAM S WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON') AS SELECT * FROM WAGER_EVENTS WHERE NOT GAMEID IN ('a', 'b') AND CURRENCY IS NULL OR ROWTIME >= 5 EMIT CHANGES;");
    fake.sql("CREATE OR REPLACE STREAM S WITH (KAFKA_TOPIC='s', VALUE_FORMAT='JSON') AS SELECT * FROM WAGER_EVENTS WHERE GAMEID = 'it''s' EMIT CHANGES;");
    let q = fake.with(|s| s.queries.values().next().unwrap().statement.clone());
    if fake.with(|s| s.verbatim) {
        return;
    }
    assert_eq!(
        q,
        "CREATE OR REPLACE STREAM S WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC='s', PARTITIONS=6, REPLICAS=1, RETENTION_MS=604800000, VALUE_FORMAT='JSON') AS SELECT *\nFROM WAGER_EVENTS WAGER_EVENTS\nWHERE (WAGER_EVENTS.GAMEID = 'it''s')\nEMIT CHANGES;"
    );
    let src = fake.with(|s| s.streams["WAGER_EVENTS"].statement.clone());
    assert!(src.contains("WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC='wager.events', KEY_FORMAT='KAFKA', TIMESTAMP="), "{src}");
    let a = fake.with(|s| s.ksql("CREATE STREAM T WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON') AS SELECT * FROM WAGER_EVENTS WHERE NOT GAMEID IN ('a', 'b') AND CURRENCY IS NULL OR ROWTIME >= 5 EMIT CHANGES;", None));
    assert_eq!(a.status, 200);
    assert!(
        a.body[0]["statementText"].as_str().unwrap().contains("WHERE (((NOT (WAGER_EVENTS.GAMEID IN ('a', 'b'))) AND (WAGER_EVENTS.CURRENCY IS NULL)) OR (WAGER_EVENTS.ROWTIME >= 5))"),
        "{}",
        a.body
    );
}

#[test]
fn drop_terminates_the_query_and_refuses_while_an_insert_query_writes() {
    let fake = FakeKsqlDb::start();
    fake.sql(&source());
    fake.sql("CREATE STREAM S AS SELECT * FROM WAGER_EVENTS EMIT CHANGES;");
    let body =
        fake.sql("INSERT INTO S SELECT * FROM WAGER_EVENTS WHERE GAMEID = 'x' EMIT CHANGES;");
    let id = body[0]["commandStatus"]["queryId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(id.starts_with("INSERTQUERY_"), "{id}");
    let a = fake.with(|s| s.ksql("DROP STREAM S DELETE TOPIC;", None));
    assert_eq!(a.status, 400);
    assert!(a.body["message"]
        .as_str()
        .unwrap()
        .contains(&format!("write into this source: [{id}]")));
    fake.sql(&format!("TERMINATE {id};"));
    let body = fake.sql("DROP STREAM S DELETE TOPIC;");
    assert_eq!(body[0]["statementText"], "DROP STREAM S;");
    assert!(fake.with(|s| s.queries.is_empty() && !s.topics.contains_key("S")));
}

#[test]
fn credentials_are_asked_on_every_route_and_starting_answers_50302() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.auth = Some("Basic eDp5".into()));
    for path in ["/info", "/healthcheck", "/status/stream/X/create"] {
        let (status, _) = http("GET", &format!("{}{path}", fake.url), "");
        assert_eq!(status, 401, "{path}");
    }
    fake.with(|s| {
        s.auth = None;
        s.starting = 1;
    });
    let (status, body) = http("GET", &format!("{}/info", fake.url), "");
    assert_eq!(status, 503);
    assert!(body.contains("50302"));
    // The deployer retries a not-ready answer.
    fake.with(|s| s.starting = 2);
    run("plan", two().path(), &fake).assert().code(3);
}

#[test]
fn per_operator_credentials_cannot_write_another_operators_stream() {
    let fake = FakeKsqlDb::start();
    // key-a:secret-a may write TOURNEY_OP_A_ streams only.
    fake.with(|s| {
        s.credentials
            .insert("Basic a2V5LWE6c2VjcmV0LWE=".into(), "TOURNEY_OP_B_".into())
    });
    let out = run("deploy", two().path(), &fake)
        .args(["--ksqldb-key", "key-a", "--ksqldb-secret", "secret-a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("40301"), "{}", stderr(&out));
}

#[test]
fn a_request_ahead_of_the_command_log_waits_then_answers_50301() {
    let fake = FakeKsqlDb::start();
    let (status, body) = http(
        "POST",
        &format!("{}/ksql", fake.url),
        r#"{"ksql": "SHOW STREAMS;", "commandSequenceNumber": 7}"#,
    );
    assert_eq!(status, 503);
    assert!(body.contains("50301"));
}

#[test]
fn a_queued_command_is_invisible_until_it_runs() {
    let fake = FakeKsqlDb::start();
    fake.sql(&source());
    fake.with(|s| s.faults.insert(1, Fault::Pending));
    let a = fake.with(|s| {
        s.ksql(
            "CREATE STREAM S AS SELECT * FROM WAGER_EVENTS EMIT CHANGES;",
            None,
        )
    });
    assert_eq!(a.body[0]["commandStatus"]["status"], "QUEUED");
    assert!(!fake.stream_names().contains(&"S".to_owned()));
    fake.with(|s| {
        s.status("stream/S/create");
        s.status("stream/S/create")
    });
    assert!(fake.stream_names().contains(&"S".to_owned()));
}
