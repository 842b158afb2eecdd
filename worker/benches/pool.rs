//! One pool member at the origin system's load (TARGETS.md: 10,000 tournaments in one
//! deployment; here, 1,000 per member): against a real broker (tansu), Redis and
//! PostgreSQL, a release-built `tourney-worker --watch` is measured for
//!
//! 1. memory per scheduled tournament (before its pre-warm: configuration only) and
//!    per active one (engine, lease, live board), from the process's resident size;
//! 2. CPU at the steady rate (`TOURNEY_BENCH_PER_S` wagers/s per tournament, 7.5 by
//!    default, the middle of the origin's 5-10), and the wager-to-position-change p99
//!    from the worker's own histogram;
//! 3. a 10x burst for 30 s, then the time until the consumer lag is back to zero.
//!
//! The traffic is produced from this process, as fast as the broker takes it; what
//! the broker could take is printed next to what was asked.
//!
//! Run with `cargo bench -p tourney-worker --bench pool` after `scripts/services`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "bench code"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::cpu_seconds;
use support::services::{free_port, fresh_database, Broker, Redis};
use support::tournament_source;
use support::traffic::{self, Rng};
use tourney::emit::names::Names;

fn env_f64(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of a process, bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        * 1024
}

fn metrics(port: u16) -> String {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET /metrics HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"
    );
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    text
}

/// Cumulative latency buckets: (upper bound, count).
fn histogram(text: &str) -> Vec<(f64, u64)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("tourney_event_to_change_seconds_bucket{le=\""))
        .filter_map(|l| {
            let (le, rest) = l.split_once("\"}")?;
            let le = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().ok()?
            };
            Some((le, rest.trim().parse().ok()?))
        })
        .collect()
}

/// The bucket bound below which 99 % of the observations between two readings fall.
fn p99(before: &[(f64, u64)], after: &[(f64, u64)]) -> f64 {
    quantile(before, after, 0.99)
}

/// The bucket bound below which the fraction `q` of the observations fall.
fn quantile(before: &[(f64, u64)], after: &[(f64, u64)], q: f64) -> f64 {
    let delta: Vec<(f64, u64)> = after
        .iter()
        .zip(before)
        .map(|((le, a), (_, b))| (*le, a.saturating_sub(*b)))
        .collect();
    let total = delta.last().map_or(0, |d| d.1);
    let want = (total as f64 * q).ceil() as u64;
    delta
        .iter()
        .find(|(_, n)| *n >= want)
        .map_or(f64::NAN, |(le, _)| *le)
}

/// Events the member has scored (every outcome).
fn scored(text: &str) -> u64 {
    text.lines()
        .filter(|l| l.starts_with("tourney_events_total{"))
        .filter_map(|l| l.rsplit_once(' ')?.1.parse::<u64>().ok())
        .sum()
}

/// The pid of this process's child named `name` (the broker the bench started).
fn child_named(name: &str) -> Option<u32> {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        let (comm, rest) = stat.split_once(") ")?;
        let ppid = rest.split_whitespace().nth(1)?;
        (comm.ends_with(name) && ppid == me).then_some(pid)
    })
}

/// Records not yet read, summed over the member's partitions.
fn lag(text: &str) -> i64 {
    text.lines()
        .filter(|l| l.starts_with("tourney_consumer_lag{"))
        .filter_map(|l| l.rsplit_once(' ')?.1.parse::<i64>().ok())
        .sum()
}

fn write_tournaments(dir: &Path, n: usize, ends_in: Duration, starts_in: Option<Duration>) {
    write_tournaments_from(dir, 0..n, ends_in, starts_in);
}

fn write_tournaments_from(
    dir: &Path,
    range: std::ops::Range<usize>,
    ends_in: Duration,
    starts_in: Option<Duration>,
) {
    for i in range {
        let (op, id) = (format!("op-{}", i % 10), format!("t-{i:05}"));
        let mut source = tournament_source(&op, &id, ends_in);
        if let Some(later) = starts_in {
            // Starts in the future: before its pre-warm it is configuration only.
            let start = chrono::Utc::now() + chrono::Duration::from_std(later).unwrap();
            let end = start + chrono::Duration::days(1);
            let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let runs = source
                .lines()
                .find(|l| l.trim_start().starts_with("runs "))
                .unwrap()
                .to_string();
            source = source.replace(&runs, &format!("  runs {} .. {}", fmt(start), fmt(end)));
        }
        std::fs::write(dir.join(format!("{op}.{id}.tourney")), source).unwrap();
    }
}

/// Produces `per_s` wagers a second per topic for `seconds`; the rate achieved.
fn feed(
    p: &BaseProducer,
    topics: &[String],
    per_s: f64,
    seconds: f64,
    rng: &mut Rng,
    n: &mut u64,
) -> f64 {
    let started = Instant::now();
    let total = (topics.len() as f64 * per_s * seconds) as u64;
    let mut sent = 0u64;
    while sent < total {
        let due = (started.elapsed().as_secs_f64() * per_s * topics.len() as f64) as u64;
        while sent < due.min(total) {
            let topic = &topics[(sent % topics.len() as u64) as usize];
            let op = topic.split('.').nth(2).unwrap_or("op-0");
            let line = traffic::wager(
                op,
                *n,
                rng.below(2000),
                chrono::Utc::now().timestamp_millis(),
                rng,
            );
            *n += 1;
            let mut rec = BaseRecord::<(), _>::to(topic).payload(line.as_bytes());
            while let Err((_, back)) = p.send(rec) {
                p.poll(Duration::from_millis(5));
                rec = back;
            }
            sent += 1;
        }
        p.poll(Duration::from_millis(1));
        if started.elapsed().as_secs_f64() > seconds * 3.0 {
            break;
        }
    }
    p.flush(Duration::from_secs(60)).unwrap();
    sent as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick {
        20
    } else {
        env_f64("TOURNEY_BENCH_TOURNAMENTS", 1000.0) as usize
    };
    let per_s = env_f64("TOURNEY_BENCH_PER_S", 7.5);
    let (steady_s, burst_s) = if quick { (2.0, 2.0) } else { (60.0, 30.0) };
    let broker = Broker::start();
    let redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let exe = std::env::var("TOURNEY_BENCH_WORKER")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_tourney-worker").to_string());
    let mut child: Child = Command::new(exe)
        .arg("--watch")
        .arg(dir.path())
        .args([
            "--brokers",
            &broker.bootstrap,
            "--redis",
            &redis.url(),
            "--postgres",
            &pg,
        ])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = child.id();
    std::thread::sleep(Duration::from_secs(3));
    let empty = rss(pid);

    // 1. Scheduled tournaments: configuration only. Twice n of them, in two steps:
    // the second step's growth is the cost of one more, without what reading a
    // folder at all costs.
    let mut before = empty;
    for step in 0..2 {
        let later = tempfile::tempdir().unwrap();
        write_tournaments_from(
            later.path(),
            n * step..n * (step + 1),
            Duration::from_secs(0),
            Some(Duration::from_secs(30 * 86_400)),
        );
        for e in std::fs::read_dir(later.path()).unwrap() {
            let e = e.unwrap();
            std::fs::rename(e.path(), dir.path().join(e.file_name())).unwrap();
        }
        std::thread::sleep(Duration::from_secs(if quick { 3 } else { 8 }));
        let scheduled = rss(pid);
        println!(
            "scheduled: {} tournaments before their pre-warm, {n} more: {:.2} KB each ({} KB process, {} KB with none)",
            n * (step + 1),
            (scheduled.saturating_sub(before)) as f64 / n as f64 / 1024.0,
            scheduled / 1024,
            empty / 1024
        );
        before = scheduled;
    }
    for e in std::fs::read_dir(dir.path()).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }

    // 2. Active tournaments: their input topics exist, the member takes them all.
    let staging = tempfile::tempdir().unwrap();
    write_tournaments(staging.path(), n, Duration::from_secs(3600), None);
    let topics: Vec<String> = (0..n)
        .map(|i| {
            Names::new(&format!("op-{}", i % 10), &format!("t-{i:05}"))
                .unwrap()
                .eligible_topic
        })
        .collect();
    let refs: Vec<&str> = topics.iter().map(String::as_str).collect();
    tourney_worker::kafka::ensure_topics(&broker.bootstrap, &refs).unwrap();
    let before_active = rss(pid);
    let took = Instant::now();
    for e in std::fs::read_dir(staging.path()).unwrap() {
        let e = e.unwrap();
        std::fs::rename(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let mut db = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    loop {
        let held: i64 = db
            .query_one(
                "SELECT count(*) FROM tourney_leases WHERE holder IS NOT NULL",
                &[],
            )
            .map(|r| r.get(0))
            .unwrap_or(0);
        if held as usize == n {
            break;
        }
        assert!(
            took.elapsed() < Duration::from_secs(600),
            "the member did not take every tournament"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    println!(
        "active: the member took {n} tournaments in {:.1} s",
        took.elapsed().as_secs_f64()
    );
    let p = traffic::producer(&broker.bootstrap);
    let (mut rng, mut wager_n) = (Rng::new(7), 0u64);
    feed(&p, &topics, per_s, 5.0, &mut rng, &mut wager_n);
    let active = rss(pid);
    println!(
        "active: {:.1} KB per active tournament (engine, lease, live board; {} KB process)",
        (active.saturating_sub(before_active)) as f64 / n as f64 / 1024.0,
        active / 1024
    );

    // 3. Steady load.
    let broker_pid = child_named("tansu").unwrap_or(0);
    let m0 = metrics(port);
    let (h0, c0, e0, b0) = (
        histogram(&m0),
        cpu_seconds(pid),
        scored(&m0),
        cpu_seconds(broker_pid),
    );
    let t0 = Instant::now();
    let steady_rate = feed(&p, &topics, per_s, steady_s, &mut rng, &mut wager_n);
    let m1 = metrics(port);
    let (h1, c1, e1, b1) = (
        histogram(&m1),
        cpu_seconds(pid),
        scored(&m1),
        cpu_seconds(broker_pid),
    );
    let wall = t0.elapsed().as_secs_f64();
    println!(
        "steady: {:.0} wagers/s asked, {steady_rate:.0} produced, {:.0} scored; member CPU {:.2} cores ({:.0} wagers per CPU-second), broker CPU {:.2} cores; wager-to-change p50 <= {} s, p99 <= {} s; lag {}",
        per_s * n as f64,
        (e1 - e0) as f64 / wall,
        (c1 - c0) / wall,
        (e1 - e0) as f64 / (c1 - c0).max(1e-9),
        (b1 - b0) / wall,
        quantile(&h0, &h1, 0.5),
        p99(&h0, &h1),
        lag(&m1)
    );

    // 4. A 10x burst, then back to the steady rate until the lag is zero.
    let t1 = Instant::now();
    let burst_rate = feed(&p, &topics, per_s * 10.0, burst_s, &mut rng, &mut wager_n);
    let (h2, c2) = (histogram(&metrics(port)), cpu_seconds(pid));
    println!(
        "burst: {:.0} wagers/s asked for {burst_s} s, {burst_rate:.0} produced; member CPU {:.2} cores; p99 <= {} s; lag at its end {}",
        per_s * 10.0 * n as f64,
        (c2 - c1) / t1.elapsed().as_secs_f64(),
        p99(&h1, &h2),
        lag(&metrics(port))
    );
    let ended = Instant::now();
    loop {
        feed(&p, &topics, per_s, 1.0, &mut rng, &mut wager_n);
        if let Ok(Some(status)) = child.try_wait() {
            println!(
                "after the burst: the member stopped ({status}) {:.1} s after its end; its log says why",
                ended.elapsed().as_secs_f64()
            );
            break;
        }
        let behind = lag(&metrics(port));
        // Traffic keeps coming, a second of it at a time, and the lag is reported
        // once a second: caught up is less than a second of traffic behind.
        let caught_up = behind <= (per_s * n as f64) as i64;
        if caught_up || ended.elapsed() > Duration::from_secs(120) {
            println!(
                "after the burst: lag {behind} {:.1} s after its end ({})",
                ended.elapsed().as_secs_f64(),
                if caught_up {
                    "under a second of traffic"
                } else {
                    "not caught up; given up"
                }
            );
            break;
        }
    }
    // Stopped before the broker it reads from goes away.
    let _ = child.kill();
    let _ = child.wait();
}
