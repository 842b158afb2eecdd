//! Player WebSocket fan-out at scale: 10,000 clients of one tournament, each with a
//! player token, watching the top 10 and their own place, on one server process that
//! scores 2,000 wagers per second; the clients run in a second process (this binary,
//! started again), both over loopback.
//!
//! `cargo bench --bench player_ws` prints, for the feed window: the latency from a
//! wager's arrival at the server to the message showing it at its player's client
//! (p50, p99, max), the server's memory per connection, the CPU of each process, and
//! the messages sent against one message per counted wager per client. Without
//! `--bench` (as `cargo test --all-targets` runs it) it does a small smoke run.
//! `CLIENTS=N`, `PLAYERS=N`, `RATE=N` (wagers/s) and `SECONDS=N` change the scale.
//! The clients need one open file each: raise `ulimit -n` above `CLIENTS` if needed.

use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tourney::engine::{Engine, EngineOptions};
use tourney::gen::rng::SplitMix64;
use tourney::gen::sample::{self, player_id};
use tourney::ir::WagerEvent;
use tourney::serve::player::token::{mint, now_s, Claims};
use tourney::serve::player::{HubOptions, PlayerKeys};
use tourney::serve::{serve, ApiState, LiveTournament, Metrics, Registry, Tokens};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SECRET: &str = "bench-player-key-of-at-least-32-bytes";
const ROLE: &str = "PLAYER_WS_ROLE";

fn env(name: &str, full: u64, smoke: u64, bench: bool) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if bench { full } else { smoke })
}

fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// 1.00 to 50.99 EUR, ten wagers a millisecond.
fn wager(n: u64, player: u64, rng: &mut SplitMix64) -> WagerEvent {
    let cents = 100 + (rng.next_u64() % 5_000) as i64;
    sample::wager(n, player, cents, sample::START_MS + (n / 10) as i64)
}

/// utime + stime of a process, in seconds (from /proc).
fn cpu_s(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    // Fields 14 and 15 of the stat line (utime, stime, in clock ticks of 1/100 s):
    // 12 and 13 once `pid (comm)` is cut, counting the state as the first.
    let f: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    (field(11) + field(12)) as f64 / 100.0
}

/// Resident memory of this process, in bytes.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn open_files_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

fn main() -> BenchResult<()> {
    if std::env::var(ROLE).as_deref() == Ok("clients") {
        return clients();
    }
    let bench = std::env::args().any(|a| a == "--bench");
    let n_clients = env("CLIENTS", 10_000, 200, bench);
    let players = env("PLAYERS", 50_000, 2_000, bench).max(n_clients);
    let rate = env("RATE", 2_000, 500, bench);
    let seconds = env("SECONDS", 30, 3, bench);
    let limit = open_files_limit();
    if limit < n_clients + 200 {
        return Err(format!(
            "the open-files limit is {limit}; run `ulimit -n {}` first",
            n_clients + 1000
        )
        .into());
    }
    println!("player_ws: {n_clients} clients, {players} players, {rate} wagers/s for {seconds} s");
    let t = sample::race()?;
    let live = LiveTournament::new(t.clone(), Engine::new(&t, EngineOptions::default()));
    let mut rng = SplitMix64::new(7);
    let mut n = 0u64;
    {
        let mut changes = Vec::new();
        let mut w = live.write();
        for p in 0..players {
            changes.clear();
            w.process(&wager(n, p, &mut rng), &mut changes);
            n += 1;
        }
    }
    let registry = Registry::new();
    registry.insert(live.clone());
    let keys = PlayerKeys::parse(&format!("[operator-1]\nkeys = {{ k1 = \"{SECRET}\" }}\n"))?;
    let metrics = Arc::new(Metrics::new());
    let state =
        ApiState::new(registry, Tokens::new(), metrics.clone()).with_player(keys, hub_options());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    rt.spawn(serve(listener, state.clone()));
    let rss_before = rss();

    let mut child = std::process::Command::new(std::env::current_exe()?)
        .env(ROLE, "clients")
        .env("ADDR", addr.to_string())
        .env("CLIENTS", n_clients.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let child_pid = child.id().to_string();
    let mut child_out = std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    let connect_started = Instant::now();
    child_out.read_line(&mut line)?;
    if !line.starts_with("ready") {
        return Err(format!("the clients did not connect: {line}").into());
    }
    let connected = state.metrics.player.messages("operator-1", "bench");
    let rss_after = rss();
    println!(
        "{} clients connected in {:.1?}",
        line.trim().trim_start_matches("ready "),
        connect_started.elapsed()
    );
    std::thread::sleep(Duration::from_secs(1));

    // The feed: batches every 10 ms, the arrivals of connected players' wagers kept.
    let counts: Vec<AtomicU64> = (0..players).map(|_| AtomicU64::new(1)).collect();
    let mut arrivals: HashMap<u64, Vec<(u64, u64)>> = HashMap::new();
    let counted_before = live.counted();
    let sent_before = state.metrics.player.messages("operator-1", "bench");
    let (cpu0, child_cpu0) = (cpu_s("self"), cpu_s(&child_pid));
    let started = Instant::now();
    let per_batch = (rate / 100).max(1);
    let total = rate * seconds;
    let mut fed = 0u64;
    let mut changes = Vec::new();
    while fed < total {
        let events: Vec<(u64, WagerEvent)> = (0..per_batch)
            .map(|i| {
                let p = rng.next_u64() % players;
                (p, wager(n + i, p, &mut rng))
            })
            .collect();
        let arrived = now_us();
        changes.clear();
        {
            let mut w = live.write();
            for (_, ev) in &events {
                w.process(ev, &mut changes);
            }
        }
        live.publish(&changes);
        for (p, _) in &events {
            let k = counts[*p as usize].fetch_add(1, Ordering::Relaxed) + 1;
            if *p < n_clients {
                arrivals.entry(*p).or_default().push((k, arrived));
            }
        }
        n += per_batch;
        fed += per_batch;
        let due = Duration::from_secs_f64(fed as f64 / rate as f64);
        if let Some(ahead) = due.checked_sub(started.elapsed()) {
            std::thread::sleep(ahead);
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let (cpu1, child_cpu1) = (cpu_s("self"), cpu_s(&child_pid));
    std::thread::sleep(Duration::from_secs(1));
    let counted = live.counted() - counted_before;
    let sent = state.metrics.player.messages("operator-1", "bench") - sent_before;

    // The clients' records: `r player wagers recv_us`, then `m messages`.
    writeln!(child.stdin.as_mut().ok_or("no stdin")?, "stop")?;
    let mut seen: HashMap<u64, Vec<(u64, u64)>> = HashMap::new();
    let mut received = 0u64;
    for l in child_out.lines() {
        let l = l?;
        let f: Vec<u64> = l
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        match (l.chars().next(), f.as_slice()) {
            (Some('r'), [p, k, us]) => seen.entry(*p).or_default().push((*k, *us)),
            (Some('m'), [m]) => received = *m,
            _ => {}
        }
    }
    let _ = child.wait();
    let mut latencies = Vec::new();
    let mut lost = 0u64;
    for (p, list) in &arrivals {
        let got = seen.get(p).map(Vec::as_slice).unwrap_or_default();
        for (k, arrived) in list {
            match got.iter().filter(|(w, _)| w >= k).map(|(_, us)| *us).min() {
                Some(us) => latencies.push(us.saturating_sub(*arrived)),
                None => lost += 1,
            }
        }
    }
    latencies.sort_unstable();
    let naive = counted as f64 * n_clients as f64;
    println!(
        "arrival -> own client: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} wagers of connected players ({lost} not shown by the end)",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        latencies.len()
    );
    println!(
        "memory: {:.1} KB per connection on the server ({:.0} MB before, {:.0} MB with the clients; {} messages while connecting)",
        rss_after.saturating_sub(rss_before) as f64 / n_clients as f64 / 1024.0,
        rss_before as f64 / 1e6,
        rss_after as f64 / 1e6,
        connected
    );
    println!(
        "cpu: server {:.0} %, clients {:.0} % of one core over {wall:.1} s",
        (cpu1 - cpu0) / wall * 100.0,
        (child_cpu1 - child_cpu0) / wall * 100.0
    );
    println!(
        "fan-out: {counted} wagers counted, {sent} messages sent ({received} received), {:.5} messages per wager per client: {:.3} % fewer than one per counted wager per client",
        sent as f64 / naive,
        (1.0 - sent as f64 / naive) * 100.0
    );
    state.close();
    Ok(())
}

/// The hub's options; `REALTIME_MS` sets how long `update realtime` coalesces.
fn hub_options() -> HubOptions {
    let d = HubOptions::default();
    let ms = d.realtime_interval.as_millis() as u64;
    let ms = env("REALTIME_MS", ms, ms, true);
    HubOptions {
        realtime_interval: Duration::from_millis(ms),
        ..d
    }
}

/// `me.wagers` of a message, if it has the player's own place.
fn wagers_of(text: &str) -> Option<u64> {
    let at = text.find("\"wagers\":")? + "\"wagers\":".len();
    let digits: &str = &text[at..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// The client process: `CLIENTS` sockets, one player each.
fn clients() -> BenchResult<()> {
    let addr = std::env::var("ADDR")?;
    let n: u64 = std::env::var("CLIENTS")?.parse()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let records: Arc<Mutex<Vec<(u64, u64, u64)>>> = Arc::default();
    let messages = Arc::new(AtomicU64::new(0));
    let up = rt.block_on(async {
        let gate = Arc::new(tokio::sync::Semaphore::new(256));
        let ready = Arc::new(AtomicU64::new(0));
        for p in 0..n {
            let url = format!("ws://{addr}/v1/play/operator-1/bench/ws");
            let (gate, ready, records, messages) = (
                gate.clone(),
                ready.clone(),
                records.clone(),
                messages.clone(),
            );
            tokio::spawn(async move {
                let mut permit = Some(gate.acquire_owned().await);
                let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url).await else {
                    permit.take();
                    return;
                };
                let iat = now_s();
                let claims = Claims {
                    kid: "k1".into(),
                    operator: "operator-1".into(),
                    tournament: "bench".into(),
                    player: player_id(p),
                    iat,
                    exp: iat + 3600,
                };
                let token = mint(&claims, SECRET.as_bytes()).unwrap_or_default();
                let sub = serde_json::json!({"type": "subscribe", "top": 10, "token": token});
                if ws.send(sub.to_string().into()).await.is_err() {
                    return;
                }
                let mut first = true;
                while let Some(Ok(m)) = ws.next().await {
                    let at = now_us();
                    if first {
                        ready.fetch_add(1, Ordering::Relaxed);
                        permit.take();
                        first = false;
                    }
                    let Ok(text) = m.to_text() else { continue };
                    messages.fetch_add(1, Ordering::Relaxed);
                    // A player's browser would parse the message; the bench only reads
                    // the one number it matches on (`me.wagers`, the only `wagers` key
                    // of a message), so the clients' own work does not crowd the
                    // server's two cores.
                    if let Some(w) = wagers_of(text) {
                        if let Ok(mut r) = records.lock() {
                            r.push((p, w, at));
                        }
                    }
                }
            });
            if p % 256 == 255 {
                tokio::task::yield_now().await;
            }
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while ready.load(Ordering::Relaxed) < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        ready.load(Ordering::Relaxed)
    });
    println!("ready {up}");
    messages.store(0, Ordering::Relaxed);
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    if let Ok(r) = records.lock() {
        for (p, w, at) in r.iter() {
            writeln!(out, "r {p} {w} {at}")?;
        }
    }
    writeln!(out, "m {}", messages.load(Ordering::Relaxed))?;
    out.flush()?;
    std::process::exit(0);
}
