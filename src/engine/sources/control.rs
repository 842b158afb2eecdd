//! Control records: a source that cannot number its wagers says, per window of whole
//! minutes, how many wagers it produced and the sum of their stakes. The tracker
//! counts what reached it per source and minute, and compares once the window's end
//! is a grace period behind the tracking clock.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The granularity of the counts, and of control windows.
pub const MINUTE_MS: i64 = 60_000;

/// How long counts are kept behind the tracking clock when no control record needs
/// them (a control record for an older window finds nothing and reports a mismatch).
pub const KEEP_MS: i64 = 2 * 60 * MINUTE_MS;

/// One control record: `wagers` wagers with `stakes` in total were produced by
/// `source` with event times in `from_ms..to_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Control {
    pub source_id: String,
    pub from_ms: i64,
    pub to_ms: i64,
    pub wagers: u64,
    pub stakes: Decimal,
}

/// Wagers and stakes that reached the tracker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub wagers: u64,
    pub stakes: Decimal,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.wagers += other.wagers;
        self.stakes = self.stakes.saturating_add(other.stakes);
    }
}

/// A control window whose counts did not match (or not yet checked: `checked` false).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub control: Control,
    #[serde(default)]
    pub checked: bool,
    /// When it was found not to match (tracking clock), if it did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mismatch_ms: Option<i64>,
}

/// The counts of one source by minute.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub minutes: BTreeMap<i64, Tally>,
}

impl Counts {
    pub fn add(&mut self, ms: i64, stake: Decimal) {
        let minute = ms.div_euclid(MINUTE_MS) * MINUTE_MS;
        self.minutes.entry(minute).or_default().add(Tally {
            wagers: 1,
            stakes: stake,
        });
    }

    /// What reached the tracker in `from..to`.
    pub fn between(&self, from: i64, to: i64) -> Tally {
        let mut t = Tally::default();
        for (_, m) in self.minutes.range(from..to) {
            t.add(*m);
        }
        t
    }

    /// Forgets minutes before `before`.
    pub fn forget(&mut self, before: i64) {
        self.minutes = self.minutes.split_off(&before);
    }
}

impl Control {
    /// What reached the tracker from this record's source in its window.
    pub fn arrived(&self, counts: &BTreeMap<String, Counts>) -> Tally {
        counts
            .get(&self.source_id)
            .map(|k| k.between(self.from_ms, self.to_ms))
            .unwrap_or_default()
    }

    /// Whether `arrived` is what the record says was produced.
    pub fn matches(&self, arrived: &Tally) -> bool {
        arrived.wagers == self.wagers && arrived.stakes == self.stakes
    }
}

/// Why a control record cannot be used.
pub fn invalid(c: &Control) -> Option<&'static str> {
    if c.source_id.is_empty() {
        return Some("no `sourceId`");
    }
    if c.from_ms >= c.to_ms {
        return Some("the window is empty (`from` is not before `to`)");
    }
    if c.from_ms.rem_euclid(MINUTE_MS) != 0 || c.to_ms.rem_euclid(MINUTE_MS) != 0 {
        return Some("the window does not start and end on whole minutes");
    }
    if c.to_ms - c.from_ms > KEEP_MS {
        return Some("the window is longer than two hours");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_minute_and_sums_a_window() {
        let mut c = Counts::default();
        c.add(0, Decimal::new(150, 2));
        c.add(59_999, Decimal::new(50, 2));
        c.add(60_000, Decimal::ONE);
        c.add(-1, Decimal::ONE);
        assert_eq!(c.between(0, 60_000).wagers, 2);
        assert_eq!(c.between(0, 60_000).stakes, Decimal::new(200, 2));
        assert_eq!(c.between(-60_000, 120_000).wagers, 4);
        c.forget(60_000);
        assert_eq!(c.between(-60_000, 120_000).wagers, 1);
    }

    #[test]
    fn windows_must_be_whole_minutes() {
        let ok = Control {
            source_id: "pos-1".into(),
            from_ms: 0,
            to_ms: 60_000,
            wagers: 1,
            stakes: Decimal::ONE,
        };
        assert_eq!(invalid(&ok), None);
        assert!(invalid(&Control {
            to_ms: 30_000,
            ..ok.clone()
        })
        .is_some());
        assert!(invalid(&Control {
            to_ms: 0,
            ..ok.clone()
        })
        .is_some());
        assert!(invalid(&Control {
            source_id: String::new(),
            ..ok
        })
        .is_some());
    }
}
