//! The worker's wall clock before it starts reading: it idles until the pre-warm
//! instant (start minus the tournament's `prewarm`). Scoring then runs through the
//! window, and the scorer finalizes once the end plus the allowed lateness has passed.

use crate::scorer::now_ms;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tourney::ir::Tournament;
use tourney::serve::api::liveness::Beat;
use tourney::serve::Phase;

/// Sleeps until the pre-warm instant; returns false when stopped first.
pub fn wait_for_prewarm(t: &Tournament, stop: &AtomicBool, beat: &Beat) -> bool {
    while Phase::at(&t.schedule, now_ms()) == Phase::Scheduled {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        beat.beat();
        std::thread::sleep(Duration::from_millis(200));
    }
    !stop.load(Ordering::Relaxed)
}

/// A worker's readiness: ready once every tournament already due when it started
/// (inside its pre-warm or later) has restored its state and been assigned its input.
/// Tournaments whose pre-warm comes later do not hold it back.
#[derive(Debug)]
pub struct Starting {
    due: AtomicUsize,
    ready: Arc<AtomicBool>,
}

impl Starting {
    pub fn new(tournaments: &[Tournament], ready: &Arc<AtomicBool>) -> Starting {
        let now = now_ms();
        let due = tournaments
            .iter()
            .filter(|t| Phase::at(&t.schedule, now) != Phase::Scheduled)
            .count();
        ready.store(due == 0, Ordering::Relaxed);
        Starting {
            due: AtomicUsize::new(due),
            ready: Arc::clone(ready),
        }
    }

    /// One more tournament is restored and assigned.
    pub fn started(&self) {
        let left = self
            .due
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |d| d.checked_sub(1))
            .map_or(0, |d| d - 1);
        if left == 0 {
            self.ready.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    fn tournament(start: &str) -> Tournament {
        let src = format!(
            "tournament \"t\" {{\n  title \"T\"\n  operator \"op\"\n  runs {start} .. 2100-01-02T00:00:00Z\n  \
             eligible when {{\n    wager.amount >= 1.00 EUR\n  }}\n  score {{\n    points = wager.amount\n  }}\n  \
             leaderboard {{\n    size 10\n  }}\n}}\n"
        );
        let mut project = tourney::check::Project::new();
        project.add_file_bytes(String::from("t.tourney"), src.into_bytes());
        let checked = tourney::check::check_project(&project);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let t = checked.tournaments().next().cloned().unwrap();
        t
    }

    /// Ready once the tournaments due now are started; one due next century does not
    /// hold readiness back.
    #[test]
    fn a_worker_is_ready_once_its_due_tournaments_are_started() {
        let ready = Arc::new(AtomicBool::new(true));
        let due = [
            tournament("2020-01-01T00:00:00Z"),
            tournament("2099-12-31T00:00:00Z"),
        ];
        let starting = Starting::new(&due, &ready);
        assert!(!ready.load(Ordering::Relaxed));
        starting.started();
        assert!(ready.load(Ordering::Relaxed));
        let later = [tournament("2099-12-31T00:00:00Z")];
        let _ = Starting::new(&later, &ready);
        assert!(ready.load(Ordering::Relaxed), "nothing due: ready at once");
    }
}
