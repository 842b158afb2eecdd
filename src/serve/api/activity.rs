//! Whether a connection has a request in flight, and since when it has had none: what
//! the idle timeout of [`super::server`] counts.
//!
//! A request is in flight from the moment its headers are read until its answer's body
//! is written to the end (or dropped), so a live stream keeps its connection busy for
//! as long as it runs.

use axum::body::{Body, Bytes, HttpBody};
use http_body::{Frame, SizeHint};
use parking_lot::Mutex;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// One connection's requests in flight.
#[derive(Default)]
pub struct Activity {
    state: Mutex<State>,
    changed: Notify,
}

struct State {
    in_flight: usize,
    /// When the last request ended (or the connection opened).
    quiet_since: Instant,
}

impl Default for State {
    fn default() -> Self {
        State {
            in_flight: 0,
            quiet_since: Instant::now(),
        }
    }
}

impl Activity {
    pub fn new() -> Arc<Self> {
        Arc::new(Activity::default())
    }

    /// A request starts; it ends when the guard is dropped.
    pub fn start(self: &Arc<Self>) -> InFlight {
        self.state.lock().in_flight += 1;
        self.changed.notify_waiters();
        InFlight(self.clone())
    }

    /// Returns once the connection has had no request in flight for `idle`.
    pub async fn idle_for(&self, idle: Duration) {
        loop {
            // Created before the state is read, so no change is missed.
            let changed = self.changed.notified();
            let deadline = {
                let s = self.state.lock();
                (s.in_flight == 0).then(|| s.quiet_since + idle)
            };
            match deadline {
                Some(d) if Instant::now() >= d => return,
                Some(d) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(d) => {}
                        _ = changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

/// A request in flight.
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        {
            let mut s = self.0.state.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            s.quiet_since = Instant::now();
        }
        self.0.changed.notify_waiters();
    }
}

/// An answer's body that keeps its request in flight until it is done.
pub struct Tracked {
    inner: Body,
    _in_flight: InFlight,
}

impl Tracked {
    pub fn body(inner: Body, in_flight: InFlight) -> Body {
        Body::new(Tracked {
            inner,
            _in_flight: in_flight,
        })
    }
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
