//! The plan: what must change on the cluster for it to match the files.
//!
//! Per tournament: create (not deployed), replace (statement differs; refused for a
//! tournament whose window has started unless forced), recreate (the stream is there
//! but its query is gone or failed), no-op. Per deployed stream of the files'
//! operators that no file defines: drop with `--prune`, otherwise reported as
//! unmanaged. Every statement of the plan passes the operator guard.

use super::drift::{colliding_topic, source_drift, stream_drift};
use super::guard::{self, GuardError};
use super::normalize::same;
use super::state::{Cluster, Query};
use super::target::Target;
use crate::emit::names::{operator_prefix, stream_name, SOURCE_STREAM, SOURCE_TOPIC};
use crate::emit::{sql, EmitError, Ident};
use crate::ir::SourceSpan;
use serde::Serialize;
use std::collections::BTreeSet;

/// What to do about one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Declare the shared source stream.
    CreateSource,
    /// Create the tournament's stream and query.
    Create,
    /// `CREATE OR REPLACE`: upgrade the running query in place.
    Replace,
    /// Drop the stream and create it again (its query is gone or failed).
    Recreate,
    /// Only the scoring config changed: the workers are updated, no statement.
    Rescore,
    /// Drop a stream no file defines (`--prune`).
    Drop,
    /// Deployed as the file says.
    NoOp,
    /// A change is needed but refused (running tournament, unclear state).
    Refused,
    /// Deployed, defined by no file, kept (no `--prune`).
    Unmanaged,
}

/// One line of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub kind: ActionKind,
    pub operator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tournament: Option<String>,
    pub stream: String,
    pub reason: String,
    /// The statements to send, in order.
    pub statements: Vec<String>,
    /// `file:line:column` of the `tournament` block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The `tournament` block: file, byte span, line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<SourceSpan>,
}

impl Action {
    /// Whether applying the action changes the cluster.
    pub fn is_change(&self) -> bool {
        matches!(
            self.kind,
            ActionKind::CreateSource
                | ActionKind::Create
                | ActionKind::Replace
                | ActionKind::Recreate
                | ActionKind::Rescore
                | ActionKind::Drop
        )
    }
}

/// Every action, the source stream first, then tournaments by operator and id, then
/// drops.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// `TOURNEY_<OP>_` of every operator of the files: the guard's allow-list.
    #[serde(skip)]
    pub prefixes: Vec<String>,
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        self.actions.iter().any(Action::is_change)
    }

    pub fn refused(&self) -> impl Iterator<Item = &Action> {
        self.actions
            .iter()
            .filter(|a| a.kind == ActionKind::Refused)
    }
}

/// Choices of the person planning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The clock, in epoch milliseconds (`--now` in tests).
    pub now_ms: i64,
    /// Replace the query of a tournament whose window has started.
    pub force: bool,
    /// Drop deployed streams of these operators that no file defines.
    pub prune: bool,
    /// With `prune`, delete their topics too.
    pub delete_topic: bool,
}

/// Why no plan could be made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Emit(#[from] EmitError),
    #[error(transparent)]
    Guard(#[from] GuardError),
}

/// Compares the files with the cluster.
pub fn plan(targets: &[Target], cluster: &Cluster, opts: &PlanOptions) -> Result<Plan, PlanError> {
    let operators: BTreeSet<&str> = targets
        .iter()
        .map(|t| t.tournament.operator.as_str())
        .collect();
    let prefixes = operators
        .iter()
        .map(|o| operator_prefix(o))
        .collect::<Result<Vec<_>, _>>()?;
    let mut actions = Vec::new();
    let mut source_ok = true;
    if !targets.is_empty() {
        if let Some(a) = check_source(targets, cluster)? {
            source_ok = a.kind != ActionKind::Refused;
            actions.push(a);
        }
    }
    let mut sorted: Vec<&Target> = targets.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.tournament.operator, &a.tournament.id).cmp(&(&b.tournament.operator, &b.tournament.id))
    });
    for t in sorted {
        let mut a = for_target(t, cluster, opts)?;
        if !source_ok && a.is_change() {
            a.kind = ActionKind::Refused;
            a.reason = format!(
                "{}, but the source stream {SOURCE_STREAM} differs from the compiled one (see above); fix it first",
                a.reason
            );
            a.statements.clear();
        }
        actions.push(a);
    }
    let wanted: BTreeSet<&str> = targets.iter().map(|t| t.emitted.stream.as_str()).collect();
    for op in &operators {
        actions.extend(orphans(op, &wanted, cluster, opts)?);
    }
    for a in &actions {
        for s in &a.statements {
            guard::check(s, &prefixes)?;
        }
    }
    Ok(Plan { actions, prefixes })
}

/// The source stream: created when missing, refused when the deployed one differs
/// from the compiled declaration (columns, types, topic, value format, timestamp
/// column and format), nothing when it matches.
fn check_source(targets: &[Target], cluster: &Cluster) -> Result<Option<Action>, EmitError> {
    let Some(deployed) = cluster.streams.get(SOURCE_STREAM) else {
        return create_source(targets).map(Some);
    };
    let compiled = compiled_source(targets)?;
    let drift = source_drift(&compiled, deployed);
    if drift.is_empty() {
        return Ok(None);
    }
    Ok(Some(Action {
        kind: ActionKind::Refused,
        operator: String::new(),
        tournament: None,
        stream: SOURCE_STREAM.into(),
        reason: format!(
            "the deployed source stream differs from the compiled one: {}; nothing is built on it until it is declared again as the compiler emits it",
            drift.join("; ")
        ),
        statements: vec![],
        location: None,
        origin: None,
    }))
}

fn compiled_source(targets: &[Target]) -> Result<String, EmitError> {
    targets
        .first()
        .map(|t| t.emitted.source_stream.clone())
        .map_or_else(crate::emit::source_stream, Ok)
}

fn create_source(targets: &[Target]) -> Result<Action, EmitError> {
    Ok(Action {
        kind: ActionKind::CreateSource,
        operator: String::new(),
        tournament: None,
        stream: crate::emit::names::SOURCE_STREAM.into(),
        reason: format!("the shared source stream over `{SOURCE_TOPIC}` is missing"),
        statements: vec![compiled_source(targets)?],
        location: None,
        origin: None,
    })
}

fn action(t: &Target, kind: ActionKind, reason: String, statements: Vec<String>) -> Action {
    Action {
        kind,
        operator: t.tournament.operator.clone(),
        tournament: Some(t.tournament.id.clone()),
        stream: t.emitted.stream.clone(),
        reason,
        statements,
        location: t
            .origin
            .as_ref()
            .map(|o| format!("{}:{}:{}", o.file, o.line, o.column)),
        origin: t.origin.clone(),
    }
}

fn for_target(t: &Target, cluster: &Cluster, opts: &PlanOptions) -> Result<Action, PlanError> {
    let stream = t.emitted.stream.as_str();
    let Some(deployed) = cluster.streams.get(stream) else {
        if let Some(other) = colliding_topic(&t.emitted.topic, cluster) {
            let reason = format!(
                "its topic `{}` collides with `{other}` on the cluster (Kafka treats `.` and `_` in topic names alike); rename the tournament or retire the other",
                t.emitted.topic
            );
            return Ok(action(t, ActionKind::Refused, reason, vec![]));
        }
        let create = vec![t.emitted.statement.clone()];
        return Ok(action(t, ActionKind::Create, "not deployed".into(), create));
    };
    let writers: Vec<&Query> = cluster.writers(stream).collect();
    Ok(match writers.as_slice() {
        [] => action(
            t,
            ActionKind::Recreate,
            "the stream exists but no query writes it (terminated by hand?)".into(),
            recreate(t),
        ),
        [q] => {
            let source = cluster.streams.get(SOURCE_STREAM);
            let drift = stream_drift(&t.emitted.statement, &q.statement, deployed, source);
            if !drift.is_empty() {
                let reason = format!(
                    "the deployed stream differs from the file: {}",
                    drift.join("; ")
                );
                guarded(t, opts, reason, ActionKind::Recreate, recreate(t))
            } else if !same(&q.statement, &t.emitted.statement) {
                replace(t, q, opts)?
            } else if q.state == "RUNNING" {
                action(
                    t,
                    ActionKind::NoOp,
                    format!("up to date (query {})", q.id),
                    vec![],
                )
            } else {
                action(
                    t,
                    ActionKind::Recreate,
                    format!("query {} is {}, not RUNNING", q.id, q.state),
                    recreate(t),
                )
            }
        }
        many => action(
            t,
            ActionKind::Refused,
            format!(
                "{} queries write into the stream ({}); resolve by hand",
                many.len(),
                many.iter()
                    .map(|q| q.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            vec![],
        ),
    })
}

fn recreate(t: &Target) -> Vec<String> {
    vec![t.emitted.drop.clone(), t.emitted.statement.clone()]
}

/// `kind` with `statements`, or refused once the tournament has started (unless
/// forced).
fn guarded(
    t: &Target,
    opts: &PlanOptions,
    reason: String,
    kind: ActionKind,
    statements: Vec<String>,
) -> Action {
    match started(t, opts.now_ms) {
        Some(when) if !opts.force => action(
            t,
            ActionKind::Refused,
            format!("{reason}, but the tournament {when}; use --force to change it"),
            vec![],
        ),
        _ => action(t, kind, reason, statements),
    }
}

/// `CREATE OR REPLACE`, or refused once the tournament has started (unless forced).
fn replace(t: &Target, q: &Query, opts: &PlanOptions) -> Result<Action, PlanError> {
    let reason = format!(
        "the deployed statement of query {} differs from the file",
        q.id
    );
    if started(t, opts.now_ms).is_some() && !opts.force {
        let a = guarded(t, opts, reason, ActionKind::Replace, vec![]);
        return Ok(Action {
            reason: a
                .reason
                .replace("use --force to change it", "use --force to replace it"),
            ..a
        });
    }
    Ok(action(
        t,
        ActionKind::Replace,
        reason,
        vec![t.replace_statement()?],
    ))
}

/// `Some("is running since ...")` once the window has started.
fn started(t: &Target, now_ms: i64) -> Option<String> {
    let s = &t.tournament.schedule;
    if now_ms < s.start_ms {
        None
    } else if now_ms < s.end_ms || (s.end_inclusive && now_ms == s.end_ms) {
        Some(format!("is running (since {})", s.start))
    } else {
        Some(format!("has ended ({})", s.end))
    }
}

/// Deployed streams of `operator` that no file defines. A stream counts as the
/// operator's only if its topic names the operator and a tournament id whose stream
/// name is exactly this stream: the name prefix alone is not proof (`a` vs `a_b`).
fn orphans(
    operator: &str,
    wanted: &BTreeSet<&str>,
    cluster: &Cluster,
    opts: &PlanOptions,
) -> Result<Vec<Action>, PlanError> {
    let prefix = operator_prefix(operator)?;
    let topic_prefix = format!("tournament.eligible.{operator}.");
    let mut out = Vec::new();
    for s in cluster.streams_with_prefix(&prefix) {
        if wanted.contains(s.name.as_str()) {
            continue;
        }
        let Some(id) = s.topic.strip_prefix(&topic_prefix) else {
            continue;
        };
        if stream_name(operator, id).ok().as_ref().map(Ident::as_str) != Some(s.name.as_str()) {
            continue;
        }
        let (kind, reason, statements) = if opts.prune {
            let drop = sql::drop_stream(
                &Ident::new(s.name.clone()).map_err(EmitError::from)?,
                opts.delete_topic,
            );
            (
                ActionKind::Drop,
                "deployed but defined by no file".into(),
                vec![drop],
            )
        } else {
            (
                ActionKind::Unmanaged,
                "deployed but defined by no file; --prune drops it".into(),
                vec![],
            )
        };
        out.push(Action {
            kind,
            operator: operator.to_owned(),
            tournament: Some(id.to_owned()),
            stream: s.name.clone(),
            reason,
            statements,
            location: None,
            origin: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
