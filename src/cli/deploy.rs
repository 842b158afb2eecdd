//! `tourney deploy FILES --ksqldb URL`: apply the plan, then launch or update the
//! scoring workers. Idempotent: a second run finds nothing to change and sends only
//! reads.

use super::exit::Exit;
use super::input::InputArgs;
use super::ksqldb::{runtime, KsqldbArgs};
use super::out::say;
use super::out::Stdout;
use super::plan::{label, lines, read_and_plan, PlanChoices};
use super::targets::{self, pointer};
use super::workers::WorkerArgs;
use super::CliError;
use crate::deploy::apply::{apply, ApplyOptions, Outcome, Report};
use crate::deploy::{Client, Plan, PlanOptions, Target};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct DeployArgs {
    /// Files or directories of `.tourney` files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub ksqldb: KsqldbArgs,
    #[command(flatten)]
    pub choices: PlanChoices,
    /// Seconds to wait for each new query to be RUNNING.
    #[arg(long, value_name = "S", default_value_t = 60)]
    pub running_timeout: u64,
    #[command(flatten)]
    pub workers: WorkerArgs,
    /// Show the statements of each action.
    #[arg(long, short)]
    pub verbose: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: &DeployArgs) -> Result<Exit, CliError> {
    args.workers.validate()?;
    let Some(targets) = targets::load(&args.files, &args.input)? else {
        return Ok(Exit::Failed);
    };
    let opts = args.choices.options()?;
    let client = args.ksqldb.client()?;
    let apply_opts = ApplyOptions {
        running_deadline: Duration::from_secs(args.running_timeout),
        ..ApplyOptions::default()
    };
    let recorded = args.workers.recorded(&targets);
    let result = runtime()?.block_on(plan_and_apply(
        &client,
        &targets,
        &opts,
        &apply_opts,
        &recorded,
    ));
    let (plan, report) = match result {
        Ok(r) => r,
        Err(e) => {
            say!("error: {e}");
            return Ok(Exit::Failed);
        }
    };
    let mut out = super::out::stdout();
    out.write_str(&lines(&plan, args.verbose))?;
    print_report(&mut out, &report, &targets)?;
    out.flush()?;
    if !report.complete() {
        print_incomplete(&report);
        return Ok(Exit::Failed);
    }
    let refused = plan.refused().count();
    if refused > 0 {
        say!(
            "error: {refused} change{} refused; nothing else is left to do (see above)",
            if refused == 1 { " was" } else { "s were" }
        );
        return Ok(Exit::Failed);
    }
    writeln!(out, "{}", summary(&report))?;
    for line in args.workers.launch(&targets, &report.changed_streams())? {
        writeln!(out, "{line}")?;
    }
    out.finish()?;
    Ok(Exit::Ok)
}

/// Checks the server's health, names it, plans and applies.
async fn plan_and_apply(
    client: &Client,
    targets: &[Target],
    opts: &PlanOptions,
    apply_opts: &ApplyOptions,
    recorded: &std::collections::BTreeMap<String, String>,
) -> Result<(Plan, Report), String> {
    let health = client
        .healthcheck()
        .await
        .map_err(|e| format!("cannot reach ksqlDB at {}: {e}", client.url()))?;
    if !health.is_healthy {
        return Err(format!(
            "ksqlDB at {} reports itself unhealthy (unhealthy: {}; state {}); nothing was sent",
            client.url(),
            health.unhealthy().join(", "),
            health.server_state.as_deref().unwrap_or("unknown")
        ));
    }
    if let Ok(info) = client.info().await {
        say!(
            "ksqlDB {} at {} (Kafka cluster {}, service {})",
            info.version,
            client.url(),
            info.kafka_cluster_id,
            info.ksql_service_id
        );
    }
    let plan = read_and_plan(client, targets, opts, recorded).await?;
    let report = apply(client, &plan, apply_opts).await;
    Ok((plan, report))
}

fn summary(report: &Report) -> String {
    match report.steps.len() {
        0 => "deployed: the cluster already matches the files".into(),
        1 => "deployed: 1 change applied".into(),
        n => format!("deployed: {n} changes applied"),
    }
}

fn print_report(out: &mut Stdout, report: &Report, targets: &[Target]) -> Result<(), CliError> {
    for s in &report.steps {
        let (_, word) = label(s.kind);
        let who = match &s.tournament {
            Some(id) => format!("{}/{id} ({})", s.operator, s.stream),
            None => s.stream.clone(),
        };
        match &s.outcome {
            Outcome::Done => writeln!(out, "done     {word} {who}")?,
            Outcome::Confirmed(why) => writeln!(out, "done     {word} {who} ({why})")?,
            Outcome::NotRun => writeln!(out, "not run  {word} {who}")?,
            Outcome::Failed(why) => {
                writeln!(out, "FAILED   {word} {who}")?;
                out.flush()?;
                say!("error: {word} of `{}` failed: {why}", s.stream);
                if let Some(t) = targets.iter().find(|t| t.emitted.stream == s.stream) {
                    let at = pointer(t);
                    if !at.is_empty() {
                        say!("{}", at.trim_end());
                    }
                }
                if let Some(stmt) = &s.failed_statement {
                    say!("  = statement: {}", stmt.lines().next().unwrap_or_default());
                }
            }
        }
    }
    Ok(())
}

fn print_incomplete(report: &Report) {
    let count = |f: fn(&Outcome) -> bool| report.steps.iter().filter(|s| f(&s.outcome)).count();
    say!(
        "error: deploy incomplete: {} done, {} failed, {} not run; run deploy again to finish",
        count(|o| matches!(o, Outcome::Done | Outcome::Confirmed(_))),
        count(|o| matches!(o, Outcome::Failed(_))),
        count(|o| matches!(o, Outcome::NotRun)),
    );
}
