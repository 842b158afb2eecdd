//! `tourney worker ...`: runs the scoring worker, a separate program (`tourney-worker`)
//! so that the Kafka client library stays out of the compiler's build.

use super::exit::Exit;
use super::CliError;
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Arguments for `tourney-worker` (see `tourney worker --help`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub args: Vec<OsString>,
}

/// The worker program's file name.
pub const WORKER_PROGRAM: &str = "tourney-worker";

/// Where the worker program is: `TOURNEY_WORKER`, next to this program, or on `PATH`.
pub fn locate() -> PathBuf {
    if let Some(p) = std::env::var_os("TOURNEY_WORKER") {
        return PathBuf::from(p);
    }
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(WORKER_PROGRAM)))
        .filter(|p| p.is_file());
    sibling.unwrap_or_else(|| PathBuf::from(WORKER_PROGRAM))
}

pub fn run(args: &WorkerArgs) -> Result<Exit, CliError> {
    let program = locate();
    let status = std::process::Command::new(&program)
        .args(&args.args)
        .status()
        .map_err(|e| {
            CliError::Usage(format!(
                "cannot start the worker `{}`: {e}; build it with `cargo build --release -p tourney-worker` \
                 and keep it next to `tourney` or on PATH (or set TOURNEY_WORKER)",
                program.display()
            ))
        })?;
    Ok(match status.code() {
        Some(0) => Exit::Ok,
        Some(2) => Exit::Usage,
        _ => Exit::Failed,
    })
}
