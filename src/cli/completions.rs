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
    clap_complete::generate(args.shell, &mut cmd, "tourney", &mut std::io::stdout());
    Ok(Exit::Ok)
}
