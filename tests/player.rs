#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The player view: tokens, cache validators, what players see of each other, and the
//! WebSocket, against an in-process server on 127.0.0.1:0.

#[path = "player/elsewhere.rs"]
mod elsewhere;
#[path = "player/harness.rs"]
mod harness;
#[path = "player/http.rs"]
mod http;
#[path = "support/races.rs"]
mod races;
#[path = "player/socket.rs"]
mod socket;
