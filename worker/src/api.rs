//! The read API of a worker: the same routes as `tourney run`, over the tournaments
//! this worker scores, on a runtime of its own.

use crate::scorer::Shared;
use std::net::SocketAddr;
use std::path::Path;
use tourney::cli::run::load_tokens;
use tourney::serve::{serve_with, ApiState, Limits};

/// Binds `addr` and serves within `limits` in a background thread; the bound address
/// is printed on stderr and returned.
pub fn start(
    addr: SocketAddr,
    tokens: Option<&Path>,
    limits: Limits,
    shared: &Shared,
) -> Result<SocketAddr, String> {
    let tokens = load_tokens(tokens).map_err(|e| e.to_string())?;
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
    let state = ApiState::new(shared.registry.clone(), tokens, shared.metrics.clone());
    std::thread::spawn(move || {
        if let Err(e) = runtime.block_on(serve_with(listener, state, limits)) {
            tracing::error!(error = %e, "the read API stopped");
        }
    });
    Ok(bound)
}
