//! `tourney verify RESULT --events EXPORT`: recompute a result from an export of the
//! wagers with the rules its audit record holds, and say whether it matches.

use super::exit::Exit;
use super::input::ReadError;
use super::CliError;
use crate::audit::verify::verify;
use crate::audit::AuditRecord;
use std::io::BufRead;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The audit record (`tourney dry-run --audit`, `tourney worker result`).
    pub result: PathBuf,
    /// NDJSON wagers, in the order the tournament read them (`-` reads standard input).
    #[arg(long)]
    pub events: PathBuf,
    /// A `.tourney` file whose tournament must have the record's rules.
    #[arg(long, value_name = "FILE")]
    pub tournament: Option<PathBuf>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub input: super::input::InputArgs,
}

fn read_error(path: &Path, source: std::io::Error) -> ReadError {
    ReadError {
        path: path.display().to_string(),
        source,
    }
}

pub fn run(args: &VerifyArgs) -> Result<Exit, CliError> {
    let text = std::fs::read_to_string(&args.result).map_err(|e| read_error(&args.result, e))?;
    let record: AuditRecord = serde_json::from_str(&text).map_err(|e| {
        CliError::Usage(format!(
            "`{}` is not an audit record: {e}",
            args.result.display()
        ))
    })?;
    let rules = match &args.tournament {
        Some(file) => {
            let (_, checked) = super::input::check(std::slice::from_ref(file), &args.input)?;
            if super::input::failed(&checked.diagnostics, &args.input) {
                return Ok(Exit::Failed);
            }
            let key = format!("{}/{}", record.operator, record.tournament);
            Some(super::dry_run::pick(checked.tournaments(), Some(&key), file)?.clone())
        }
        None => None,
    };
    let reader: Box<dyn BufRead> = if args.events.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.events).map_err(|e| read_error(&args.events, e))?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
    };
    let verdict = verify(
        &record,
        crate::dry_run::lines::lines(reader),
        rules.as_ref(),
    )
    .map_err(|e| read_error(&args.events, e))?;
    if args.json {
        super::out::json(&verdict)?;
    } else {
        let mut out = super::out::stdout();
        if verdict.matches {
            writeln!(
                out,
                "ok: the result of `{}/{}` matches the export ({} counted wagers, digest {})",
                record.operator, record.tournament, record.counted.wagers, record.counted.sha256
            )?;
        } else {
            writeln!(
                out,
                "the result of `{}/{}` does not match the export:",
                record.operator, record.tournament
            )?;
            for d in &verdict.differences {
                writeln!(out, "  {d}")?;
            }
        }
        out.finish()?;
    }
    Ok(if verdict.matches {
        Exit::Ok
    } else {
        Exit::Failed
    })
}
