//! Where a tournament is in its life, read off a clock (the event clock in the embedded
//! run, the worker's clock in production).

use crate::ir::Schedule;
use serde::{Deserialize, Serialize};

/// The phase of a live tournament, in the order they follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Before the pre-warm lead time.
    Scheduled,
    /// Inside the pre-warm lead time: workers up, no wager counts yet.
    Prewarm,
    /// Inside the window.
    Running,
    /// The window is over (or the input ended); the last board is being published.
    Finalizing,
    /// The final board is published and will not change.
    Finished,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 5] = [
        Phase::Scheduled,
        Phase::Prewarm,
        Phase::Running,
        Phase::Finalizing,
        Phase::Finished,
    ];

    /// The phase a clock at `now_ms` implies. The clock alone never says `Finished`:
    /// that takes the final flush.
    pub fn at(schedule: &Schedule, now_ms: i64) -> Phase {
        let prewarm = i64::try_from(schedule.prewarm_ms).unwrap_or(i64::MAX);
        if now_ms < schedule.start_ms.saturating_sub(prewarm) {
            Phase::Scheduled
        } else if now_ms < schedule.start_ms {
            Phase::Prewarm
        } else if schedule.contains(now_ms) {
            Phase::Running
        } else {
            Phase::Finalizing
        }
    }

    /// The lowercase name used by the API.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Scheduled => "scheduled",
            Phase::Prewarm => "prewarm",
            Phase::Running => "running",
            Phase::Finalizing => "finalizing",
            Phase::Finished => "finished",
        }
    }

    pub(crate) fn to_u8(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_u8(v: u8) -> Phase {
        Phase::ALL
            .get(usize::from(v))
            .copied()
            .unwrap_or(Phase::Finished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule {
            start: String::new(),
            end: String::new(),
            start_ms: 10_000,
            end_ms: 20_000,
            end_inclusive: false,
            timezone: "UTC".into(),
            prewarm_ms: 1_000,
        }
    }

    #[test]
    fn the_clock_walks_through_the_phases() {
        let s = schedule();
        assert_eq!(Phase::at(&s, 8_999), Phase::Scheduled);
        assert_eq!(Phase::at(&s, 9_000), Phase::Prewarm);
        assert_eq!(Phase::at(&s, 10_000), Phase::Running);
        assert_eq!(Phase::at(&s, 19_999), Phase::Running);
        assert_eq!(Phase::at(&s, 20_000), Phase::Finalizing);
    }

    #[test]
    fn phases_round_trip_through_their_number() {
        for p in Phase::ALL {
            assert_eq!(Phase::from_u8(p.to_u8()), p);
        }
    }
}
