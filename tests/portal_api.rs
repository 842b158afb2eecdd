#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The portal's API through real HTTP: a portal server on 127.0.0.1:0 in process over a
//! workspace folder, users of three operators, and `tourney portal` as a user runs it.

#[path = "portal_api/harness.rs"]
mod harness;

#[path = "portal_api/activate.rs"]
mod activate;
#[path = "portal_api/authoring.rs"]
mod authoring;
#[path = "portal_api/cli.rs"]
mod cli;
#[path = "portal_api/cluster.rs"]
mod cluster;
#[allow(dead_code, unused_imports)] // reason: these tests use a few of its helpers
#[path = "support/fake_ksqldb/mod.rs"]
mod fake_ksqldb;
#[path = "portal_api/four_eyes.rs"]
mod four_eyes;
#[path = "portal_api/pages.rs"]
mod pages;
#[path = "support/portal.rs"]
mod portal;
#[path = "portal_api/session.rs"]
mod session;
#[path = "portal_api/tenancy.rs"]
mod tenancy;
#[path = "portal_api/tournaments.rs"]
mod tournaments;
