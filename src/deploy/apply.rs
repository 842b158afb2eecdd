//! Applying a plan: one statement at a time, in plan order (source stream first),
//! waiting after each create or replace until the tournament's query is `RUNNING`.
//!
//! A write whose outcome is unknown (time-out, 5xx after sending) or that ksqlDB
//! rejects as "already exists" / "does not exist" is not sent again blindly: the
//! cluster is read back, and the step counts as done only if its effect is there.
//! The first failure stops the run; the report says what was done and what was not,
//! and running deploy again finishes the job.

use super::client::{Client, KsqlError};
use super::guard::{self, GuardError};
use super::normalize::same;
use super::plan::{Action, ActionKind, Plan};
use super::state::Cluster;
use crate::emit::names::SOURCE_STREAM;
use serde::Serialize;
use std::time::{Duration, Instant};

/// How long to wait for queries to run.
#[derive(Debug, Clone, Copy)]
pub struct ApplyOptions {
    pub running_deadline: Duration,
    pub poll: Duration,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            running_deadline: Duration::from_secs(60),
            poll: Duration::from_millis(500),
        }
    }
}

/// What became of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Outcome {
    /// Applied, and (for a query) seen `RUNNING`.
    Done,
    /// The answer was lost or conflicting, but the cluster shows the effect.
    Confirmed(String),
    /// Failed: the message says why.
    Failed(String),
    /// Not attempted, because an earlier step failed.
    NotRun,
}

/// One applied (or not applied) action.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub kind: ActionKind,
    pub operator: String,
    pub stream: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tournament: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The statement that failed, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_statement: Option<String>,
}

/// The result of a deploy.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub steps: Vec<Step>,
}

impl Report {
    /// Whether every step is done or confirmed.
    pub fn complete(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s.outcome, Outcome::Done | Outcome::Confirmed(_)))
    }

    /// The streams whose query this deploy replaced, recreated or rescored: their
    /// running workers read the old rules until they are restarted.
    pub fn changed_streams(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    ActionKind::Replace | ActionKind::Recreate | ActionKind::Rescore
                )
            })
            .map(|s| s.stream.as_str())
            .collect()
    }
}

/// Why a step failed.
#[derive(Debug, thiserror::Error)]
enum StepError {
    #[error(transparent)]
    Ksql(#[from] KsqlError),
    #[error(transparent)]
    Guard(#[from] GuardError),
    #[error("{0}")]
    Query(String),
}

/// Applies every change of `plan`, stopping at the first failure.
pub async fn apply(client: &Client, plan: &Plan, opts: &ApplyOptions) -> Report {
    let mut steps = Vec::new();
    let mut failed = false;
    for action in plan.actions.iter().filter(|a| a.is_change()) {
        let mut step = Step {
            kind: action.kind,
            operator: action.operator.clone(),
            stream: action.stream.clone(),
            tournament: action.tournament.clone(),
            location: action.location.clone(),
            outcome: Outcome::NotRun,
            failed_statement: None,
        };
        if !failed {
            match run_action(client, plan, action, opts).await {
                Ok(outcome) => step.outcome = outcome,
                Err((statement, e)) => {
                    failed = true;
                    step.outcome = Outcome::Failed(e.to_string());
                    step.failed_statement = Some(statement);
                }
            }
        }
        steps.push(step);
    }
    Report { steps }
}

async fn run_action(
    client: &Client,
    plan: &Plan,
    action: &Action,
    opts: &ApplyOptions,
) -> Result<Outcome, (String, StepError)> {
    let mut outcome = Outcome::Done;
    for statement in &action.statements {
        let fail = |e: StepError| (statement.clone(), e);
        guard::check(statement, &plan.prefixes).map_err(|e| fail(e.into()))?;
        match client.execute(statement).await {
            Ok(_) => {}
            Err(e) if e.outcome_unknown() || e.is_exists_conflict() => {
                let cluster = Cluster::read(client).await.map_err(|r| fail(r.into()))?;
                if !effect_present(action, statement, &cluster) {
                    return Err(fail(e.into()));
                }
                outcome = Outcome::Confirmed(format!("{e}; the cluster shows the change"));
            }
            Err(e) => return Err(fail(e.into())),
        }
    }
    if matches!(
        action.kind,
        ActionKind::Create | ActionKind::Replace | ActionKind::Recreate
    ) {
        let last = action.statements.last().cloned().unwrap_or_default();
        wait_running(client, &action.stream, opts)
            .await
            .map_err(|e| (last, e))?;
    }
    Ok(outcome)
}

/// Whether the cluster shows what `statement` of `action` was meant to do.
fn effect_present(action: &Action, statement: &str, cluster: &Cluster) -> bool {
    if statement
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("DROP ")
    {
        return !cluster.streams.contains_key(&action.stream);
    }
    if action.stream == SOURCE_STREAM {
        return cluster.has_source();
    }
    cluster
        .writers(&action.stream)
        .any(|q| same(&q.statement, statement))
}

/// Polls `SHOW QUERIES EXTENDED` until the query writing `stream` is `RUNNING`.
async fn wait_running(client: &Client, stream: &str, opts: &ApplyOptions) -> Result<(), StepError> {
    let started = Instant::now();
    loop {
        let cluster = Cluster::read(client).await?;
        let states: Vec<(String, String)> = cluster
            .writers(stream)
            .map(|q| (q.id.clone(), q.state.clone()))
            .collect();
        match states.as_slice() {
            [(_, s)] if s == "RUNNING" => return Ok(()),
            [(id, s)] if s == "ERROR" => {
                return Err(StepError::Query(format!(
                    "query {id} of `{stream}` is ERROR"
                )))
            }
            _ => {}
        }
        if started.elapsed() >= opts.running_deadline {
            let seen = states
                .iter()
                .map(|(id, s)| format!("{id} {s}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(StepError::Query(format!(
                "the query of `{stream}` was not RUNNING within {} s (seen: {})",
                opts.running_deadline.as_secs(),
                if seen.is_empty() { "no query" } else { &seen }
            )));
        }
        tokio::time::sleep(opts.poll).await;
    }
}
