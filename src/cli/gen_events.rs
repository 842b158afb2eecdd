//! `tourney gen-events`: reproducible wager traffic as NDJSON.

use super::atomic::{write_with, Failure, Mode};
use super::exit::Exit;
use super::input::{check, failed, InputArgs};
use super::out::say;
use super::CliError;
use crate::check::rfc3339;
use crate::diagnostics::ErrorFormat;
use crate::gen::{generate, GenOptions, GenerateError, Summary, DEFAULT_START_MS};
use crate::ir::Tournament;
use std::path::PathBuf;

const DEFAULT_OPERATOR: &str = "operator-123";

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tourney gen-events --events 1000000 --players 100000 --seed 7 --out wagers.ndjson
  tourney gen-events --tournament weekend.tourney --events 50000 --players 2000 --seed 1
  tourney gen-events --events 100 --players 10 --seed 3 --malformed 0 --late 0 --duplicates 0

The same options and seed always give the same bytes. A one-line summary goes to stderr.")]
pub struct GenEventsArgs {
    /// Take the operator and the window from a tournament (a file or a directory).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["operator", "start", "hours"])]
    pub tournament: Option<PathBuf>,
    /// Which tournament of `--tournament` (default: the first).
    #[arg(long, value_name = "ID", requires = "tournament")]
    pub id: Option<String>,
    /// Operator id of the wagers [default: operator-123].
    #[arg(long, value_name = "OP")]
    pub operator: Option<String>,
    /// Start of the window, RFC 3339 [default: 2024-11-15T00:00:00Z].
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub start: Option<i64>,
    /// Length of the window in hours [default: 1].
    #[arg(long, value_name = "H", value_parser = parse_hours)]
    pub hours: Option<i64>,
    /// Number of wagers (duplicates come on top).
    #[arg(long, value_name = "N")]
    pub events: u64,
    /// Number of distinct players.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub players: u64,
    /// Seed of the generator.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Share of well-formed wagers sent twice.
    #[arg(long, value_name = "RATE", default_value_t = 0.02, value_parser = parse_rate)]
    pub duplicates: f64,
    /// Share of wagers sent malformed.
    #[arg(long, value_name = "RATE", default_value_t = 0.005, value_parser = parse_rate)]
    pub malformed: f64,
    /// Share of wagers sent 1 to 10 minutes late.
    #[arg(long, value_name = "RATE", default_value_t = 0.01, value_parser = parse_rate)]
    pub late: f64,
    /// No 10x burst at the start of the window.
    #[arg(long)]
    pub no_burst: bool,
    /// Give each wager its player's display name (`playerName`), as `display name`
    /// shows it.
    #[arg(long)]
    pub names: bool,
    /// Give each well-formed wager one of N sources and its place there (`sourceId`,
    /// `sourceSeq`), for gap tracking.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub sources: u64,
    /// Extra template files or directories for `--tournament`.
    #[arg(long = "templates", value_name = "PATH", requires = "tournament")]
    pub templates: Vec<PathBuf>,
}

fn parse_time(s: &str) -> Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("not an RFC 3339 time ({e}); e.g. 2024-11-15T00:00:00Z"))
}

fn parse_hours(s: &str) -> Result<i64, String> {
    const MAX_HOURS: f64 = 8_000.0 * 365.0 * 24.0;
    let h: f64 = s
        .parse()
        .ok()
        .filter(|h: &f64| h.is_finite())
        .ok_or_else(|| format!("not a number of hours: {s:?}"))?;
    if h > MAX_HOURS {
        return Err(format!(
            "the window must last at most {MAX_HOURS} h (8,000 years), not {s} h"
        ));
    }
    let ms = (h * 3_600_000.0).round();
    if ms < 1.0 {
        return Err(format!("the window must last at least 1 ms, not {s} h"));
    }
    Ok(ms as i64)
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("a rate is a number from 0 to 1, not {s:?}")),
    }
}

pub fn run(args: &GenEventsArgs) -> Result<Exit, CliError> {
    let mut opts = GenOptions {
        seed: args.seed,
        events: args.events,
        players: args.players,
        operator: args
            .operator
            .clone()
            .unwrap_or_else(|| DEFAULT_OPERATOR.into()),
        start_ms: args.start.unwrap_or(DEFAULT_START_MS),
        duration_ms: args.hours.unwrap_or(3_600_000),
        duplicate_rate: args.duplicates,
        malformed_rate: args.malformed,
        late_rate: args.late,
        burst: !args.no_burst,
        names: args.names,
        sources: args.sources,
    };
    if let Some(path) = &args.tournament {
        // Diagnostics go to stderr: stdout carries the events.
        let input = InputArgs {
            error_format: ErrorFormat::Human,
            templates: args.templates.clone(),
            deny_warnings: false,
        };
        let (_, checked) = check(std::slice::from_ref(path), &input)?;
        if failed(&checked.diagnostics, &input) {
            return Ok(Exit::Failed);
        }
        let t = pick(checked.tournaments(), args.id.as_deref(), path)?;
        opts.operator = t.operator.clone();
        opts.start_ms = t.schedule.start_ms;
        opts.duration_ms =
            t.schedule.end_ms - t.schedule.start_ms + i64::from(t.schedule.end_inclusive);
    }
    opts.validate()
        .map_err(|e| CliError::Usage(e.to_string()))?;

    let target = args
        .out
        .as_ref()
        .map_or_else(|| "<stdout>".to_string(), |p| p.display().to_string());
    let summary = match &args.out {
        Some(path) => match write_with(path, Mode::Replace, |w| generate(&opts, w)) {
            Ok(s) => s,
            Err(Failure::Fill(GenerateError::Options(e))) => {
                return Err(CliError::Usage(e.to_string()))
            }
            Err(Failure::Io(e) | Failure::Fill(GenerateError::Io(e))) => {
                return Err(CliError::Write {
                    path: target,
                    source: e,
                })
            }
        },
        None => {
            let mut out = super::out::data();
            match generate(&opts, out.raw()) {
                Ok(s) => s,
                // A reader that went away ends the run quietly, without the summary.
                Err(GenerateError::Io(e)) => return out.settle(Err(e)).map(|()| Exit::Ok),
                Err(GenerateError::Options(e)) => return Err(CliError::Usage(e.to_string())),
            }
        }
    };
    say!("{}", describe(&summary, &opts, &target));
    Ok(Exit::Ok)
}

/// The tournament named `id`, or the first one.
fn pick<'a>(
    mut all: impl Iterator<Item = &'a Tournament>,
    id: Option<&str>,
    path: &std::path::Path,
) -> Result<&'a Tournament, CliError> {
    let shown = path.display();
    match id {
        None => all
            .next()
            .ok_or_else(|| CliError::Usage(format!("no tournament in `{shown}`"))),
        Some(id) => {
            let mut ids = Vec::new();
            for t in all {
                if t.id == id {
                    return Ok(t);
                }
                ids.push(t.id.as_str());
            }
            Err(CliError::Usage(format!(
                "no tournament `{id}` in `{shown}` (found: {})",
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            )))
        }
    }
}

fn describe(s: &Summary, opts: &GenOptions, target: &str) -> String {
    format!(
        "generated {} lines to {target}: {} wagers ({} malformed, {} late) + {} duplicates; \
         {} players, operator {:?}, {} .. {}, seed {}",
        s.lines,
        s.wagers,
        s.malformed,
        s.late,
        s.duplicates,
        opts.players,
        opts.operator,
        rfc3339(opts.start_ms),
        rfc3339(opts.end_ms()),
        opts.seed,
    )
}
