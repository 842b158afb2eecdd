//! `tourney validate FILES...`: check files and report every problem.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::say;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or directories of `.tourney` files (`-` reads standard input).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: &ValidateArgs) -> Result<Exit, super::CliError> {
    let (_, checked) = check(&args.files, &args.input)?;
    let count = checked.tournaments().count();
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    if args.input.error_format != crate::diagnostics::ErrorFormat::Json {
        say!(
            "ok: {count} tournament{} checked",
            if count == 1 { "" } else { "s" }
        );
    }
    Ok(Exit::Ok)
}
