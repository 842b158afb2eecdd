//! `tourney preview FILE`: what a tournament compiles to, readable.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::Stdout;
use super::CliError;
use crate::emit::{emit, EmitOptions};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The `.tourney` file to preview.
    pub file: PathBuf,
    /// Only the tournament with this id (a file may hold several).
    #[arg(long)]
    pub id: Option<String>,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = PreviewFormat::Text)]
    pub format: PreviewFormat,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PreviewFormat {
    Text,
    Json,
}

pub fn run(args: &PreviewArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(std::slice::from_ref(&args.file), &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let opts = EmitOptions::default();
    let chosen: Vec<_> = checked
        .tournaments()
        .filter(|t| args.id.as_ref().is_none_or(|id| *id == t.id))
        .collect();
    if chosen.is_empty() {
        return Err(CliError::Usage(match &args.id {
            Some(id) => format!("`{}` has no tournament `{id}`", args.file.display()),
            None => format!("`{}` has no tournament", args.file.display()),
        }));
    }
    let mut out = match args.format {
        PreviewFormat::Json => super::out::data(),
        PreviewFormat::Text => super::out::stdout(),
    };
    let mut json_out = Vec::new();
    for (i, t) in chosen.iter().enumerate() {
        let e = emit(t, &opts)
            .map_err(|e| CliError::Usage(format!("cannot compile `{}`: {e}", t.id)))?;
        match args.format {
            PreviewFormat::Json => json_out.push(serde_json::json!({
                "id": t.id, "operator": t.operator, "stream": e.stream, "topic": e.topic,
                "source_stream": e.source_stream, "statement": e.statement, "config": e.config,
            })),
            PreviewFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                print_text(&mut out, t, &e)?;
            }
        }
    }
    if args.format == PreviewFormat::Json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json_out).unwrap_or_default()
        )?;
    }
    out.finish()?;
    Ok(Exit::Ok)
}

fn print_text(
    out: &mut Stdout,
    t: &crate::ir::Tournament,
    e: &crate::emit::Emitted,
) -> Result<(), CliError> {
    out.write_str(&crate::emit::preview::text(t, e))
}
