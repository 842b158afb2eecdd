//! The worker's wall clock before it starts reading: it idles until the pre-warm
//! instant (start minus the tournament's `prewarm`). Scoring then runs through the
//! window, and the scorer finalizes once the end plus the allowed lateness has passed.

use crate::scorer::now_ms;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tourney::ir::Tournament;
use tourney::serve::Phase;

/// Sleeps until the pre-warm instant; returns false when stopped first.
pub fn wait_for_prewarm(t: &Tournament, stop: &AtomicBool) -> bool {
    while Phase::at(&t.schedule, now_ms()) == Phase::Scheduled {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    !stop.load(Ordering::Relaxed)
}
