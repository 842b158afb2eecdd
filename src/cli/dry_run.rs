//! `tourney dry-run FILE --events EVENTS.ndjson`: replay sample events, show the board.

use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::say;
use super::out::Stdout;
use super::CliError;
use crate::dry_run::summary::{places_shown, write_text};
use crate::dry_run::{replay, DryRunOptions, Report};
use crate::engine::EngineOptions;
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct DryRunArgs {
    /// The `.tourney` file.
    pub file: PathBuf,
    /// NDJSON wager events, one per line (`-` reads standard input).
    #[arg(long)]
    pub events: PathBuf,
    /// Which tournament of the file, `ID` or `OPERATOR/ID` when two operators use the
    /// id (default: the first).
    #[arg(long)]
    pub id: Option<String>,
    /// `table` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Places shown in the table (default: the board size).
    #[arg(long)]
    pub top: Option<usize>,
    /// Explain what became of this wager id.
    #[arg(long, value_name = "WAGER_ID")]
    pub explain: Option<String>,
    /// Print the position-change events.
    #[arg(long)]
    pub changes: bool,
    /// Stop the clock at this instant (RFC 3339): later events are not replayed.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How late (in seconds behind the latest counted event) an event may arrive.
    #[arg(long, default_value_t = 300)]
    pub lateness_s: i64,
    /// How long (seconds of event time) a hole in a source's sequence may stay open
    /// before it is reported as a gap.
    #[arg(long, default_value_t = 60)]
    pub gap_grace_s: i64,
    /// Write the result's audit record (JSON) here, for `tourney verify`.
    #[arg(long, value_name = "PATH")]
    pub audit: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(args: &DryRunArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(std::slice::from_ref(&args.file), &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let t = pick(checked.tournaments(), args.id.as_deref(), &args.file)?;
    let at_ms = match &args.at {
        Some(s) => Some(
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| CliError::Usage(format!("`--at {s}` is not an RFC 3339 time")))?
                .timestamp_millis(),
        ),
        None => None,
    };
    let opts = DryRunOptions {
        at_ms,
        explain: args.explain.clone(),
        collect_changes: args.changes,
        audit: args.audit.is_some(),
        engine: EngineOptions {
            allowed_lateness_ms: args.lateness_s.max(0).saturating_mul(1000),
            gap_grace_ms: args.gap_grace_s.max(0).saturating_mul(1000),
            ..EngineOptions::default()
        },
    };
    let reader: Box<dyn BufRead> = if args.events.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.events).map_err(|e| super::input::ReadError {
            path: args.events.display().to_string(),
            source: e,
        })?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
    };
    let mut report = replay(t, crate::dry_run::lines::lines(reader), &opts).map_err(|e| {
        super::input::ReadError {
            path: args.events.display().to_string(),
            source: e,
        }
    })?;
    if let (Some(path), Some(record)) = (&args.audit, &report.audit) {
        let json = serde_json::to_vec_pretty(record).unwrap_or_default();
        super::atomic::write(path, &json)?;
    }
    // The same places in every format: `--top`, else the board size.
    report.board.truncate(places_shown(t, args.top));
    let mut out = match args.format {
        Format::Json => super::out::data(),
        Format::Table => super::out::stdout(),
    };
    match args.format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        )?,
        Format::Table => print_table(&mut out, &report)?,
    }
    out.finish()?;
    if args.explain.is_some() && report.explanation.is_none() {
        say!(
            "note: no wager with id `{}` was replayed",
            args.explain.as_deref().unwrap_or("")
        );
    }
    Ok(Exit::Ok)
}

fn print_table(out: &mut Stdout, r: &Report) -> Result<(), CliError> {
    out.write_with(|w| write_text(w, &r.board, &r.summary, r.board.len()))?;
    for c in &r.changes {
        writeln!(out, "{}", serde_json::to_string(c).unwrap_or_default())?;
    }
    if let Some(e) = &r.explanation {
        writeln!(out, "\nwager {} (line {}):", e.wager, e.line)?;
        for rt in &e.rules {
            let vals: Vec<String> = rt
                .values
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            writeln!(
                out,
                "  [{}] {}{}  ({})",
                if rt.passed { "pass" } else { "FAIL" },
                rt.rule,
                rt.at
                    .as_ref()
                    .map_or(String::new(), |a| format!("  at {a}")),
                vals.join(", ")
            )?;
        }
        writeln!(out, "  => {}", e.outcome)?;
    }
    Ok(())
}

/// The tournament `--id` names (`ID` or `OPERATOR/ID`), or the first one; an id that
/// two operators use must name the operator.
pub fn pick<'a>(
    tournaments: impl Iterator<Item = &'a crate::ir::Tournament>,
    id: Option<&str>,
    file: &std::path::Path,
) -> Result<&'a crate::ir::Tournament, CliError> {
    let (operator, id) =
        match id.map(|i| i.split_once('/').map_or((None, i), |(o, i)| (Some(o), i))) {
            Some((o, i)) => (o, Some(i)),
            None => (None, None),
        };
    let found: Vec<_> = tournaments
        .filter(|t| id.is_none_or(|id| id == t.id))
        .filter(|t| operator.is_none_or(|o| o == t.operator))
        .collect();
    match found.as_slice() {
        [] => Err(CliError::Usage(format!(
            "`{}` has no tournament{}",
            file.display(),
            id.map_or(String::new(), |i| format!(" `{i}`"))
        ))),
        [t] => Ok(t),
        [t, ..] if id.is_none() => Ok(t),
        [t, ..] => {
            let operators: Vec<String> =
                found.iter().map(|t| format!("`{}`", t.operator)).collect();
            Err(CliError::Usage(format!(
                "`{}` is the id of tournaments of operators {}: give `--id OPERATOR/{}`",
                t.id,
                operators.join(", "),
                t.id
            )))
        }
    }
}
