//! Validate-as-you-type: the round trip of the portal's editor, `POST /v1/portal/check`
//! with a 2 KB source, over loopback with one keep-alive HTTP client, as the page sends
//! it after each pause in typing. Each request changes the source (one more character
//! in the title), so nothing answers from a cache.
//!
//! `cargo bench --bench portal_check` prints p50/p90/p99/max for a clean source and for
//! one with a diagnostic, then the page weight of the portal (what a browser downloads:
//! JS and CSS, raw and `gzip -9`). Without `--bench` (as `cargo test --all-targets` runs
//! it) it does a small smoke run. `REQUESTS=N` changes the count (default 5,000).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::portal::activate::Activator;
use tourney::portal::auth::{Sessions, Users};
use tourney::portal::store::WorkspaceStore;
use tourney::portal::PortalState;
use tourney::serve::{ApiState, Limits, Metrics, Registry, Tokens};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const TOKEN: &str = "bench-token";
const SOURCE: &str = include_str!("../examples/tournaments/daily-capped.tourney");
const OPERATOR: &str = "operator-455";

/// The source with `n` more characters in its title; with `broken`, a wager field the
/// checker does not know (one diagnostic).
fn edited(n: usize, broken: bool) -> String {
    let typed = "x".repeat(n % 64);
    let mut s = SOURCE.replacen("title \"", &format!("title \"{typed}"), 1);
    if broken {
        s = s.replacen("wager.amount", "wager.amuont", 1);
    }
    s
}

async fn check(client: &reqwest::Client, url: &str, source: String) -> BenchResult<usize> {
    let body = serde_json::json!({ "source": source });
    let res = client
        .post(url)
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await?;
    if !res.status().is_success() {
        return Err(format!("check: {}", res.status()).into());
    }
    let answer: serde_json::Value = res.json().await?;
    let diagnostics = answer["diagnostics"].as_array().map_or(0, Vec::len);
    Ok(diagnostics)
}

async fn measure(
    client: &reqwest::Client,
    url: &str,
    n: usize,
    broken: bool,
) -> BenchResult<Vec<Duration>> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let source = edited(i, broken);
        let started = Instant::now();
        let diagnostics = check(client, url, source).await?;
        out.push(started.elapsed());
        if (diagnostics > 0) != broken {
            return Err(format!("{diagnostics} diagnostics (broken: {broken})").into());
        }
    }
    Ok(out)
}

fn report(label: &str, mut d: Vec<Duration>) {
    d.sort();
    let q = |p: f64| {
        let i = ((d.len() as f64 * p).ceil() as usize).clamp(1, d.len().max(1)) - 1;
        d.get(i).map_or(0.0, |x| x.as_secs_f64() * 1e3)
    };
    println!(
        "{label:<28} n={:<6} p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        d.len(),
        q(0.50),
        q(0.90),
        q(0.99),
        q(1.0)
    );
}

/// Bytes of `path` compressed by `gzip -9`, or `None` without gzip.
fn gzip_len(path: &Path) -> Option<usize> {
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let data = std::fs::read(path).ok()?;
    child.stdin.take()?.write_all(&data).ok()?;
    Some(child.wait_with_output().ok()?.stdout.len())
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("js" | "css")) {
            out.push(p);
        }
    }
}

fn page_weight() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/portal/assets");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let (mut raw, mut gz) = (0usize, 0usize);
    println!("page weight (JS + CSS), raw / gzip -9:");
    for p in &all {
        let r = std::fs::metadata(p).map_or(0, |m| m.len() as usize);
        let g = gzip_len(p).unwrap_or(0);
        raw += r;
        gz += g;
        let name = p.strip_prefix(&root).unwrap_or(p).display();
        println!(
            "  {name:<28} {:>8.1} KB {:>8.1} KB",
            r as f64 / 1e3,
            g as f64 / 1e3
        );
    }
    println!(
        "  {:<28} {:>8.1} KB {:>8.1} KB ({} files)",
        "total",
        raw as f64 / 1e3,
        gz as f64 / 1e3,
        all.len()
    );
}

fn state(dir: &Path) -> BenchResult<PortalState> {
    let tokens = Tokens::parse_pairs(&format!("{OPERATOR}={TOKEN}"))?;
    let registry = Registry::new();
    let metrics = Arc::new(Metrics::new());
    let sessions = Arc::new(Sessions::default());
    let api =
        ApiState::new(registry.clone(), tokens, metrics.clone()).with_cookies(sessions.clone());
    Ok(PortalState {
        api,
        users: Arc::new(Users::default()),
        sessions,
        store: Arc::new(WorkspaceStore::open(dir)?),
        workspace: Some(dir.to_path_buf()),
        activator: Arc::new(Activator::new(registry, metrics, None)),
        secure_cookie: false,
    })
}

fn main() -> BenchResult<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let requests = std::env::var("REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 5_000 } else { 20 });
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{} cores, load average {}, source of {} bytes",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        SOURCE.len()
    );
    let dir = tempfile::tempdir()?;
    let state = state(dir.path())?;
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let listener = server_rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let url = format!("http://{}/v1/portal/check", listener.local_addr()?);
    server_rt.spawn(tourney::portal::serve(listener, state, Limits::default()));
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()?;
    client_rt.block_on(async {
        for (label, broken) in [("clean source", false), ("source with a diagnostic", true)] {
            measure(&client, &url, requests / 10, broken).await?;
            report(label, measure(&client, &url, requests, broken).await?);
        }
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    page_weight();
    Ok(())
}
