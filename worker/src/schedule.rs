//! The worker's wall clock: it idles until the pre-warm instant (start minus the
//! tournament's `prewarm`), scores through the window, and finalizes once the end plus
//! the allowed lateness has passed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tourney::ir::Tournament;

/// Where a tournament stands at `now_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Scheduled,
    Prewarm,
    Running,
    Finalizing,
}

pub fn phase(t: &Tournament, lateness_ms: i64, now_ms: i64) -> Phase {
    let s = &t.schedule;
    let prewarm_at = s
        .start_ms
        .saturating_sub(i64::try_from(s.prewarm_ms).unwrap_or(i64::MAX));
    if now_ms < prewarm_at {
        Phase::Scheduled
    } else if now_ms < s.start_ms {
        Phase::Prewarm
    } else if now_ms < s.end_ms.saturating_add(lateness_ms) {
        Phase::Running
    } else {
        Phase::Finalizing
    }
}

/// Sleeps until the pre-warm instant; returns false when stopped first.
pub fn wait_for_prewarm(t: &Tournament, lateness_ms: i64, stop: &AtomicBool) -> bool {
    while phase(t, lateness_ms, crate::scorer::now_ms()) == Phase::Scheduled {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    !stop.load(Ordering::Relaxed)
}
