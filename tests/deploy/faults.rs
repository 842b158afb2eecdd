//! Faults: a failure at each step, lost answers, slow commands, failing reads.

use super::*;

#[test]
fn a_failure_at_each_step_is_reported_and_a_rerun_finishes_the_job() {
    for fault in [Fault::ServerError, Fault::SyntaxError] {
        for step in 1..=3 {
            let fake = FakeKsqlDb::start();
            fake.with(|s| s.faults.insert(step, fault.clone()));
            let dir = two();
            let out = run("deploy", dir.path(), &fake).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{fault:?} at {step}");
            let (o, e) = (stdout(&out), stderr(&out));
            assert!(o.contains("FAILED"), "{o}");
            assert!(
                !o.contains("deployed:"),
                "never success for half a deploy: {o}"
            );
            assert!(
                e.contains(&format!(
                    "deploy incomplete: {} done, 1 failed, {} not run",
                    step - 1,
                    3 - step
                )),
                "{fault:?} at {step}: {e}"
            );
            assert_eq!(fake.writes().len(), step, "stops at the failure");
            run("deploy", dir.path(), &fake).assert().code(0);
            run("plan", dir.path(), &fake).assert().code(0);
            assert_eq!(fake.running().len(), 2);
        }
    }
}

#[test]
fn a_rejected_statement_points_at_its_tournament() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.faults.insert(2, Fault::SyntaxError));
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    let e = stderr(&out);
    assert!(e.contains(&format!(
        "error: create of `{}` failed: ksqlDB rejected the statement (40001): line 1:1: Syntax Error",
        stream("op-a", "live-race")
    )), "{e}");
    assert!(e.contains("live.tourney:1:1"), "{e}");
    assert!(e.contains("1 | tournament \"live-race\" {"), "{e}");
    assert!(
        e.contains("= statement: CREATE STREAM TOURNEY_OP_A_LIVE_RACE_"),
        "{e}"
    );
}

#[test]
fn a_write_whose_answer_is_lost_is_confirmed_by_reading_the_cluster() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| {
        s.faults
            .insert(2, Fault::SlowAfterApply(std::time::Duration::from_secs(3)))
    });
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("ksqlDB did not answer within 1 s; the cluster shows the change"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        fake.writes().len(),
        3,
        "the timed-out CREATE is not sent again"
    );
}

#[test]
fn a_write_that_timed_out_and_did_not_happen_fails_and_is_not_resent() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| {
        s.faults
            .insert(2, Fault::SlowNoApply(std::time::Duration::from_secs(3)))
    });
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ksqlDB did not answer within 1 s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.writes().len(), 2, "not retried blindly");
    run("deploy", dir.path(), &fake).assert().code(0);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn a_queued_command_is_polled_until_it_succeeds() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.faults.insert(2, Fault::Pending));
    let dir = two();
    run("deploy", dir.path(), &fake).assert().code(0);
    let id = format!("stream/{}/create", stream("op-a", "live-race"));
    // Both the EXECUTING and the SUCCESS answers were read.
    assert_eq!(fake.with(|s| s.statuses[&id].len()), 1);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn failing_reads_are_retried_with_backoff() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.failing_reads = 2);
    let dir = two();
    run("plan", dir.path(), &fake).assert().code(3);
    fake.with(|s| s.failing_reads = 10);
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("HTTP 503 (50302): Server is not ready"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_query_that_does_not_run_fails_the_deploy() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.new_query_state = Some("ERROR".into()));
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is ERROR"), "{}", stderr(&out));
    // Once queries run again, a rerun recreates the failed one and finishes.
    fake.with(|s| s.new_query_state = None);
    run("deploy", dir.path(), &fake).assert().code(0);
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn already_exists_is_checked_against_the_cluster() {
    // The create ran (an earlier attempt, say) but the answer is "already exists":
    // the cluster shows the same statement, so the step is done.
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.faults.insert(2, Fault::AppliedButAlreadyExists));
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .contains("A stream with the same name already exists; the cluster shows the change"),
        "{}",
        stdout(&out)
    );
    assert_eq!(fake.running().len(), 2);
}

#[test]
fn already_exists_with_another_statement_fails() {
    // Someone created the stream with another filter between plan and deploy.
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.faults.insert(2, Fault::ExistsWithOtherFilter));
    let dir = two();
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("A stream with the same name already exists"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("deploy incomplete: 1 done, 1 failed, 1 not run"));
    // The rerun sees the other filter and plans a replace, not a create.
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert!(
        stdout(&out).contains("~ replace       op-a/live-race"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_5xx_after_the_write_took_effect_is_confirmed_by_reading_the_cluster() {
    for fault in [
        Fault::ErrorAfterApply,
        Fault::GatewayAfterApply(502),
        Fault::GatewayAfterApply(503),
        Fault::GatewayAfterApply(504),
    ] {
        let fake = FakeKsqlDb::start();
        fake.with(|s| s.faults.insert(2, fault.clone()));
        let dir = two();
        let out = run("deploy", dir.path(), &fake).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{fault:?}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("; the cluster shows the change"),
            "{fault:?}: {}",
            stdout(&out)
        );
        assert_eq!(fake.writes().len(), 3, "{fault:?}: not sent again");
    }
}

#[test]
fn a_5xx_whose_write_did_not_happen_is_a_failure_after_reading_the_cluster() {
    let fake = FakeKsqlDb::start();
    fake.with(|s| s.faults.insert(2, Fault::ServerError));
    let dir = two();
    let reads_before = |f: &FakeKsqlDb| f.with(|s| s.requests.len());
    let out = run("deploy", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let requests = fake.with(|s| s.requests.clone());
    let failed = requests
        .iter()
        .position(|r| r.ksql.starts_with("CREATE STREAM TOURNEY"))
        .unwrap();
    assert!(
        requests[failed + 1]
            .ksql
            .starts_with("SHOW STREAMS EXTENDED"),
        "the cluster is read before the failure is reported"
    );
    assert!(reads_before(&fake) > failed);
}

#[test]
fn every_request_reads_the_source_from_its_earliest_offset() {
    let fake = FakeKsqlDb::start();
    deploy_ok(two().path(), &fake);
    let props = fake.properties();
    assert!(!props.is_empty());
    for p in props {
        assert_eq!(p["ksql.streams.auto.offset.reset"], "earliest", "{p}");
    }
}

#[test]
fn default_time_outs_are_seconds_and_printed_in_help() {
    let out = tourney().args(["deploy", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(help.contains("--connect-timeout <S>"), "{help}");
    assert!(help.contains("[default: 3]"), "{help}");
    assert!(help.contains("[default: 10]"), "{help}");
}

#[test]
fn a_server_that_never_answers_is_asked_once_and_reported() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(s);
        }
    });
    let dir = two();
    let out = tourney()
        .args(["deploy", dir.path().to_str().unwrap(), "--ksqldb", &url])
        .args(["--request-timeout", "1", "--now", BEFORE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ksqlDB did not answer within 1 s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "a time-out is not waited for again"
    );
}
