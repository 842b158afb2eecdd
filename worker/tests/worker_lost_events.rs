#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The origin system's worst failure, played on two brokers: the gaming system writes
//! its wagers, numbered per source, to the on-premises cluster; a bridge replicates
//! them to the cloud cluster, where the worker reads them. The bridge is stopped and
//! started again past 300 records. The worker reports the gaps within the grace
//! period (metrics, status), `tourney reconcile --apply` re-sends what is missing from
//! the gaming system's export, the gaps close, and the final result is the dry-run's
//! over everything the worker read, every player scored as over the full export, and
//! `tourney verify` accepts it.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::services::{free_port, fresh_database, Broker};
use support::traffic::{self, create_topic, produce, read_all, Rng};
use support::{bridge, compile, dry_run, stored_result, worker_log};
use tourney::emit::names::SOURCE_TOPIC;

const WAGERS: usize = 2400;
const LOST: std::ops::Range<usize> = 1000..1300;
const TOKEN: &str = "tok-audit";

fn source() -> String {
    let now = chrono::Utc::now();
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        r#"tournament "audit" {{
  title "Lost events"
  operator "op-audit"
  runs {} .. {}

  eligible when {{
    game.category = "slots"
  }}

  score {{
    points = wager.amount
    currency EUR
  }}

  leaderboard {{
    size 50
    prizes {{
      1: "1000 EUR"
      2..3: "250 EUR"
    }}
  }}
}}
"#,
        fmt(now - chrono::Duration::hours(1)),
        fmt(now + chrono::Duration::minutes(30))
    )
}

/// The gaming system's wagers: two outboxes, each numbering its own from 1, ten
/// milliseconds of event time apart, the last one now.
fn gaming_system() -> Vec<String> {
    let mut rng = Rng::new(15);
    let now = chrono::Utc::now().timestamp_millis();
    (0..WAGERS)
        .map(|i| {
            let ms = now - (WAGERS - i) as i64 * 10;
            let line = traffic::wager("op-audit", i as u64, rng.below(40), ms, &mut rng);
            let (source, seq) = (i % 2 + 1, i / 2 + 1);
            let head = line.strip_suffix('}').unwrap();
            format!(r#"{head},"sourceId":"pos-{source}","sourceSeq":{seq}}}"#)
        })
        .collect()
}

fn worker_program() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tourney-worker"))
}

/// The `tourney` program, built beside the worker by the workspace's test run.
fn tourney_program() -> PathBuf {
    let p = worker_program().with_file_name("tourney");
    assert!(
        p.is_file(),
        "{} is not built (run the workspace's tests: `cargo test --workspace`)",
        p.display()
    );
    p
}

fn spawn_worker(file: &Path, brokers: &str, pg: &str, port: u16) -> Child {
    Command::new(worker_program())
        .arg(file)
        .args(["--brokers", brokers, "--postgres", pg, "--source", "raw"])
        .args([
            "--lateness-s",
            "600",
            "--snapshot-every-s",
            "1",
            "--gap-grace-s",
            "2",
        ])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("TOURNEY_TOKENS", format!("op-audit={TOKEN}"))
        .env("RUST_LOG", worker_log())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tourney-worker")
}

fn get(port: u16, path: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let resp = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}{path}"))
            .bearer_auth(TOKEN)
            .send()
            .await;
        match resp {
            Ok(r) => r.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    })
}

/// The value of a gauge of the tournament in the worker's metrics.
fn gauge(port: u16, name: &str) -> Option<f64> {
    let prefix = format!("{name}{{operator=\"op-audit\",tournament=\"audit\"}} ");
    get(port, "/metrics")
        .lines()
        .find_map(|l| l.strip_prefix(&prefix).and_then(|v| v.parse().ok()))
}

fn status(port: u16) -> serde_json::Value {
    serde_json::from_str(&get(port, "/v1/tournaments/audit")).unwrap_or_default()
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn ledger(pg: &str) -> String {
    let out = Command::new(worker_program())
        .args(["ledger", "op-audit/audit", "--postgres", pg])
        .output()
        .expect("tourney-worker ledger");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A till that cannot number its wagers writes three (at a table game, which the
/// tournament leaves out) to the cloud cluster for a minute already past, and a control
/// record saying it wrote four, then one with a window of half a minute: the worker
/// reports one mismatch and sets the second record aside.
fn control_records(cloud: &str, port: u16) {
    let minute = chrono::Utc::now().timestamp_millis() / 60_000 * 60_000 - 120_000;
    let at = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    let mut lines: Vec<String> = (0..3)
        .map(|i| {
            format!(
                r#"{{"wagerId":"till-{i}","playerId":"p-1","operatorId":"op-audit","gameId":"bj-1","gameCategory":"table","wagerAmount":2.50,"currency":"EUR","timestamp":"{}","sourceId":"till-9"}}"#,
                at(minute + i * 1_000)
            )
        })
        .collect();
    let control = |to: i64, wagers: u32| {
        format!(
            r#"{{"control":{{"sourceId":"till-9","from":"{}","to":"{}","wagers":{wagers},"stakes":"10.00"}}}}"#,
            at(minute),
            at(to)
        )
    };
    lines.push(control(minute + 60_000, 4));
    lines.push(control(minute + 30_000, 3));
    produce(&traffic::producer(cloud), SOURCE_TOPIC, &lines, 0);
    wait_for("the control mismatch", Duration::from_secs(60), || {
        gauge(port, "tourney_control_mismatches_open") == Some(1.0)
    });
    let st = status(port);
    let mismatch = &st["sources"]["mismatches"][0];
    assert_eq!(mismatch["control"]["wagers"], 4);
    assert_eq!(mismatch["arrived"]["wagers"], 3);
    assert_eq!(st["sources"]["counters"]["controlsInvalid"], 1);
    let dead = get(port, "/metrics");
    assert!(
        dead.contains("tourney_dead_letters_total{reason="),
        "{dead}"
    );
}

fn scores(board: &serde_json::Value) -> BTreeMap<String, (String, u64)> {
    board
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let id = s["player_id"].as_str().unwrap().to_owned();
            (id, (s["score"].to_string(), s["wagers"].as_u64().unwrap()))
        })
        .collect()
}

#[test]
fn a_range_lost_on_the_bridge_is_reported_reconciled_and_verified() {
    let (onprem, cloud) = (Broker::start(), Broker::start());
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.tourney");
    std::fs::write(&file, source()).unwrap();
    let t = compile(&source());
    create_topic(&onprem.bootstrap, SOURCE_TOPIC);
    create_topic(&cloud.bootstrap, SOURCE_TOPIC);
    let lines = gaming_system();
    let export = dir.path().join("export.ndjson");
    std::fs::write(&export, lines.join("\n") + "\n").unwrap();
    produce(
        &traffic::producer(&onprem.bootstrap),
        SOURCE_TOPIC,
        &lines,
        0,
    );

    let port = free_port();
    let mut worker = spawn_worker(&file, &cloud.bootstrap, &pg, port);
    // Ready once the tournament is restored and its input assigned; alive throughout.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !get(port, "/readyz").contains(r#""ready""#) {
        assert!(
            Instant::now() < deadline,
            "the worker never said it was ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(get(port, "/healthz").contains(r#""status":"ok""#));
    // The bridge copies the first thousand, is stopped, and starts again 300 later.
    bridge::copy(
        &onprem.bootstrap,
        &cloud.bootstrap,
        SOURCE_TOPIC,
        0,
        LOST.start,
    );
    let rest = WAGERS - LOST.end;
    bridge::copy(
        &onprem.bootstrap,
        &cloud.bootstrap,
        SOURCE_TOPIC,
        LOST.end as i64,
        rest,
    );

    // Each source lost 150 in a row: two gaps, 300 wagers missing.
    wait_for("the gaps in the metrics", Duration::from_secs(60), || {
        gauge(port, "tourney_source_gaps_open") == Some(2.0)
    });
    assert_eq!(gauge(port, "tourney_source_wagers_missing"), Some(300.0));
    assert!(gauge(port, "tourney_source_gap_oldest_age_seconds").unwrap() >= 2.0);
    let read = WAGERS - LOST.len();
    wait_for("every record read", Duration::from_secs(60), || {
        status(port)["events"].as_u64() == Some(read as u64)
    });
    let st = status(port);
    let gaps = st["sources"]["gaps"]
        .as_array()
        .expect("gaps in the status");
    let missing: Vec<(String, u64, u64)> = gaps
        .iter()
        .map(|g| {
            let n = |k: &str| g[k].as_u64().unwrap();
            (
                g["source"].as_str().unwrap().to_owned(),
                n("first"),
                n("last"),
            )
        })
        .collect();
    assert_eq!(
        missing,
        [("pos-1".into(), 501, 650), ("pos-2".into(), 501, 650)]
    );

    // What the worker read, once its snapshot (and the ledger with it) is stored.
    let counted = st["events"].as_u64().unwrap() as usize;
    wait_for("the ledger", Duration::from_secs(30), || {
        ledger(&pg).lines().count() == counted
    });
    let counted_file = dir.path().join("counted.ndjson");
    std::fs::write(&counted_file, ledger(&pg)).unwrap();
    let out = Command::new(tourney_program())
        .arg("reconcile")
        .arg(&file)
        .arg("--expected")
        .arg(&export)
        .arg("--counted")
        .arg(&counted_file)
        .args([
            "--apply",
            "--brokers",
            &cloud.bootstrap,
            "--topic",
            SOURCE_TOPIC,
        ])
        .args(["--postgres", &pg])
        .env("TOURNEY_WORKER", worker_program())
        .output()
        .expect("tourney reconcile");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{:?} {said}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lost = LOST.len();
    assert!(said.contains(&format!("{lost} missing (")), "{said}");
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(
        told.contains(&format!("sent {lost} missing wagers")),
        "{told}"
    );

    wait_for("the gaps to close", Duration::from_secs(60), || {
        gauge(port, "tourney_source_gaps_open") == Some(0.0)
    });
    let closed = status(port)["sources"]["counters"]["gapsClosedLate"].as_u64();
    assert_eq!(closed, Some(lost as u64));
    control_records(&cloud.bootstrap, port);
    let signalled = Command::new("kill")
        .args(["-USR1", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    let code = loop {
        if let Some(s) = worker.try_wait().unwrap() {
            break s.code();
        }
        assert!(Instant::now() < deadline, "the worker did not finish");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(code, Some(0));

    // The result is the dry-run's over what the worker read, and every player has the
    // score the full export gives.
    let stored = stored_result(&pg, "op-audit", "audit").expect("a final result");
    let read_back = read_all(&cloud.bootstrap, SOURCE_TOPIC);
    let replayed = serde_json::to_value(&dry_run(&t, &read_back, 600, false).board).unwrap();
    assert_eq!(stored, replayed);
    let full = serde_json::to_value(&dry_run(&t, &lines, 600, false).board).unwrap();
    assert_eq!(scores(&stored), scores(&full));
    assert_eq!(
        stored, full,
        "no two players tie, so the order does not matter"
    );

    // `tourney verify` accepts the worker's audit record against its ledger and the
    // gaming system's export, and refuses it against the export less one wager.
    let result = Command::new(worker_program())
        .args(["result", "op-audit/audit", "--postgres", &pg])
        .output()
        .unwrap();
    assert!(result.status.success());
    let record = dir.path().join("result.json");
    std::fs::write(&record, &result.stdout).unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(audit["openGaps"], 0);
    assert_eq!(audit["openMismatches"], 1);
    let ledger_file = dir.path().join("ledger.ndjson");
    std::fs::write(&ledger_file, ledger(&pg)).unwrap();
    let verify = |events: &Path| {
        Command::new(tourney_program())
            .arg("verify")
            .arg(&record)
            .arg("--events")
            .arg(events)
            .output()
            .unwrap()
    };
    for events in [&ledger_file, &export] {
        let v = verify(events);
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
    }
    let counted_line = lines
        .iter()
        .position(|l| l.contains(r#""gameCategory":"slots""#))
        .unwrap();
    let less: Vec<&String> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != counted_line)
        .map(|(_, l)| l)
        .collect();
    let less_file = dir.path().join("less.ndjson");
    let text: String = less.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&less_file, text).unwrap();
    let v = verify(&less_file);
    assert_eq!(
        v.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
}
