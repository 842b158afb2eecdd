use clap::Parser;

fn main() -> std::process::ExitCode {
    tourney::cli::run(tourney::cli::Cli::parse()).into()
}
