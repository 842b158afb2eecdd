//! The scoring config is part of what is deployed. A change to a tournament's `score`
//! or `leaderboard` block changes no ksqlDB statement, so it is recorded where the
//! workers keep their config: the tournament's record under `DIR/tournaments/` for the
//! Kubernetes pool (`--workers k8s --out DIR`, see [`super::k8s::layout`]), and a `<operator>.<id>.scoring`
//! file beside a local worker's pid file (`--workers local`, written when the worker
//! starts). `plan` and `deploy` compare the recorded hash with the files': a
//! difference is a `rescore`, refused once the tournament has started unless
//! `--force`, like a changed filter.

use super::plan::{Action, ActionKind, Plan, PlanOptions};
use super::target::Target;
use crate::emit::names::fnv1a64;
use crate::ir::{Display, PrizeTier, TieBreak, Update, Visibility};
use serde::Serialize;
use std::collections::BTreeMap;

/// The hash of the tournament's scoring and leaderboard config, 16 hex digits.
pub fn hash(t: &Target) -> String {
    let lb = &t.emitted.config.leaderboard;
    let board = HashedBoard {
        update: &lb.update,
        ties: &lb.ties,
        size: lb.size,
        prizes: &lb.prizes,
        visibility: &lb.visibility,
        display: &lb.display,
    };
    let text = serde_json::to_string(&(&t.emitted.config.scoring, board)).unwrap_or_default();
    format!("{:016x}", fnv1a64(text.as_bytes()))
}

/// The leaderboard as hashed: as the config writes it, except that the visibility
/// and display are left out when they are the defaults, so a tournament that does not
/// set them keeps the hash it had before they existed (and its workers are not asked
/// to rescore on upgrade), while setting or changing one is a `rescore`.
#[derive(Serialize)]
struct HashedBoard<'a> {
    update: &'a Update,
    ties: &'a [TieBreak],
    size: u32,
    #[serde(skip_serializing_if = "<[PrizeTier]>::is_empty")]
    prizes: &'a [PrizeTier],
    #[serde(skip_serializing_if = "is_default")]
    visibility: &'a Visibility,
    #[serde(skip_serializing_if = "is_default")]
    display: &'a Display,
}

fn is_default<T: Default + PartialEq>(v: &&T) -> bool {
    **v == T::default()
}

/// `<operator>.<id>.scoring` in a local worker's run directory.
pub fn local_file(run_dir: &std::path::Path, operator: &str, id: &str) -> std::path::PathBuf {
    run_dir.join(format!("{operator}.{id}.scoring"))
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
    use crate::check::{check_project, Project};

    fn target(board: &str) -> Target {
        let text = format!(
            "tournament \"t\" {{\n  title \"T\"\n  operator \"op\"\n  runs 2031-03-01T00:00:00Z .. 2031-03-08T00:00:00Z\n  score {{\n    points = 1\n  }}\n  leaderboard {{\n{board}\n  }}\n}}\n"
        );
        let mut project = Project::new();
        project.add_file("t.tourney", text.clone());
        let checked = check_project(&project);
        let t = checked.tournaments().next().expect("a tournament");
        Target::new(t, None, text).expect("compiles")
    }

    #[test]
    fn the_default_visibility_and_display_keep_the_hash_they_had_before() {
        let t = target("    size 10");
        let c = &t.emitted.config;
        let now = serde_json::to_string(&(&c.scoring, &c.leaderboard)).expect("json");
        let before = now.replace(r#","visibility":"public","display":"masked""#, "");
        assert_ne!(before, now);
        assert_eq!(hash(&t), format!("{:016x}", fnv1a64(before.as_bytes())));
    }

    #[test]
    fn setting_the_visibility_or_display_changes_the_hash() {
        let plain = hash(&target("    size 10"));
        let private = hash(&target("    size 10\n    private"));
        let named = hash(&target("    size 10\n    display name"));
        let explicit = hash(&target("    size 10\n    public\n    display masked"));
        assert_ne!(plain, private);
        assert_ne!(plain, named);
        assert_ne!(private, named);
        assert_eq!(plain, explicit);
    }
}
