//! `tourney deploy`: order, idempotence, what every request carries, credentials.

use super::*;

#[test]
fn deploy_creates_the_source_first_then_each_tournament() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let writes = fake.writes();
    assert_eq!(writes.len(), 3, "{writes:#?}");
    assert!(writes[0].starts_with("CREATE STREAM IF NOT EXISTS WAGER_EVENTS"));
    assert!(writes[1].starts_with(&format!("CREATE STREAM {}", stream("op-a", "live-race"))));
    assert!(writes[2].starts_with(&format!("CREATE STREAM {}", stream("op-a", "spring-slots"))));
    assert_eq!(fake.running(), {
        let mut v = vec![stream("op-a", "live-race"), stream("op-a", "spring-slots")];
        v.sort();
        v
    });
    assert!(
        stdout(&out).contains("deployed: 3 changes applied"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn deploying_twice_sends_only_reads_the_second_time() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let writes = fake.writes().len();
    let requests = fake.with(|s| s.requests.len());
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("deployed: the cluster already matches the files"));
    assert_eq!(fake.writes().len(), writes, "no write the second time");
    let reads: Vec<String> = fake.with(|s| {
        s.requests[requests..]
            .iter()
            .map(|r| r.ksql.clone())
            .collect()
    });
    assert!(!reads.is_empty());
    assert!(reads.iter().all(|r| r.starts_with("SHOW ")), "{reads:?}");
}

#[test]
fn every_request_disables_variable_substitution_and_passes_the_last_sequence_number() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    let requests = fake.with(|s| s.requests.clone());
    for r in &requests {
        assert_eq!(
            r.streams_properties["ksql.variable.substitution.enable"],
            serde_json::Value::Bool(false),
            "{}",
            r.ksql
        );
    }
    // The first request has no number; after the source stream (command 1) every
    // request carries at least 1, and the last write carries 2.
    assert_eq!(requests[0].command_sequence_number, None);
    let last_write = requests
        .iter()
        .rposition(|r| r.ksql.starts_with("CREATE STREAM TOURNEY"))
        .unwrap();
    assert_eq!(requests[last_write].command_sequence_number, Some(2));
}

#[test]
fn credentials_come_from_flags_or_environment() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.auth = Some("Basic a2V5LWE6c2VjcmV0LWE=".into()));
    let dir = two();
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("HTTP 401 (40100): Unauthorized"),
        "{}",
        stderr(&out)
    );
    run("plan", dir.path(), &fake)
        .args(["--ksqldb-key", "key-a", "--ksqldb-secret", "secret-a"])
        .assert()
        .code(3);
    run("deploy", dir.path(), &fake)
        .env("TOURNEY_KSQLDB_KEY", "key-a")
        .env("TOURNEY_KSQLDB_SECRET", "secret-a")
        .assert()
        .code(0);
    let out = run("plan", dir.path(), &fake)
        .args(["--ksqldb-key", "key-a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give both the ksqlDB key and secret"));
}

#[test]
fn an_unreachable_server_is_an_error_not_a_success() {
    let dir = two();
    let out = tourney()
        .args([
            "deploy",
            dir.path().to_str().unwrap(),
            "--ksqldb",
            "http://127.0.0.1:9",
            "--retries",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot reach ksqlDB at http://127.0.0.1:9"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_with_errors_send_nothing() {
    let fake = FakeKsqlDb::start();
    let dir = files(&[(
        "bad.tourney",
        tournament("op-a", "spring-slots", "slots").replace("runs", "rnus"),
    )]);
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.tourney"), "{}", stderr(&out));
    assert!(fake.with(|s| s.requests.is_empty()));
}

#[test]
fn a_ca_file_must_hold_a_certificate() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    let ca = path(&dir, "ca.pem");
    std::fs::write(&ca, "not a certificate\n").unwrap();
    let out = run("plan", dir.path(), &fake)
        .arg("--ksqldb-ca")
        .arg(&ca)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the CA file holds no PEM certificate"),
        "{}",
        stderr(&out)
    );
    let out = run("plan", dir.path(), &fake)
        .args(["--ksqldb-ca", "/nonexistent/ca.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `/nonexistent/ca.pem`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deploy_names_the_server_it_talks_to() {
    let fake = FakeKsqlDb::start();
    let out = run("deploy", two().path(), &fake).output().unwrap();
    assert!(
        stderr(&out).contains(&format!(
            "ksqlDB 0.29.0-fake at {} (Kafka cluster fake-cluster",
            fake.url
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn https_with_an_extra_ca_file() {
    let certs = support::fake_ksqldb::tls::Certs::make();
    let fake = FakeKsqlDb::start_tls(&certs);
    assert!(fake.url.starts_with("https://127.0.0.1:"));
    let dir = two();
    // Without the CA the server's certificate is not trusted, and nothing is sent.
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("invalid peer certificate: UnknownIssuer"),
        "{}",
        stderr(&out)
    );
    assert!(fake.with(|s| s.requests.is_empty()));
    // With it, plan and deploy work over TLS.
    run("plan", dir.path(), &fake)
        .arg("--ksqldb-ca")
        .arg(certs.ca())
        .assert()
        .code(3);
    run("deploy", dir.path(), &fake)
        .arg("--ksqldb-ca")
        .arg(certs.ca())
        .assert()
        .code(0);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn an_unhealthy_server_gets_no_statement() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.kafka_down = true);
    let out = run("deploy", two().path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("reports itself unhealthy (unhealthy: kafka; state READY); nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert!(fake.with(|s| s.requests.is_empty()));
}
