//! Prometheus metrics shared by the read API, the embedded run and the Kafka workers,
//! rendered in the text exposition format (version 0.0.4).
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `tourney_events_total` | counter | `outcome`: counted, duplicate, late, ineligible, unscorable, malformed |
//! | `tourney_dead_letters_total` | counter | `reason` (see [`reason_label`]) |
//! | `tourney_position_changes_total` | counter | |
//! | `tourney_consumer_lag` | gauge | `topic`, `partition` |
//! | `tourney_players` | gauge | `operator`, `tournament` |
//! | `tourney_event_to_change_seconds` | histogram | |
//! | `tourney_player_messages_total` | counter | `operator`, `tournament` |
//! | `tourney_player_sockets` | gauge | `operator`, `tournament` |
//! | `tourney_player_wagers_counted` | gauge | `operator`, `tournament` |
//! | `tourney_source_gaps_open` | gauge | `operator`, `tournament` |
//! | `tourney_source_wagers_missing` | gauge | `operator`, `tournament` |
//! | `tourney_source_gap_oldest_age_seconds` | gauge | `operator`, `tournament` |
//! | `tourney_control_mismatches_open` | gauge | `operator`, `tournament` |

mod histogram;
mod player;

pub use histogram::{Histogram, LATENCY_BUCKETS};
pub use player::PlayerFanout;

use crate::engine::sources::Report as SourcesReport;
use crate::engine::Outcome;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// What became of an event, as the `outcome` label says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Counted,
    Duplicate,
    Late,
    Ineligible,
    Unscorable,
    /// The line could not be read as a wager (a dead letter).
    Malformed,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Counted,
        EventKind::Duplicate,
        EventKind::Late,
        EventKind::Ineligible,
        EventKind::Unscorable,
        EventKind::Malformed,
    ];

    pub fn of(outcome: &Outcome) -> EventKind {
        match outcome {
            Outcome::Counted { .. } => EventKind::Counted,
            Outcome::Duplicate => EventKind::Duplicate,
            Outcome::Late => EventKind::Late,
            Outcome::Ineligible { .. } => EventKind::Ineligible,
            Outcome::Unscorable(_) => EventKind::Unscorable,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Counted => "counted",
            EventKind::Duplicate => "duplicate",
            EventKind::Late => "late",
            EventKind::Ineligible => "ineligible",
            EventKind::Unscorable => "unscorable",
            EventKind::Malformed => "malformed",
        }
    }
}

/// A short, bounded label for a malformed-line reason from
/// [`crate::engine::ingest::parse_event`] or the line reader: `not_utf8`, `bad_json`,
/// `missing_field`, `wrong_type`, `negative_amount`, `amount_out_of_range`,
/// `bad_timestamp`, `unknown_currency` or `other`.
pub fn reason_label(reason: &str) -> &'static str {
    const RULES: [(&str, &str); 9] = [
        ("not valid UTF-8", "not_utf8"),
        ("not a JSON", "bad_json"),
        ("missing `", "missing_field"),
        ("is negative", "negative_amount"),
        ("decimal places", "amount_out_of_range"),
        ("integer digits", "amount_out_of_range"),
        ("not an RFC 3339", "bad_timestamp"),
        ("unknown currency", "unknown_currency"),
        ("is not a", "wrong_type"),
    ];
    RULES
        .iter()
        .find(|(needle, _)| reason.contains(needle))
        .map_or("other", |(_, label)| label)
}

/// The process's metrics; share it behind an `Arc`.
pub struct Metrics {
    events: [AtomicU64; 6],
    dead_letters: Mutex<BTreeMap<String, u64>>,
    position_changes: AtomicU64,
    lag: Mutex<BTreeMap<(String, i32), i64>>,
    players: Mutex<BTreeMap<(String, String), i64>>,
    gaps: Mutex<BTreeMap<(String, String), GapGauges>>,
    latency: Histogram,
    /// The player view's fan-out.
    pub player: PlayerFanout,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            events: Default::default(),
            dead_letters: Mutex::default(),
            position_changes: AtomicU64::new(0),
            lag: Mutex::default(),
            players: Mutex::default(),
            gaps: Mutex::default(),
            latency: Histogram::new(&LATENCY_BUCKETS),
            player: PlayerFanout::default(),
        }
    }
}

impl Metrics {
    pub fn new() -> Self {
        Metrics::default()
    }

    /// Counts `n` events of one kind.
    pub fn count_events(&self, kind: EventKind, n: u64) {
        if let Some(c) = EventKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.events.get(i))
        {
            c.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// Counts one event by what the engine made of it.
    pub fn count_outcome(&self, outcome: &Outcome) {
        self.count_events(EventKind::of(outcome), 1);
    }

    /// Events of one kind counted so far.
    pub fn events(&self, kind: EventKind) -> u64 {
        EventKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.events.get(i))
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Counts one line set aside; `reason` should be a short label ([`reason_label`]).
    pub fn dead_letter(&self, reason: &str) {
        *self
            .dead_letters
            .lock()
            .entry(reason.to_string())
            .or_default() += 1;
    }

    pub fn count_position_changes(&self, n: u64) {
        self.position_changes.fetch_add(n, Ordering::Relaxed);
    }

    /// Records the consumer lag (messages behind the log end) of one partition.
    pub fn set_consumer_lag(&self, topic: &str, partition: i32, lag: i64) {
        self.lag.lock().insert((topic.to_string(), partition), lag);
    }

    /// Records the number of ranked players of one tournament.
    pub fn set_players(&self, operator: &str, tournament: &str, players: usize) {
        let n = i64::try_from(players).unwrap_or(i64::MAX);
        self.players
            .lock()
            .insert((operator.to_string(), tournament.to_string()), n);
    }

    /// Forgets the gauges of a tournament that is no longer live.
    pub fn forget_tournament(&self, operator: &str, tournament: &str) {
        let key = (operator.to_string(), tournament.to_string());
        self.players.lock().remove(&key);
        self.gaps.lock().remove(&key);
    }

    /// Records the open gaps and control mismatches of one tournament.
    pub fn set_gaps(&self, operator: &str, tournament: &str, r: &SourcesReport) {
        let g = GapGauges {
            open: r.gaps.len() as u64,
            missing: r.missing,
            oldest_age_s: r.oldest_gap_age_ms.unwrap_or(0) as f64 / 1000.0,
            mismatches: r.mismatches.len() as u64,
        };
        self.gaps
            .lock()
            .insert((operator.to_string(), tournament.to_string()), g);
    }

    /// Records `n` position changes published `seconds` after their event arrived.
    pub fn observe_latency(&self, seconds: f64, n: u64) {
        self.latency.observe_n(seconds, n);
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        self.render_counters(&mut out);
        self.render_gauges(&mut out);
        header(
            &mut out,
            "tourney_event_to_change_seconds",
            "histogram",
            "Seconds from an event's arrival to the publication of the position changes it caused.",
        );
        self.latency
            .render("tourney_event_to_change_seconds", &mut out);
        self.player.render(&mut out, escape);
        out
    }

    fn render_counters(&self, out: &mut String) {
        header(
            out,
            "tourney_events_total",
            "counter",
            "Events by what became of them (one per event and tournament; malformed once per line).",
        );
        for (kind, c) in EventKind::ALL.iter().zip(&self.events) {
            let v = c.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "tourney_events_total{{outcome=\"{}\"}} {v}",
                kind.label()
            );
        }
        header(
            out,
            "tourney_dead_letters_total",
            "counter",
            "Lines set aside as dead letters, by reason.",
        );
        for (reason, v) in self.dead_letters.lock().iter() {
            let _ = writeln!(
                out,
                "tourney_dead_letters_total{{reason=\"{}\"}} {v}",
                escape(reason)
            );
        }
        header(
            out,
            "tourney_position_changes_total",
            "counter",
            "Position changes published.",
        );
        let v = self.position_changes.load(Ordering::Relaxed);
        let _ = writeln!(out, "tourney_position_changes_total {v}");
    }

    fn render_gauges(&self, out: &mut String) {
        header(
            out,
            "tourney_consumer_lag",
            "gauge",
            "Messages between the consumer's position and the end of the partition.",
        );
        for ((topic, partition), v) in self.lag.lock().iter() {
            let _ = writeln!(
                out,
                "tourney_consumer_lag{{topic=\"{}\",partition=\"{partition}\"}} {v}",
                escape(topic)
            );
        }
        header(
            out,
            "tourney_players",
            "gauge",
            "Players ranked on a tournament's board.",
        );
        for ((op, id), v) in self.players.lock().iter() {
            let _ = writeln!(
                out,
                "tourney_players{{operator=\"{}\",tournament=\"{}\"}} {v}",
                escape(op),
                escape(id)
            );
        }
        self.render_gaps(out);
    }

    fn render_gaps(&self, out: &mut String) {
        let gaps = self.gaps.lock();
        type Value = fn(&GapGauges) -> String;
        let series: [(&str, &str, Value); 4] = [
            (
                "tourney_source_gaps_open",
                "Gaps in sources' sequences open past the grace period.",
                |g| g.open.to_string(),
            ),
            (
                "tourney_source_wagers_missing",
                "Wagers missing in the open gaps.",
                |g| g.missing.to_string(),
            ),
            (
                "tourney_source_gap_oldest_age_seconds",
                "Age of the oldest open gap (event time).",
                |g| g.oldest_age_s.to_string(),
            ),
            (
                "tourney_control_mismatches_open",
                "Control windows whose counts do not match the wagers that arrived.",
                |g| g.mismatches.to_string(),
            ),
        ];
        for (name, help, value) in series {
            header(out, name, "gauge", help);
            for ((op, id), g) in gaps.iter() {
                let _ = writeln!(
                    out,
                    "{name}{{operator=\"{}\",tournament=\"{}\"}} {}",
                    escape(op),
                    escape(id),
                    value(g)
                );
            }
        }
    }
}

/// The gap gauges of one tournament.
#[derive(Debug, Clone, Copy, Default)]
struct GapGauges {
    open: u64,
    missing: u64,
    oldest_age_s: f64,
    mismatches: u64,
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as the exposition format writes it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_of_the_ingest_get_short_labels() {
        let cases = [
            ("not a JSON wager object: EOF", "bad_json"),
            ("not valid UTF-8: byte 0xff at column 3", "not_utf8"),
            ("missing `wagerId`", "missing_field"),
            ("`wagerAmount` is not a number: \"x\"", "wrong_type"),
            ("`wagerAmount` is negative: -1", "negative_amount"),
            ("unknown currency \"XXX\"", "unknown_currency"),
            (
                "`timestamp` is not an RFC 3339 time: \"x\"",
                "bad_timestamp",
            ),
            ("something else", "other"),
        ];
        for (reason, label) in cases {
            assert_eq!(reason_label(reason), label, "{reason}");
        }
    }

    #[test]
    fn labels_are_escaped() {
        let m = Metrics::new();
        m.set_players("op\"1", "a\\b", 3);
        assert!(m
            .render()
            .contains("tourney_players{operator=\"op\\\"1\",tournament=\"a\\\\b\"} 3\n"));
    }
}
