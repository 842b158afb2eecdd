//! `tourney completions SHELL`: print a completion script.

use super::exit::Exit;
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<Exit, super::CliError> {
    let mut cmd = super::Cli::command();
    // Generated into memory: the generator panics on a write error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tourney", &mut script);
    let mut out = super::out::data();
    out.write_str(&String::from_utf8_lossy(&script))?;
    out.finish()?;
    Ok(Exit::Ok)
}
