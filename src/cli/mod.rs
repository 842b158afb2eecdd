//! The `tourney` command line: one file per subcommand. Everything goes to standard
//! output through [`out::stdout`] and to standard error through [`out::say`], so that a
//! closed pipe or a full disk is an error, never a panic.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod compile;
pub mod completions;
pub mod deploy;
pub mod dry_run;
pub mod exit;
pub mod fmt;
pub mod gen_events;
pub mod input;
pub mod ksqldb;
pub mod new;
pub mod out;
pub mod plan;
pub mod portal;
pub mod preview;
pub mod reconcile;
pub mod retire;
pub mod run;
pub mod schema;
pub mod targets;
pub mod test;
pub mod token;
pub mod validate;
pub mod verify;
mod walk;
pub mod worker;
pub mod workers;

pub use exit::Exit;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  tourney validate examples/tournaments/
  tourney validate --error-format json weekend.tourney
  tourney fmt --check examples/tournaments/
  tourney preview examples/tournaments/weekend-slots.tourney
  tourney compile examples/tournaments/ --out build/
  tourney run examples/tournaments/weekend-slots.tourney --generate 200000 --exit-when-done
  tourney new --template slots-race --id summer-slots --operator operator-123
  tourney plan examples/tournaments/ --ksqldb http://localhost:8088
  tourney deploy examples/tournaments/ --ksqldb http://localhost:8088 --workers k8s --out k8s/
  tourney retire weekend-slots-2024-11 --operator operator-123 --ksqldb http://localhost:8088
  tourney portal --workspace my-tournaments
  tourney completions bash > /etc/bash_completion.d/tourney

Exit codes: 0 success, 1 errors in the input (or a check failed), 2 usage or I/O error.
`plan` exits 3 when changes are pending; `deploy` exits 1 unless everything was applied.";

/// Describe casino tournaments in `.tourney` files; check, format and compile them.
#[derive(Debug, Parser)]
#[command(name = "tourney", version, about, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and report every problem with its place and a fix.
    Validate(validate::ValidateArgs),
    /// Rewrite files in the canonical format (comments kept).
    Fmt(fmt::FmtArgs),
    /// Show what a tournament compiles to: ksqlDB statements and scoring config.
    Preview(preview::PreviewArgs),
    /// Write ksqlDB statements, scoring configs and a manifest into a directory.
    Compile(compile::CompileArgs),
    /// Print the JSON Schema of the scoring-engine config.
    Schema(schema::SchemaArgs),
    /// Replay NDJSON wager events through a tournament and show the board.
    DryRun(dry_run::DryRunArgs),
    /// Score events live in process and serve the read API (no Kafka needed).
    Run(run::RunArgs),
    /// Run the inline tests of tournaments through the scoring engine.
    Test(test::TestArgs),
    /// Start a new tournament file from a template.
    New(new::NewArgs),
    /// Generate reproducible wager traffic as NDJSON.
    GenEvents(gen_events::GenEventsArgs),
    /// Compare the files with what is deployed on ksqlDB; exit 3 if changes are pending.
    Plan(plan::PlanArgs),
    /// Deploy the files' queries to ksqlDB and launch their scoring workers.
    Deploy(deploy::DeployArgs),
    /// Stop one tournament: terminate its query, drop its stream, finish its worker.
    Retire(retire::RetireArgs),
    /// Compare an export of the gaming system's wagers with what a tournament read:
    /// the missing and unexpected wagers and what they change; `--apply` re-sends the
    /// missing ones.
    Reconcile(reconcile::ReconcileArgs),
    /// Recompute a result from an export of the wagers and check its audit record.
    Verify(verify::VerifyArgs),
    /// Mint a player token for the player page and its WebSocket (development).
    Token(token::TokenArgs),
    /// Serve the operator portal: templates, editor, dry-run, versions, activation.
    Portal(portal::PortalArgs),
    /// Print shell completions.
    Completions(completions::CompletionsArgs),
    /// Score tournaments from Kafka into Redis and PostgreSQL (runs `tourney-worker`).
    Worker(worker::WorkerArgs),
}

/// Failures that stop a command before it can do its work (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Read(#[from] input::ReadError),
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("{0}")]
    Usage(String),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Exit {
    let result = match &cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Preview(a) => preview::run(a),
        Command::Compile(a) => compile::run(a),
        Command::Schema(a) => schema::run(a),
        Command::DryRun(a) => dry_run::run(a),
        Command::Run(a) => run::run(a),
        Command::Test(a) => test::run(a),
        Command::New(a) => new::run(a),
        Command::GenEvents(a) => gen_events::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Deploy(a) => deploy::run(a),
        Command::Retire(a) => retire::run(a),
        Command::Reconcile(a) => reconcile::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Token(a) => token::run(a),
        Command::Portal(a) => portal::run(a),
        Command::Completions(a) => completions::run(a),
        Command::Worker(a) => worker::run(a),
    };
    match result {
        Ok(exit) => exit,
        Err(e) => {
            out::say!("error: {e}");
            Exit::Usage
        }
    }
}
