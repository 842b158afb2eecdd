//! Live boards: the tournaments being scored right now, and the read API over them.
//!
//! ```text
//!  events ──▶ writer (Kafka worker, or the embedded run) ──▶ LiveTournament ──▶ read API
//!                    write lock, process a batch              ├─ Engine (RwLock)   GET top-N, rank, status
//!                    publish the changes                      ├─ broadcast ──────▶ SSE stream
//!                    set the phase                            └─ status            /metrics
//! ```
//!
//! - [`live`]: [`LiveTournament`], one tournament's engine, change stream and status.
//! - [`history`]: [`history::History`], events by outcome over time and the top of the
//!   board at past moments, kept in memory for the analytics routes.
//! - [`registry`]: [`Registry`], the live tournaments keyed by (operator, id).
//! - [`api`]: the axum routes, bearer tokens mapped to operators ([`auth`]).
//! - [`metrics`]: [`Metrics`], Prometheus counters, gauges and a latency histogram.
//! - [`api::server`]: the HTTP server, with its timeouts and connection cap.
//! - [`embedded`]: the whole pipeline in one process, for `tourney run`.
//! - [`interrupt`]: Ctrl-C, caught from the start of a run.
//! - [`logs`]: structured logs through `tracing`.
//!
//! A writer that restores an engine from a snapshot or builds a fresh one:
//!
//! ```
//! # use tourney::serve::{LiveTournament, Phase, Registry};
//! # use tourney::engine::{Engine, EngineOptions};
//! # fn demo(t: tourney::ir::Tournament, batch: &[tourney::ir::WagerEvent]) {
//! let registry = Registry::new();
//! let live = LiveTournament::new(t.clone(), Engine::new(&t, EngineOptions::default()));
//! registry.insert(live.clone());
//! let mut changes = Vec::new();
//! {
//!     let mut w = live.write();
//!     for ev in batch {
//!         w.process(ev, &mut changes);
//!     }
//! }
//! live.publish(&changes);
//! live.set_phase(Phase::Running);
//! # }
//! ```

pub mod api;
pub mod auth;
pub mod embedded;
pub mod history;
pub mod interrupt;
pub mod live;
pub mod logs;
pub mod metrics;
pub mod phase;
pub mod player;
pub mod registry;
pub mod status;

pub use api::{router, serve, serve_with, ApiState, Limits};
pub use auth::Tokens;
pub use live::{LiveTournament, Writer};
pub use metrics::Metrics;
pub use phase::Phase;
pub use registry::Registry;
pub use status::Status;
