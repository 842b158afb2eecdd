//! What `/healthz` says of a process with scoring loops: alive while every loop goes
//! round. Each loop holds a [`Beat`] and calls [`Beat::beat`] on every pass; once one
//! of them has gone without a beat for the stall limit, `/healthz` answers 503 and an
//! orchestrator restarts the process. A loop that ended (its `Beat` dropped) no longer
//! counts.

use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Liveness {
    started: Instant,
    stall_after: Duration,
    /// Milliseconds from `started` to each loop's last beat.
    loops: Mutex<Vec<Weak<AtomicU64>>>,
}

/// One loop's heartbeat.
#[derive(Debug)]
pub struct Beat {
    owner: Arc<Liveness>,
    last: Arc<AtomicU64>,
}

impl Liveness {
    /// A loop counts as stalled once `stall_after` passes without a beat.
    pub fn new(stall_after: Duration) -> Arc<Self> {
        Arc::new(Liveness {
            started: Instant::now(),
            stall_after,
            loops: Mutex::new(Vec::new()),
        })
    }

    /// A heartbeat for one more loop, beating from now.
    pub fn register(self: &Arc<Self>) -> Beat {
        let last = Arc::new(AtomicU64::new(self.millis()));
        let mut loops = self.loops.lock();
        loops.retain(|l| l.strong_count() > 0);
        loops.push(Arc::downgrade(&last));
        Beat {
            owner: Arc::clone(self),
            last,
        }
    }

    /// How long the quietest loop has gone without a beat, once that exceeds the limit.
    pub fn stalled_for(&self) -> Option<Duration> {
        let now = self.millis();
        let oldest = self
            .loops
            .lock()
            .iter()
            .filter_map(Weak::upgrade)
            .map(|l| l.load(Ordering::Relaxed))
            .min()?;
        let quiet = Duration::from_millis(now.saturating_sub(oldest));
        (quiet > self.stall_after).then_some(quiet)
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

impl Beat {
    /// The loop went round once more.
    pub fn beat(&self) {
        self.last.store(self.owner.millis(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loop_must_beat_and_an_ended_loop_no_longer_counts() {
        let l = Liveness::new(Duration::from_millis(30));
        assert_eq!(l.stalled_for(), None, "no loop yet");
        let (a, b) = (l.register(), l.register());
        std::thread::sleep(Duration::from_millis(60));
        a.beat();
        let quiet = l.stalled_for();
        assert!(
            quiet.is_some_and(|q| q >= Duration::from_millis(60)),
            "{quiet:?}"
        );
        b.beat();
        assert_eq!(l.stalled_for(), None);
        std::thread::sleep(Duration::from_millis(60));
        a.beat();
        drop(b);
        assert_eq!(l.stalled_for(), None, "the quiet loop ended");
    }
}
