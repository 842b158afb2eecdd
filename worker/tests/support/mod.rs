//! Shared pieces of the worker's integration tests.
#![allow(dead_code, reason = "each test binary uses a different part")]

pub mod bridge;
pub mod services;
pub mod traffic;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tourney::check::{check_project, Project};
use tourney::dry_run::{replay, DryRunOptions, Report};
use tourney::engine::EngineOptions;
use tourney::ir::Tournament;

/// A tournament of operator `op` with id `id`, running from an hour ago until
/// `ends_in` from now.
pub fn tournament_source(op: &str, id: &str, ends_in: Duration) -> String {
    let now = chrono::Utc::now();
    let start = now - chrono::Duration::hours(1);
    let end = now + chrono::Duration::from_std(ends_in).expect("duration");
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        r#"tournament "{id}" {{
  title "Worker test"
  operator "{op}"
  runs {} .. {}

  eligible when {{
    game.category = "slots"
    wager.amount >= 1.00 EUR
  }}

  score {{
    points = wager.amount
    x2 when game.id in ("slot-1", "slot-2")
    cap 400 per 1h
  }}

  leaderboard {{
    ties first_to_reach
    size 50
    prizes {{
      1: "1000 EUR"
      2..3: "250 EUR"
    }}
  }}
}}
"#,
        fmt(start),
        fmt(end)
    )
}

/// Checks `source`, failing the test on any diagnostic.
pub fn compile(source: &str) -> Tournament {
    let mut p = Project::new();
    p.add_file("test.tourney", source);
    let checked = check_project(&p);
    assert!(
        !checked.has_errors(),
        "test tournament does not check: {:?}",
        checked.diagnostics
    );
    let t = checked
        .tournaments()
        .next()
        .expect("one tournament")
        .clone();
    t
}

/// Writes `source` into `dir` and returns its path.
pub fn write_file(dir: &Path, source: &str) -> PathBuf {
    let path = dir.join("t.tourney");
    std::fs::write(&path, source).expect("write tournament");
    path
}

/// The log filter of the workers a test starts: `WORKER_LOG`, warnings by default.
pub fn worker_log() -> String {
    std::env::var("WORKER_LOG").unwrap_or_else(|_| "warn".into())
}

/// A running `tourney-worker` process.
pub struct Worker {
    pub child: Child,
}

pub struct WorkerConfig<'a> {
    pub file: &'a Path,
    pub brokers: &'a str,
    pub redis: Option<&'a str>,
    pub postgres: &'a str,
    pub lateness_s: i64,
    pub snapshot_every_s: f64,
    pub batch: usize,
    /// Serve the read API on this port, with tokens `op=token` pairs.
    pub listen: Option<(u16, &'a str)>,
    /// Read `wager.events` and filter in the worker (`--source raw`).
    pub raw: bool,
}

impl Worker {
    pub fn spawn(c: &WorkerConfig<'_>) -> Worker {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourney-worker"));
        cmd.arg(c.file)
            .args(["--brokers", c.brokers, "--postgres", c.postgres])
            .args(["--lateness-s", &c.lateness_s.to_string()])
            .args(["--snapshot-every-s", &c.snapshot_every_s.to_string()])
            .args(["--batch", &c.batch.to_string()])
            .env("RUST_LOG", worker_log())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some(r) = c.redis {
            cmd.args(["--redis", r]);
        }
        if c.raw {
            cmd.args(["--source", "raw"]);
        }
        if let Some((port, tokens)) = c.listen {
            cmd.args(["--listen", &format!("127.0.0.1:{port}")])
                .env("TOURNEY_TOKENS", tokens);
        }
        Worker {
            child: cmd.spawn().expect("start tourney-worker"),
        }
    }

    /// What `tourney retire` does: SIGUSR1, finalize now.
    pub fn finalize_now(&self) {
        let signalled = Command::new("kill")
            .args(["-USR1", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(signalled.success());
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the worker to exit on its own; its exit code.
    pub fn wait(&mut self, limit: Duration) -> i32 {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll worker") {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() >= deadline {
                self.kill();
                panic!("the worker did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The final board stored by the worker, as JSON.
pub fn stored_result(pg: &str, op: &str, id: &str) -> Option<serde_json::Value> {
    let mut db = postgres::Client::connect(pg, postgres::NoTls).expect("connect");
    let row = db
        .query_opt(
            "SELECT board::text FROM tourney_results WHERE operator_id = $1 AND tournament_id = $2",
            &[&op, &id],
        )
        .ok()
        .flatten()?;
    let text: String = row.get(0);
    Some(serde_json::from_str(&text).expect("stored board is JSON"))
}

/// `tourney dry-run` over `lines` with the worker's allowed lateness.
pub fn dry_run(t: &Tournament, lines: &[String], lateness_s: i64, changes: bool) -> Report {
    let opts = DryRunOptions {
        engine: EngineOptions {
            allowed_lateness_ms: lateness_s * 1000,
            ..EngineOptions::default()
        },
        collect_changes: changes,
        ..DryRunOptions::default()
    };
    replay(t, lines.iter().map(|l| Ok::<_, ()>(l.clone())), &opts).expect("replay")
}

/// The Redis board as (player, exact score), best first.
pub fn redis_board(redis: &services::Redis, key: &str) -> Vec<(String, String)> {
    let members: Vec<String> = redis::cmd("ZRANGE")
        .arg(key)
        .arg(0)
        .arg(-1)
        .query(&mut redis.connection())
        .expect("read the board");
    members
        .iter()
        .map(|m| {
            let (p, s) = tourney_worker::member::decode(m).expect("member decodes");
            (p.to_string(), s.to_string())
        })
        .collect()
}

/// Waits until the worker has applied `records` records (read from its Redis board).
pub fn wait_until_applied(redis: &services::Redis, key: &str, records: i64, limit: Duration) {
    let deadline = Instant::now() + limit;
    while applied(redis, key) != records {
        assert!(Instant::now() < deadline, "the worker did not catch up");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Records the worker has applied, from the offsets in the board's metadata.
pub fn applied(redis: &services::Redis, key: &str) -> i64 {
    let offsets: Option<String> = redis::cmd("HGET")
        .arg(format!("{key}:meta"))
        .arg("offsets")
        .query(&mut redis.connection())
        .unwrap_or(None);
    offsets
        .and_then(|o| serde_json::from_str::<serde_json::Value>(&o).ok())
        .and_then(|v| v["next"]["0"].as_i64())
        .unwrap_or(0)
}

/// CPU seconds (user + system) a process has used, from /proc.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
