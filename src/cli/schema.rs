//! `tourney schema`: the JSON Schema of the scoring-engine config.

use super::exit::Exit;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {}

pub fn run(_: &SchemaArgs) -> Result<Exit, CliError> {
    let mut out = super::out::data();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&crate::emit::config::json_schema()).unwrap_or_default()
    )?;
    out.finish()?;
    Ok(Exit::Ok)
}
