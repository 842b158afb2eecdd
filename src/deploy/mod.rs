//! Deployer: plan, deploy and retire tournaments through the ksqlDB REST API.
//!
//! ```text
//!  files ──compile──▶ Target (statement + the `.tourney` span it came from)
//!  cluster ──SHOW STREAMS/QUERIES EXTENDED, SHOW TOPICS──▶ Cluster (state.rs)
//!  Targets × Cluster ──plan.rs──▶ Plan (create, replace, recreate, drop, no-op, refused)
//!  Plan ──guard.rs (operator prefix) ──apply.rs──▶ statements, one at a time, waiting
//!                                                  for each query to run
//!  retire.rs: TERMINATE + DROP of one tournament; workers.rs, k8s.rs, local.rs: workers
//! ```
//!
//! Everything that talks to ksqlDB goes through [`client::Client`]. No terminal I/O
//! happens here; the CLI prints the reports these functions return.

pub mod apply;
pub mod client;
pub mod drift;
pub mod guard;
pub mod k8s;
pub mod local;
pub mod normalize;
pub mod observability;
pub mod plan;
pub mod retire;
pub mod scoring;
pub mod shape;
pub mod state;
pub mod target;

pub use client::{Client, ClientConfig, KsqlError};
pub use plan::{Action, ActionKind, Plan, PlanOptions};
pub use state::Cluster;
pub use target::Target;
