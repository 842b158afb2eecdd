//! `tourney reconcile FILE --expected EXPORT --counted EVENTS`: the wagers the gaming
//! system recorded against those the tournament read; `--apply` re-sends the missing
//! ones to the tournament's input through `tourney-worker send`.

use super::exit::Exit;
use super::input::{check, failed, InputArgs, ReadError};
use super::out::{say, Stdout};
use super::CliError;
use crate::audit::reconcile::{reconcile, Change, Reconciliation};
use crate::dry_run::summary::prize_suffix;
use crate::engine::{EngineOptions, Standing};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// The `.tourney` file.
    pub file: PathBuf,
    /// Which tournament of the file, `ID` or `OPERATOR/ID` (default: the first).
    #[arg(long)]
    pub id: Option<String>,
    /// NDJSON export of the wagers the gaming system recorded for the window.
    #[arg(long, value_name = "EXPORT")]
    pub expected: PathBuf,
    /// NDJSON wagers the tournament read: a dry-run's events file, or the worker's
    /// (`tourney worker ledger`).
    #[arg(long, value_name = "EVENTS")]
    pub counted: PathBuf,
    /// How late (seconds) an event may arrive, as the tournament runs it.
    #[arg(long, default_value_t = 300)]
    pub lateness_s: i64,
    /// Write the missing wagers (NDJSON) here.
    #[arg(long, value_name = "PATH")]
    pub missing_out: Option<PathBuf>,
    /// Re-send the missing wagers to the tournament's input topic (refused once the
    /// tournament is finalized).
    #[arg(long, requires_all = ["brokers", "topic", "postgres"])]
    pub apply: bool,
    /// Kafka bootstrap servers, for `--apply`.
    #[arg(long)]
    pub brokers: Option<String>,
    /// The tournament's input topic, for `--apply`.
    #[arg(long)]
    pub topic: Option<String>,
    /// The workers' PostgreSQL, for `--apply` (to refuse a finalized tournament).
    #[arg(long)]
    pub postgres: Option<String>,
    /// Print the reconciliation as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| {
        CliError::Read(ReadError {
            path: path.display().to_string(),
            source: e,
        })
    })
}

pub fn run(args: &ReconcileArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(std::slice::from_ref(&args.file), &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let t = super::dry_run::pick(checked.tournaments(), args.id.as_deref(), &args.file)?;
    let engine = EngineOptions {
        allowed_lateness_ms: args.lateness_s.max(0).saturating_mul(1000),
        ..EngineOptions::default()
    };
    let r = reconcile(t, &read(&args.expected)?, &read(&args.counted)?, engine);
    let missing = ndjson(&r);
    if let Some(path) = &args.missing_out {
        super::atomic::write(path, missing.as_bytes())?;
    }
    if args.json {
        super::out::json(&r)?;
    } else {
        let mut out = super::out::stdout();
        print(&mut out, &r)?;
        out.finish()?;
    }
    if args.apply && !r.missing.is_empty() {
        return apply(args, &t.operator, &t.id, &missing, r.missing.len());
    }
    let clean = r.missing.is_empty() && r.unexpected.is_empty();
    Ok(if clean || args.apply {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

fn ndjson(r: &Reconciliation) -> String {
    let mut out = String::new();
    for line in &r.missing_lines {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn standing(s: &Option<Standing>) -> String {
    match s {
        None => "not ranked".into(),
        Some(s) => format!(
            "place {} with {}{}",
            s.place,
            s.score,
            prize_suffix(&s.prize)
        ),
    }
}

fn print(out: &mut Stdout, r: &Reconciliation) -> Result<(), CliError> {
    writeln!(
        out,
        "{} wagers expected, {} read by the tournament: {} missing ({} eligible, {} of them count once sent), {} unexpected",
        r.expected,
        r.counted,
        r.missing.len(),
        r.missing_eligible,
        r.missing_counted,
        r.unexpected.len()
    )?;
    for ev in r.missing.iter().take(20) {
        writeln!(
            out,
            "  missing: {} of {} ({})",
            ev.wager_id.as_deref().unwrap_or(""),
            ev.player_id.as_deref().unwrap_or(""),
            ev.wager_amount.map(|a| a.to_string()).unwrap_or_default()
        )?;
    }
    for id in r.unexpected.iter().take(20) {
        writeln!(out, "  unexpected: {id}")?;
    }
    if r.missing_counted < r.missing_eligible {
        writeln!(
            out,
            "  {} eligible missing wagers are older than the allowed lateness: sent now they are late",
            r.missing_eligible - r.missing_counted
        )?;
    }
    write_changes(out, "once the missing wagers are sent now:", &r.changes)?;
    if r.changes_on_time != r.changes {
        write_changes(out, "had they arrived on time:", &r.changes_on_time)?;
    }
    Ok(())
}

fn write_changes(out: &mut Stdout, title: &str, changes: &[Change]) -> Result<(), CliError> {
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}")?;
    for Change {
        player_id,
        before,
        after,
    } in changes.iter().take(50)
    {
        writeln!(
            out,
            "  {player_id}: {} -> {}",
            standing(before),
            standing(after)
        )?;
    }
    if changes.len() > 50 {
        writeln!(out, "  ... {} players change in all", changes.len())?;
    }
    Ok(())
}

fn apply(
    args: &ReconcileArgs,
    operator: &str,
    id: &str,
    missing: &str,
    count: usize,
) -> Result<Exit, CliError> {
    let path = std::env::temp_dir().join(format!("tourney-missing-{}.ndjson", std::process::id()));
    super::atomic::write(&path, missing.as_bytes())?;
    let file = Remove(path);
    let mut cmd = std::process::Command::new(super::worker::locate());
    cmd.arg("send")
        .arg("--brokers")
        .arg(args.brokers.as_deref().unwrap_or_default())
        .arg("--topic")
        .arg(args.topic.as_deref().unwrap_or_default())
        .arg("--postgres")
        .arg(args.postgres.as_deref().unwrap_or_default())
        .arg("--tournament")
        .arg(format!("{operator}/{id}"))
        .arg(&file.0);
    let status = cmd.status().map_err(|e| {
        CliError::Usage(format!(
            "cannot run `{}`: {e}",
            super::worker::locate().display()
        ))
    })?;
    if !status.success() {
        say!("error: the missing wagers were not sent");
        return Ok(Exit::Failed);
    }
    say!(
        "sent {count} missing wagers to `{}`",
        args.topic.as_deref().unwrap_or_default()
    );
    Ok(Exit::Ok)
}

/// Removes the file when dropped.
struct Remove(PathBuf);

impl Drop for Remove {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
