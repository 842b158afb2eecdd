//! `tourney new --template NAME`: a new tournament file that starts from a template.

use super::exit::Exit;
use super::out::say;
use super::CliError;
use crate::check::BUILTIN_TEMPLATES;
use crate::diagnostics::did_you_mean;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Built-in template to start from (`--list` shows them).
    #[arg(long, required_unless_present = "list")]
    pub template: Option<String>,
    /// Tournament id (Kafka-safe: letters, digits, `.`, `_`, `-`).
    #[arg(long, default_value = "my-tournament")]
    pub id: String,
    /// Operator (tenant) id.
    #[arg(long, default_value = "operator-123")]
    pub operator: String,
    /// Write to this file instead of standard output (never overwrites).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// List the built-in templates.
    #[arg(long)]
    pub list: bool,
}

/// The text of a new tournament starting from `template`.
pub fn scaffold(template: &str, id: &str, operator: &str) -> String {
    format!(
        "// Starts from the built-in template `{template}`; anything written here replaces\n\
         // the template's setting of the same name.\n\
         tournament \"{id}\" from \"{template}\" {{\n  \
           title \"{id}\"\n  \
           operator \"{operator}\"\n  \
           runs 2030-01-04T00:00:00Z .. 2030-01-07T00:00:00Z\n\
         }}\n"
    )
}

pub fn run(args: &NewArgs) -> Result<Exit, CliError> {
    if args.list {
        let mut out = super::out::stdout();
        for (name, _) in BUILTIN_TEMPLATES {
            writeln!(out, "{name}")?;
        }
        out.finish()?;
        return Ok(Exit::Ok);
    }
    let name = args.template.clone().unwrap_or_default();
    if !BUILTIN_TEMPLATES.iter().any(|(n, _)| *n == name) {
        let hint = did_you_mean(&name, BUILTIN_TEMPLATES.iter().map(|(n, _)| *n))
            .unwrap_or_else(|| "see `tourney new --list`".into());
        return Err(CliError::Usage(format!(
            "there is no template `{name}`; {hint}"
        )));
    }
    if !crate::check::valid_id(&args.id) {
        return Err(CliError::Usage(format!(
            "`--id {}`: a tournament id uses 1 to 100 characters from `A-Z a-z 0-9 . _ -`",
            args.id
        )));
    }
    if !crate::check::valid_operator(&args.operator) {
        return Err(CliError::Usage(format!(
            "`--operator {}`: an operator id uses 1 to 100 characters from `A-Z a-z 0-9 _ -` \
             (no `.`: topic and file names join the operator and the tournament id with `.`)",
            args.operator
        )));
    }
    let text = scaffold(&name, &args.id, &args.operator);
    match &args.output {
        None => {
            let mut out = super::out::data();
            out.write_str(&text)?;
            out.finish()?;
        }
        Some(path) => {
            super::atomic::write_new(path, text.as_bytes())?;
            say!("wrote {}", path.display());
        }
    }
    Ok(Exit::Ok)
}
