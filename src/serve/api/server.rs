//! The HTTP server of the read API, shared by `tourney run` and the worker: HTTP/1.1
//! connections with a header-read timeout, an idle timeout and a cap on open
//! connections, so that slow or silent clients cannot hold the server.
//!
//! - Header timeout: a request's headers must arrive within it, counted from the moment
//!   the server starts waiting for them (hyper's `header_read_timeout`).
//! - Idle timeout: a connection with no request in flight is closed after it. A live
//!   stream is a request in flight until it ends, so it is never cut.
//! - Connection cap: at most this many connections are served at once; the next ones
//!   wait, unanswered, in the listen queue until one closes.

use super::activity::{Activity, Tracked};
use super::{router, ApiState};
use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The server's limits (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// Default header timeout, in seconds.
pub const DEFAULT_HEADER_TIMEOUT_S: f64 = 10.0;
/// Default idle timeout, in seconds.
pub const DEFAULT_IDLE_TIMEOUT_S: f64 = 5.0;
/// Default cap on open connections.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs_f64(DEFAULT_HEADER_TIMEOUT_S),
            idle_timeout: Duration::from_secs_f64(DEFAULT_IDLE_TIMEOUT_S),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Serves the API on `listener` with the default [`Limits`] until [`ApiState::close`].
pub async fn serve(listener: TcpListener, state: ApiState) -> std::io::Result<()> {
    serve_with(listener, state, Limits::default()).await
}

/// Serves the API on `listener` within `limits` until [`ApiState::close`] is called,
/// then waits for the connections to finish their requests in flight.
pub async fn serve_with(
    listener: TcpListener,
    state: ApiState,
    limits: Limits,
) -> std::io::Result<()> {
    serve_app(listener, router(state.clone()), state, limits).await
}

/// Serves `app` (the read API's routes and more, such as the portal's) on `listener`
/// within `limits` until [`ApiState::close`] is called.
pub async fn serve_app(
    listener: TcpListener,
    app: Router,
    state: ApiState,
    limits: Limits,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    while let Some((stream, permit)) = next_connection(&listener, &permits, &state).await {
        let closing = state.closing.subscribe();
        connections.spawn(connection(stream, app.clone(), limits, closing, permit));
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Waits for a free slot, then for a connection; `None` once the server closes.
async fn next_connection(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
    state: &ApiState,
) -> Option<(TcpStream, OwnedSemaphorePermit)> {
    let permit = tokio::select! {
        p = permits.clone().acquire_owned() => p.ok()?,
        _ = state.closed() => return None,
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Small answers and pushes go out at once, not after the peer's
                    // delayed acknowledgement of the previous one (Nagle's algorithm).
                    if let Err(e) = stream.set_nodelay(true) {
                        tracing::debug!(error = %e, "cannot set TCP_NODELAY");
                    }
                    return Some((stream, permit));
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = state.closed() => return None,
        }
    }
}

/// Serves one connection until the client closes it, a timeout ends it, or the server
/// closes.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut closing: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let activity = Activity::new();
    let tracker = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let in_flight = tracker.start();
        let app = app.clone();
        async move {
            let res = app.oneshot(req.map(Body::new)).await;
            Ok::<_, Infallible>(match res {
                Ok(res) => res.map(|body| Tracked::body(body, in_flight)),
                Err(never) => match never {},
            })
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    // With upgrades: a player WebSocket leaves the HTTP connection once accepted.
    let conn = builder
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    tokio::pin!(conn);
    let mut ending = false;
    loop {
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(error = %e, "connection ended");
                }
                return;
            }
            _ = activity.idle_for(limits.idle_timeout), if !ending => {
                conn.as_mut().graceful_shutdown();
                ending = true;
            }
            _ = closing.wait_for(|c| *c), if !ending => {
                conn.as_mut().graceful_shutdown();
                ending = true;
            }
        }
    }
}
