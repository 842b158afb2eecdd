//! The server's limits against slow, silent and too many clients, with raw loopback
//! TCP clients and short limits set through [`Limits`].

use super::harness::{two_operators, wager, Api, TOKEN_A};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::serve::{Limits, Metrics};

/// Long enough that it never ends a test by itself; every wait below is bounded by it.
const NEVER: Duration = Duration::from_secs(30);
const SHORT: Duration = Duration::from_millis(300);

async fn api(limits: Limits) -> (Api, tourney::serve::embedded::Pipeline) {
    let metrics = Arc::new(Metrics::new());
    let (registry, pipeline) = two_operators(&metrics);
    (Api::start_with(registry, metrics, limits).await, pipeline)
}

fn limits(header: Duration, idle: Duration, max: usize) -> Limits {
    Limits {
        header_timeout: header,
        idle_timeout: idle,
        max_connections: max,
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    s
}

/// Whether the server closed `s` (a read of 0 bytes or a reset), reading what comes.
fn closed(s: &mut TcpStream, seen: &mut Vec<u8>) -> bool {
    let mut buf = [0u8; 4096];
    match s.read(&mut buf) {
        Ok(0) => true,
        Ok(n) => {
            seen.extend_from_slice(&buf[..n]);
            false
        }
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(_) => true,
    }
}

/// Reads until `pattern` shows (bounded by [`NEVER`]); what was read.
fn read_until(s: &mut TcpStream, pattern: &str) -> String {
    let deadline = Instant::now() + NEVER;
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains(pattern) {
        assert!(Instant::now() < deadline, "no {pattern:?} in {seen:?}");
        assert!(!closed(s, &mut seen), "closed before {pattern:?}");
    }
    String::from_utf8_lossy(&seen).to_string()
}

/// Waits (bounded by [`NEVER`]) for the server to close `s`; the time it took.
fn wait_closed(s: &mut TcpStream) -> Duration {
    let started = Instant::now();
    let mut seen = Vec::new();
    while !closed(s, &mut seen) {
        assert!(started.elapsed() < NEVER, "still open after {NEVER:?}");
    }
    started.elapsed()
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_its_headers_byte_by_byte_is_closed_after_the_header_timeout() {
    let (api, _p) = api(limits(SHORT, NEVER, 64)).await;
    let addr = api.addr;
    let (kept_open, others_served) = tokio::task::spawn_blocking(move || {
        let mut slow: Vec<TcpStream> = (0..5).map(|_| connect(addr)).collect();
        let header = b"GET /healthz HTTP/1.1\r\nX-Slow: ";
        let started = Instant::now();
        let mut open = vec![true; slow.len()];
        let mut sent = 0;
        while open.iter().any(|o| *o) {
            assert!(started.elapsed() < NEVER, "slow clients still open");
            for (s, o) in slow.iter_mut().zip(open.iter_mut()).filter(|(_, o)| **o) {
                let byte = header.get(sent).copied().unwrap_or(b'a');
                let mut seen = Vec::new();
                *o = s.write_all(&[byte]).is_ok() && !closed(s, &mut seen);
            }
            sent += 1;
        }
        // Meanwhile a normal client is served.
        let mut ok = connect(addr);
        ok.write_all(HEALTHZ).unwrap();
        let answer = read_until(&mut ok, "\"status\"");
        (started.elapsed(), answer.starts_with("HTTP/1.1 200"))
    })
    .await
    .unwrap();
    assert!(
        kept_open >= SHORT,
        "closed after the header timeout: {kept_open:?}"
    );
    assert!(others_served);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let (api, _p) = api(limits(NEVER, SHORT, 64)).await;
    let addr = api.addr;
    let (answer, idle) = tokio::task::spawn_blocking(move || {
        let mut s = connect(addr);
        s.write_all(HEALTHZ).unwrap();
        let answer = read_until(&mut s, "\"status\"");
        (answer, wait_closed(&mut s))
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(idle >= SHORT / 2, "kept for the idle timeout: {idle:?}");
    // A connection that never sends anything goes the same way.
    let silent = tokio::task::spawn_blocking(move || wait_closed(&mut connect(addr)));
    assert!(silent.await.unwrap() >= SHORT / 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_stream_outlasts_the_idle_timeout() {
    let (api, mut pipeline) = api(limits(NEVER, SHORT, 64)).await;
    let addr = api.addr;
    let stream = tokio::task::spawn_blocking(move || {
        let mut s = connect(addr);
        let req = format!(
            "GET /v1/tournaments/race/changes HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {TOKEN_A}\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        read_until(&mut s, "text/event-stream");
        s
    })
    .await
    .unwrap();
    // Several idle timeouts pass with no change on the stream.
    tokio::time::sleep(SHORT * 4).await;
    pipeline.feed(&[wager(99, "operator-a", "late-riser", "999.00", 30)]);
    let seen = tokio::task::spawn_blocking(move || {
        let mut s = stream;
        read_until(&mut s, "late-riser")
    })
    .await
    .unwrap();
    assert!(seen.contains("late-riser"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let (api, _p) = api(limits(NEVER, NEVER, 2)).await;
    let addr = api.addr;
    tokio::task::spawn_blocking(move || {
        // Two connections within the cap are served and kept open.
        let mut within: Vec<TcpStream> = (0..2).map(|_| connect(addr)).collect();
        for s in &mut within {
            s.write_all(HEALTHZ).unwrap();
            assert!(read_until(s, "\"status\"").starts_with("HTTP/1.1 200"));
        }
        // The third is not answered while they stay open...
        let mut third = connect(addr);
        third.write_all(HEALTHZ).unwrap();
        let waited = Instant::now();
        let mut seen = Vec::new();
        while waited.elapsed() < SHORT {
            assert!(!closed(&mut third, &mut seen), "refused");
        }
        assert!(seen.is_empty(), "answered beyond the cap: {seen:?}");
        // ...and is once one of them closes.
        drop(within.pop());
        assert!(read_until(&mut third, "\"status\"").starts_with("HTTP/1.1 200"));
        for s in &mut within {
            s.write_all(HEALTHZ).unwrap();
            assert!(read_until(s, "\"status\"").starts_with("HTTP/1.1 200"));
        }
    })
    .await
    .unwrap();
}

/// `tourney run FILE --listen 127.0.0.1:0` plus `args`, serving until Ctrl-C.
fn spawn_run(args: &[&str]) -> (super::cli::Guard, String) {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tourney"))
        .args(["run", super::cli::FILE, "--listen", "127.0.0.1:0"])
        .args(args)
        .env("TOURNEY_TOKENS", "operator-123=demo-token")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut guard = super::cli::Guard(Some(child));
    let stderr = guard.0.as_mut().unwrap().stderr.take().unwrap();
    let base = super::cli::api_address(stderr);
    (guard, base)
}

fn interrupt(child: &std::process::Child) {
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
}

#[test]
fn tourney_run_takes_the_limits_as_flags() {
    let (mut guard, base) = spawn_run(&[
        "--generate",
        "100",
        "--header-timeout-s",
        "0.3",
        "--idle-timeout-s",
        "30",
    ]);
    let addr: SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let mut slow = connect(addr);
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").unwrap();
    wait_closed(&mut slow);
    let child = guard.0.take().unwrap();
    interrupt(&child);
    assert!(child.wait_with_output().unwrap().status.success());

    let out = assert_cmd::Command::cargo_bin("tourney")
        .unwrap()
        .args([
            "run",
            super::cli::FILE,
            "--generate",
            "10",
            "--idle-timeout-s",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a timeout is a number of seconds"));
}
