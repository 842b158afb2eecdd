//! Read API latency at tournament scale: 1,000,000 players on one board, served
//! in process over loopback, measured with one keep-alive HTTP client.
//!
//! `cargo bench --bench read_api` prints p50/p90/p99/p99.9 for the top-100 request,
//! the player-rank request and the pair of them (what a player's screen loads), first
//! with the board at rest, then while a writer thread processes events (paced and flat
//! out). Without `--bench` (as `cargo test --all-targets` runs it) it does a small
//! smoke run. `PLAYERS=N` and `REQUESTS=N` change the scale, `BATCH=N` the events the
//! writer processes per write lock (default 64).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::engine::{Engine, EngineOptions};
use tourney::gen::rng::SplitMix64;
use tourney::gen::sample::{self, player_id};
use tourney::ir::WagerEvent;
use tourney::serve::{serve, ApiState, LiveTournament, Metrics, Registry, Tokens};

const TOKEN: &str = "bench-token";

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// 1.00 to 1000.99 EUR, ten wagers a millisecond.
fn wager(n: u64, player: u64, rng: &mut SplitMix64) -> WagerEvent {
    let cents = 100 + (rng.next_u64() % 100_000) as i64;
    sample::wager(n, player, cents, sample::START_MS + (n / 10) as i64)
}

/// One wager per player, so the board holds `players` players.
fn fill(live: &LiveTournament, players: u64) {
    let mut rng = SplitMix64::new(7);
    let mut changes = Vec::new();
    let mut w = live.write();
    for p in 0..players {
        changes.clear();
        w.process(&wager(p, p, &mut rng), &mut changes);
    }
}

/// Processes events in batches of `batch` under the write lock until `stop`, at most
/// `rate` events per second.
fn writer(
    live: Arc<LiveTournament>,
    players: u64,
    batch: u64,
    rate: Option<f64>,
    stop: Arc<AtomicBool>,
) -> u64 {
    let mut rng = SplitMix64::new(11);
    let mut changes = Vec::new();
    let started = Instant::now();
    let mut n = players;
    while !stop.load(Ordering::Relaxed) {
        let events: Vec<WagerEvent> = (0..batch)
            .map(|i| {
                let player = rng.next_u64() % players;
                wager(n + i, player, &mut rng)
            })
            .collect();
        changes.clear();
        {
            let mut w = live.write();
            for ev in &events {
                w.process(ev, &mut changes);
            }
        }
        live.publish(&changes);
        n += batch;
        if let Some(rate) = rate {
            let due = Duration::from_secs_f64((n - players) as f64 / rate);
            if let Some(ahead) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(ahead);
            }
        }
    }
    n - players
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn get(&self, path: &str) -> BenchResult<()> {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(TOKEN)
            .send()
            .await?;
        if !res.status().is_success() {
            return Err(format!("{path}: {}", res.status()).into());
        }
        res.bytes().await?;
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Request {
    Top100,
    Rank,
    Both,
}

async fn measure(c: &Client, what: Request, n: usize, players: u64) -> BenchResult<Vec<Duration>> {
    let mut rng = SplitMix64::new(3);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let rank = format!(
            "/v1/tournaments/bench/players/{}",
            player_id(rng.next_u64() % players)
        );
        let started = Instant::now();
        match what {
            Request::Top100 => c.get("/v1/tournaments/bench/leaderboard?top=100").await?,
            Request::Rank => c.get(&rank).await?,
            Request::Both => {
                c.get("/v1/tournaments/bench/leaderboard?top=100").await?;
                c.get(&rank).await?;
            }
        }
        out.push(started.elapsed());
    }
    Ok(out)
}

fn report(label: &str, mut d: Vec<Duration>) {
    d.sort();
    let q = |p: f64| {
        let i = ((d.len() as f64 * p).ceil() as usize).clamp(1, d.len().max(1)) - 1;
        d.get(i).map_or(0.0, |x| x.as_secs_f64() * 1e6)
    };
    println!(
        "{label:<44} n={:<6} p50 {:>7.0} us  p90 {:>7.0} us  p99 {:>7.0} us  p99.9 {:>7.0} us",
        d.len(),
        q(0.50),
        q(0.90),
        q(0.99),
        q(0.999)
    );
}

async fn scenario(c: &Client, label: &str, requests: usize, players: u64) -> BenchResult<()> {
    for (name, what) in [
        ("top 100", Request::Top100),
        ("player rank", Request::Rank),
        ("top 100 + player rank", Request::Both),
    ] {
        measure(c, what, requests / 10, players).await?;
        report(
            &format!("{label}: {name}"),
            measure(c, what, requests, players).await?,
        );
    }
    Ok(())
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> BenchResult<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let players = env_or("PLAYERS", if full { 1_000_000 } else { 2_000 });
    let requests = env_or("REQUESTS", if full { 20_000 } else { 50 }) as usize;
    let batch = env_or("BATCH", 64).max(1);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{} cores, load average {}, writer batches of {batch} events",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let t = sample::race()?;
    let live = LiveTournament::new(t.clone(), Engine::new(&t, EngineOptions::default()));
    let started = Instant::now();
    fill(&live, players);
    println!(
        "{} players on the board in {:.1?}",
        live.read().standings().len(),
        started.elapsed()
    );

    let registry = Registry::new();
    registry.insert(live.clone());
    let tokens = Tokens::parse_pairs(&format!("operator-1={TOKEN}"))?;
    let state = ApiState::new(registry, tokens, Arc::new(Metrics::new()));
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let listener = server_rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let base = format!("http://{}", listener.local_addr()?);
    server_rt.spawn(serve(listener, state.clone()));

    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = Client {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()?,
        base,
    };
    client_rt.block_on(scenario(&client, "at rest", requests, players))?;
    for (label, rate) in [
        ("writer at 100,000 events/s", Some(100_000.0)),
        ("writer flat out", None),
    ] {
        let stop = Arc::new(AtomicBool::new(false));
        let (l, s) = (live.clone(), stop.clone());
        let started = Instant::now();
        let handle = std::thread::spawn(move || writer(l, players, batch, rate, s));
        client_rt.block_on(scenario(&client, label, requests, players))?;
        stop.store(true, Ordering::Relaxed);
        let events = handle.join().map_err(|_| "the writer panicked")?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "  ({label}: {events} events in {secs:.1} s = {:.0} events/s)",
            events as f64 / secs
        );
    }
    state.close();
    Ok(())
}
