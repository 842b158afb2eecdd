//! The read API of a worker: the same routes as `tourney run`, over the tournaments
//! this worker scores, on a runtime of its own.

use crate::scorer::Shared;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tourney::cli::run::{load_player_keys, load_tokens};
use tourney::serve::api::elsewhere::Locate;
use tourney::serve::player::HubOptions;
use tourney::serve::{serve_with, ApiState, Limits};

/// Binds `addr` and serves within `limits` in a background thread; the bound address
/// is printed on stderr and returned.
pub fn start(
    addr: SocketAddr,
    (tokens, player_keys): (Option<&Path>, Option<&Path>),
    limits: Limits,
    shared: &Shared,
    elsewhere: Option<Arc<dyn Locate>>,
) -> Result<SocketAddr, String> {
    let tokens = load_tokens(tokens).map_err(|e| e.to_string())?;
    let player_keys = load_player_keys(player_keys).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the API runtime: {e}"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!("read API on http://{bound}");
    let mut state = ApiState::new(shared.registry.clone(), tokens, shared.metrics.clone())
        .with_player(player_keys, HubOptions::default())
        .with_readiness(Arc::clone(&shared.ready))
        .with_liveness(Arc::clone(&shared.alive));
    if let Some(l) = elsewhere {
        state = state.with_elsewhere(l);
    }
    std::thread::spawn(move || {
        if let Err(e) = runtime.block_on(serve_with(listener, state, limits)) {
            tracing::error!(error = %e, "the read API stopped");
        }
    });
    Ok(bound)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;
    use std::io::{Read, Write};
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};
    use tourney::serve::{Metrics, Registry};

    fn shared(stall_after: Duration) -> Shared {
        Shared {
            registry: Registry::new(),
            metrics: Arc::new(Metrics::new()),
            stop: Arc::new(AtomicBool::new(false)),
            finalize_now: Arc::new(AtomicBool::new(false)),
            ready: Arc::new(AtomicBool::new(true)),
            alive: tourney::serve::api::liveness::Liveness::new(stall_after),
        }
    }

    fn get(addr: std::net::SocketAddr, path: &str) -> String {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut seen = Vec::new();
        s.read_to_end(&mut seen).unwrap();
        String::from_utf8_lossy(&seen).into_owned()
    }

    /// A scoring loop that stops going round makes `/healthz` answer 503 (so the
    /// liveness probe restarts the process); once it beats again, 200.
    #[test]
    fn healthz_fails_while_a_scoring_loop_is_stalled() {
        let shared = shared(Duration::from_millis(100));
        let beat = shared.alive.register();
        let addr = start(
            "127.0.0.1:0".parse().unwrap(),
            (None, None),
            Limits::default(),
            &shared,
            None,
        )
        .unwrap();
        assert!(get(addr, "/healthz").starts_with("HTTP/1.1 200"));
        std::thread::sleep(Duration::from_millis(300));
        let stalled = get(addr, "/healthz");
        assert!(stalled.starts_with("HTTP/1.1 503"), "{stalled}");
        assert!(stalled.contains(r#""status":"stalled""#), "{stalled}");
        beat.beat();
        assert!(get(addr, "/healthz").starts_with("HTTP/1.1 200"));
        shared
            .ready
            .store(false, std::sync::atomic::Ordering::Relaxed);
        assert!(get(addr, "/readyz").starts_with("HTTP/1.1 503"));
    }

    /// The worker's API takes the same limits as `tourney run`: an idle connection is
    /// closed after the idle timeout.
    #[test]
    fn the_worker_api_closes_idle_connections() {
        let shared = shared(Duration::from_secs(60));
        let limits = Limits {
            idle_timeout: Duration::from_millis(200),
            ..Limits::default()
        };
        let addr = start(
            "127.0.0.1:0".parse().unwrap(),
            (None, None),
            limits,
            &shared,
            None,
        )
        .unwrap();
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: w\r\n\r\n")
            .unwrap();
        let started = Instant::now();
        let mut seen = Vec::new();
        // read_to_end returns once the server closes the connection.
        s.read_to_end(&mut seen).unwrap();
        let text = String::from_utf8_lossy(&seen);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
