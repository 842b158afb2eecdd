//! One tournament of a member's catalog. Before its pre-warm instant a tournament is
//! only its schedule and what it was checked from ([`Origin`], shared with the other
//! tournaments of its file): a pool that knows ten thousand tournaments of next month
//! does not keep ten thousand checked models. Once due it is checked again from that
//! origin and kept as its model until it leaves the catalog.

use super::origin::Origin;
use std::sync::Arc;
use tourney::ir::Tournament;
use tourney::serve::Phase;

#[derive(Debug)]
pub enum Entry {
    Ready(Box<Tournament>),
    Dormant {
        /// Its pre-warm instant (start minus `prewarm`).
        wake_at_ms: i64,
        origin: Arc<Origin>,
    },
}

impl Entry {
    /// The entry for a tournament read at `now_ms`: dormant while it is scheduled.
    pub fn new(t: Tournament, origin: Arc<Origin>, now_ms: i64) -> Entry {
        if Phase::at(&t.schedule, now_ms) == Phase::Scheduled {
            let prewarm = i64::try_from(t.schedule.prewarm_ms).unwrap_or(i64::MAX);
            Entry::Dormant {
                wake_at_ms: t.schedule.start_ms.saturating_sub(prewarm),
                origin,
            }
        } else {
            Entry::Ready(Box::new(t))
        }
    }

    /// Whether it is still before its pre-warm instant at `now_ms`.
    pub fn scheduled(&self, now_ms: i64) -> bool {
        match self {
            Entry::Ready(t) => Phase::at(&t.schedule, now_ms) == Phase::Scheduled,
            Entry::Dormant { wake_at_ms, .. } => now_ms < *wake_at_ms,
        }
    }

    /// The checked model, once the entry is ready.
    pub fn tournament(&self) -> Option<&Tournament> {
        match self {
            Entry::Ready(t) => Some(t),
            Entry::Dormant { .. } => None,
        }
    }

    /// Whether it is dormant but due at `now_ms`, and so should be woken.
    pub fn due(&self, now_ms: i64) -> bool {
        matches!(self, Entry::Dormant { wake_at_ms, .. } if now_ms >= *wake_at_ms)
    }

    /// What a dormant entry was checked from.
    pub fn origin(&self) -> Option<&Arc<Origin>> {
        match self {
            Entry::Ready(_) => None,
            Entry::Dormant { origin, .. } => Some(origin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn origin(start: &str, end: &str) -> Arc<Origin> {
        let text = format!(
            "tournament \"t\" {{\n  title \"T\"\n  operator \"op\"\n  runs {start} .. {end}\n  eligible when {{\n    wager.amount >= 1.00 EUR\n  }}\n  score {{\n    points = wager.amount\n  }}\n  leaderboard {{\n    size 10\n  }}\n}}\n"
        );
        Arc::new(Origin::new(
            "t.tourney".into(),
            text.into_bytes(),
            Arc::default(),
        ))
    }

    #[test]
    fn scheduled_is_dormant_until_its_prewarm_then_due() {
        let o = origin("2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z");
        let t = o.check().unwrap().remove(0);
        let start = t.schedule.start_ms;
        let prewarm = i64::try_from(t.schedule.prewarm_ms).unwrap();
        let e = Entry::new(t, o, start - prewarm - 1);
        assert!(e.tournament().is_none());
        assert!(e.scheduled(start - prewarm - 1));
        assert!(!e.due(start - prewarm - 1));
        assert!(e.due(start - prewarm));
        assert!(!e.scheduled(start - prewarm));
    }

    #[test]
    fn running_is_ready_at_once() {
        let o = origin("2020-01-01T00:00:00Z", "2030-01-02T00:00:00Z");
        let t = o.check().unwrap().remove(0);
        let e = Entry::new(t, o, crate::scorer::now_ms());
        assert!(e.tournament().is_some());
        assert!(!e.due(crate::scorer::now_ms()));
    }
}
