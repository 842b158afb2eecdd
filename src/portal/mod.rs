//! The operator portal: a web application served by the binary, and the JSON API
//! behind it. It calls the same library functions as the command line (check, preview,
//! dry-run, plan, deploy, retire, live boards); no rule is implemented here.
//!
//! ```text
//!  browser ──cookie + CSRF──▶ auth (users, sessions, roles) ──▶ api (one file per area)
//!                                                                 ├─ store: versions, audit, approvals
//!                                                                 ├─ check / preview / dry-run / form
//!                                                                 └─ activate: embedded run or ksqlDB deploy
//!  GET / and /portal/* ──▶ assets (embedded)       /v1/tournaments/* ──▶ the read API
//! ```
//!
//! - [`server`]: the router (portal API, read API, pages) and its security headers.
//! - [`api`]: the portal's routes, their state and error shape.
//! - [`auth`]: users, roles, sessions and CSRF.
//! - [`activate`]: putting a version live (embedded run or ksqlDB), and retiring it.
//! - [`assets`]: the embedded pages, scripts and styles.
//! - [`store`]: versions, the audit log, approvals and activations (a workspace folder
//!   or PostgreSQL).
//! - [`form`]: the form model, read from and written into a source.
//! - [`openapi`]: the OpenAPI document of every route.

pub mod activate;
pub mod api;
pub mod assets;
pub mod auth;
pub mod form;
pub mod openapi;
pub mod server;
pub mod store;

pub use api::{PortalError, PortalState};
pub use server::{router, serve};
