//! `tourney plan FILES --ksqldb URL`: what `deploy` would change, read from the
//! cluster itself. Exit 0 when nothing would change, 3 when changes are pending.

use super::exit::Exit;
use super::input::InputArgs;
use super::ksqldb::{runtime, KsqldbArgs};
use super::out::say;
use super::targets;
use super::workers::WorkerArgs;
use super::CliError;
use crate::deploy::plan::{plan, ActionKind, Plan, PlanOptions};
use crate::deploy::{scoring, Client, Cluster, Target};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// Files or directories of `.tourney` files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub ksqldb: KsqldbArgs,
    #[command(flatten)]
    pub choices: PlanChoices,
    /// Show the statements of each action.
    #[arg(long, short)]
    pub verbose: bool,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where the workers run, to compare the scoring config they run with.
    #[command(flatten)]
    pub workers: WorkerArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Choices shared by `plan` and `deploy`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanChoices {
    /// Replace the query of a tournament whose window has started.
    #[arg(long)]
    pub force: bool,
    /// Drop deployed streams of the files' operators that no file defines.
    #[arg(long)]
    pub prune: bool,
    /// With --prune, delete the dropped streams' topics too.
    #[arg(long, requires = "prune")]
    pub delete_topic: bool,
    /// The current time, RFC 3339 (for tests and rehearsals); default: the clock.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

impl PlanChoices {
    pub fn options(&self) -> Result<PlanOptions, CliError> {
        let now_ms = match &self.now {
            Some(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|e| CliError::Usage(format!("--now `{s}`: {e}")))?
                .timestamp_millis(),
            None => chrono::Utc::now().timestamp_millis(),
        };
        Ok(PlanOptions {
            now_ms,
            force: self.force,
            prune: self.prune,
            delete_topic: self.delete_topic,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: &PlanArgs) -> Result<Exit, CliError> {
    let Some(targets) = targets::load(&args.files, &args.input)? else {
        return Ok(Exit::Failed);
    };
    let opts = args.choices.options()?;
    let client = args.ksqldb.client()?;
    let recorded = args.workers.recorded(&targets);
    let made = runtime()?.block_on(read_and_plan(&client, &targets, &opts, &recorded));
    let plan = match made {
        Ok(p) => p,
        Err(e) => {
            say!("error: {e}");
            return Ok(Exit::Failed);
        }
    };
    let mut out = match args.format {
        Format::Json => super::out::data(),
        Format::Text => super::out::stdout(),
    };
    match args.format {
        Format::Json => writeln!(out, "{}", json(&plan))?,
        Format::Text => out.write_str(&text(&plan, args.verbose))?,
    }
    out.finish()?;
    Ok(if plan.has_changes() || plan.refused().next().is_some() {
        Exit::Pending
    } else {
        Exit::Ok
    })
}

/// Reads the cluster and plans; `recorded` is the scoring hash the workers run with,
/// by stream.
pub async fn read_and_plan(
    client: &Client,
    targets: &[Target],
    opts: &PlanOptions,
    recorded: &BTreeMap<String, String>,
) -> Result<Plan, String> {
    let cluster = Cluster::read(client)
        .await
        .map_err(|e| format!("cannot read the cluster at {}: {e}", client.url()))?;
    let mut p = plan(targets, &cluster, opts).map_err(|e| e.to_string())?;
    scoring::compare(&mut p, targets, recorded, opts);
    Ok(p)
}

fn json(plan: &Plan) -> String {
    let doc = serde_json::json!({
        "changes": plan.has_changes(),
        "actions": plan.actions,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The sign and word of an action kind.
pub fn label(kind: ActionKind) -> (&'static str, &'static str) {
    match kind {
        ActionKind::CreateSource => ("+", "create source"),
        ActionKind::Create => ("+", "create"),
        ActionKind::Replace => ("~", "replace"),
        ActionKind::Recreate => ("~", "recreate"),
        ActionKind::Rescore => ("~", "rescore"),
        ActionKind::Drop => ("-", "drop"),
        ActionKind::NoOp => ("=", "no change"),
        ActionKind::Refused => ("!", "refused"),
        ActionKind::Unmanaged => ("?", "unmanaged"),
    }
}

/// One line per action (statements with `verbose`), then a summary line.
pub fn text(plan: &Plan, verbose: bool) -> String {
    let mut out = lines(plan, verbose);
    let changes = plan.actions.iter().filter(|a| a.is_change()).count();
    let refused = plan.refused().count();
    out.push_str(&match (changes, refused) {
        (0, 0) => "no changes\n".to_owned(),
        (c, 0) => format!("{c} change{} pending\n", plural(c)),
        (c, r) => format!("{c} change{} pending, {r} refused\n", plural(c)),
    });
    out
}

/// One line per action, with its statements when `verbose`.
pub fn lines(plan: &Plan, verbose: bool) -> String {
    let mut out = String::new();
    for a in &plan.actions {
        let (sign, word) = label(a.kind);
        let who = match &a.tournament {
            Some(id) => format!("{}/{id}", a.operator),
            None => a.stream.clone(),
        };
        out.push_str(&format!("{sign} {word:<13} {who}: {}\n", a.reason));
        if verbose {
            if let Some(loc) = &a.location {
                out.push_str(&format!("    defined at {loc}, stream {}\n", a.stream));
            }
            for s in &a.statements {
                for line in s.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
