//! `tourney`: a language, compiler and runtime for real-time casino tournaments.
//!
//! ```text
//!  .tourney ──syntax──▶ AST ──check──▶ IR ──emit──┬─▶ ksqlDB statements (templates/ksql)
//!   (grammar/)      (spans)  (diagnostics)        └─▶ scoring-engine config (JSON, versioned)
//! ```
//!
//! - [`syntax`]: the pest grammar and the spanned syntax tree; never fails, unreadable
//!   lines become diagnostics.
//! - [`check`]: every semantic check, collecting all problems in one run; produces the
//!   checked model.
//! - [`ir`]: the checked model; the only input of the emitters and the scoring engine.
//! - [`emit`]: ksqlDB statements and the scoring-engine config.
//! - [`fmt`]: the canonical formatter.
//! - [`diagnostics`]: stable codes, rendering as human text, short lines or JSON.
//! - [`gen`]: reproducible wager traffic as NDJSON, for load tests, dry-runs and demos.
//! - [`engine`]: the scoring semantics (eligibility as ksqlDB decides it, dedup, points,
//!   caps, ranking, position changes, prizes), shared by the dry-run and the workers.
//! - [`dry_run`]: replays NDJSON events through the engine, with a summary and explanations.
//! - [`serve`]: live boards shared by a writer and the read API (HTTP, SSE, metrics), and
//!   the embedded run.
//! - [`testing`]: runs the inline tests of a tournament through the engine.
//! - [`deploy`]: plan, deploy and retire through the ksqlDB REST API; worker manifests
//!   and local worker processes.
//! - [`portal`]: the operator portal, a web application and its JSON API over the same
//!   functions as the command line (sessions, roles, four eyes, versions, the form).
//! - [`cli`]: the `tourney` command line; the only place with file and terminal I/O.

pub mod atomic;
pub mod audit;
pub mod check;
pub mod cli;
pub mod deploy;
pub mod diagnostics;
pub mod dry_run;
pub mod emit;
pub mod engine;
pub mod fmt;
pub mod gen;
pub mod ir;
pub mod portal;
pub mod serve;
pub mod syntax;
pub mod testing;
