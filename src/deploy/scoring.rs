//! The scoring config is part of what is deployed. A change to a tournament's `score`
//! or `leaderboard` block changes no ksqlDB statement, so it is recorded where the
//! workers keep their config: the `tourney.dev/scoring-hash` annotation of the
//! Kubernetes manifests (`--workers k8s --out DIR`), and a `<operator>.<id>.scoring`
//! file beside a local worker's pid file (`--workers local`, written when the worker
//! starts). `plan` and `deploy` compare the recorded hash with the files': a
//! difference is a `rescore`, refused once the tournament has started unless
//! `--force`, like a changed filter.

use super::plan::{Action, ActionKind, Plan, PlanOptions};
use super::target::Target;
use crate::emit::names::fnv1a64;
use std::collections::BTreeMap;

/// The annotation holding the hash in the manifests.
pub const ANNOTATION: &str = "tourney.dev/scoring-hash";

/// The hash of the tournament's scoring and leaderboard config, 16 hex digits.
pub fn hash(t: &Target) -> String {
    let text = serde_json::to_string(&(&t.emitted.config.scoring, &t.emitted.config.leaderboard))
        .unwrap_or_default();
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

/// `<operator>.<id>.scoring` in a local worker's run directory.
pub fn local_file(run_dir: &std::path::Path, operator: &str, id: &str) -> std::path::PathBuf {
    run_dir.join(format!("{operator}.{id}.scoring"))
}

/// The hash recorded in a manifest file's text, if any.
pub fn from_manifest(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix(ANNOTATION)?.strip_prefix(':')?;
        Some(rest.trim().trim_matches('"').to_owned())
    })
}

/// Marks the tournaments whose recorded scoring hash (`recorded`, by stream) differs
/// from the files': a `no change` becomes a `rescore`, any action is refused while
/// the tournament runs unless forced.
pub fn compare(
    plan: &mut Plan,
    targets: &[Target],
    recorded: &BTreeMap<String, String>,
    opts: &PlanOptions,
) {
    for a in plan.actions.iter_mut() {
        let Some(t) = targets.iter().find(|t| t.emitted.stream == a.stream) else {
            continue;
        };
        let Some(old) = recorded.get(&a.stream) else {
            continue;
        };
        let new = hash(t);
        if *old == new || matches!(a.kind, ActionKind::Create | ActionKind::Refused) {
            continue;
        }
        mark(a, t, old, &new, opts);
    }
}

fn mark(a: &mut Action, t: &Target, old: &str, new: &str, opts: &PlanOptions) {
    let what = format!(
        "the scoring config (score or leaderboard) differs from the one its workers run ({old} → {new})"
    );
    let running = opts.now_ms >= t.tournament.schedule.start_ms;
    if running && !opts.force {
        a.kind = ActionKind::Refused;
        a.statements.clear();
        a.reason = format!(
            "{what}, but the tournament has started (since {}); use --force to change it",
            t.tournament.schedule.start
        );
    } else if a.kind == ActionKind::NoOp {
        a.kind = ActionKind::Rescore;
        a.reason = what;
    } else {
        a.reason = format!("{}; {what}", a.reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_read_back_from_a_manifest() {
        let text = format!("metadata:\n  annotations:\n    {ANNOTATION}: \"00ff\"\n");
        assert_eq!(from_manifest(&text).as_deref(), Some("00ff"));
        assert_eq!(from_manifest("kind: Deployment\n"), None);
    }
}
