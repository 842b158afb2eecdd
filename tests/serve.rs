#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The live boards and the read API: an in-process server on 127.0.0.1:0 over a
//! registry fed through the embedded pipeline, and `tourney run` as a user runs it.

#[path = "serve/analytics.rs"]
mod analytics;
#[path = "serve/auth.rs"]
mod auth;
#[path = "serve/board.rs"]
mod board;
#[path = "serve/cli.rs"]
mod cli;
#[path = "serve/errors.rs"]
mod errors;
#[path = "serve/harness.rs"]
mod harness;
#[path = "serve/limits.rs"]
mod limits;
#[path = "serve/metrics.rs"]
mod metrics;
#[path = "support/races.rs"]
mod races;
#[path = "serve/stream.rs"]
mod stream;
#[path = "serve/tokens.rs"]
mod tokens;
