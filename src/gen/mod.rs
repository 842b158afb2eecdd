//! Reproducible wager traffic: NDJSON lines that look like what a gaming system
//! publishes during a tournament, for load tests, dry-runs and demos.
//!
//! The same [`GenOptions`] (seed included) always give byte-identical output. What the
//! traffic looks like:
//!
//! - **Time**: the wagers fall inside `[start_ms, start_ms + duration_ms)`. With `burst`,
//!   the first 5 % of the window (at least 30 s, at most half) runs at 10x the steady
//!   rate, as when a tournament opens; then the traffic is steady. Lines come out in
//!   event-time order, except for late and duplicate ones.
//! - **Players**: activity follows a Zipf-like law over the players, so a few whales
//!   place a large share of the wagers. A player keeps one segment (VIP, Gold, Silver,
//!   Regular; about 1 % unsent), jurisdiction (about 2 % unsent) and currency (EUR ~60 %,
//!   USD ~25 %, GBP ~15 %); whales are mostly VIP and Gold.
//! - **Games**: `slot-1`..`slot-20` (`slots`), `live-roulette`, `live-blackjack`
//!   (`live`), `crash-1` (`crash`), `table-bj` (`table`); each player has a favourite.
//! - **Amounts**: stakes 0.10 to 500.00, skewed to small ones and mostly common sizes;
//!   70 % of wagers win nothing, the others win the stake times 0.5x to 1000x (a Pareto
//!   tail). Two decimals, written as JSON numbers.
//! - **Faults**: `malformed_rate` of the wagers are sent broken (see [`MalformedKind`]);
//!   `late_rate` arrive 1 to 10 minutes after their timestamp; `duplicate_rate` of the
//!   well-formed lines are sent again, byte for byte, up to 5 s later.
//!
//! Wager ids are `w-<seed>-<n>`, `n` counting from 1 in event-time order; player ids are
//! `player-000123`, counting from 1.
//!
//! The library does no I/O of its own: [`Generator`] yields lines, and [`generate`]
//! writes them to any [`std::io::Write`].

pub mod line;
pub mod rng;
pub mod sample;
pub mod traffic;

pub use line::MalformedKind;

use line::{json_string, Context, Wager};
use rng::Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use traffic::{Clock, Players};

/// 2024-11-15T00:00:00Z, the default start of the window.
pub const DEFAULT_START_MS: i64 = 1_731_628_800_000;

/// Instants at or after 10000-01-01T00:00:00Z cannot be written in RFC 3339.
const MAX_MS: i64 = 253_402_300_800_000;

/// How late a late wager arrives: 1 to 10 minutes after its timestamp.
const LATE_MIN_MS: i64 = 60_000;
const LATE_SPAN_MS: u64 = 540_000;

/// How soon a duplicate follows the line it copies: 50 ms to 5 s.
const DUPLICATE_MIN_MS: i64 = 50;
const DUPLICATE_SPAN_MS: u64 = 4_950;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    pub seed: u64,
    /// Number of wagers, each with its own `wagerId` (duplicates come on top).
    pub events: u64,
    /// Number of distinct players.
    pub players: u64,
    pub operator: String,
    /// First instant of the window, epoch milliseconds.
    pub start_ms: i64,
    /// Length of the window; timestamps are below `start_ms + duration_ms`.
    pub duration_ms: i64,
    /// Share of well-formed wagers sent twice.
    pub duplicate_rate: f64,
    /// Share of wagers sent as a malformed line.
    pub malformed_rate: f64,
    /// Share of wagers sent minutes after their timestamp (out of order).
    pub late_rate: f64,
    /// A 10x burst at the start of the window.
    pub burst: bool,
    /// Give each wager its player's display name (`playerName`, for `display name`).
    pub names: bool,
    /// Give each well-formed wager a source (`pos-1` .. `pos-N`, round robin) and its
    /// place in it (`sourceId`, `sourceSeq`), as an outbox would; 0 gives none.
    pub sources: u64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 0,
            events: 10_000,
            players: 1_000,
            operator: "operator-123".into(),
            start_ms: DEFAULT_START_MS,
            duration_ms: 3_600_000,
            duplicate_rate: 0.02,
            malformed_rate: 0.005,
            late_rate: 0.01,
            burst: true,
            names: false,
            sources: 0,
        }
    }
}

/// Options that cannot be generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenError {
    #[error("the number of players must be at least 1")]
    NoPlayers,
    #[error("the window must last at least 1 ms")]
    EmptyWindow,
    #[error("the window must lie between 1970 and the end of year 9999")]
    WindowOutOfRange,
    #[error("the {name} rate must be between 0 and 1, not {value}")]
    Rate { name: &'static str, value: f64 },
    #[error("the malformed and late rates add up to more than 1")]
    RatesOverOne,
}

impl GenOptions {
    /// Checks the options; [`Generator::new`] calls this.
    pub fn validate(&self) -> Result<(), GenError> {
        if self.players == 0 {
            return Err(GenError::NoPlayers);
        }
        if self.duration_ms < 1 {
            return Err(GenError::EmptyWindow);
        }
        if self.start_ms < 0 || self.start_ms > MAX_MS - self.duration_ms {
            return Err(GenError::WindowOutOfRange);
        }
        for (name, value) in [
            ("duplicate", self.duplicate_rate),
            ("malformed", self.malformed_rate),
            ("late", self.late_rate),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(GenError::Rate { name, value });
            }
        }
        if self.malformed_rate + self.late_rate > 1.0 {
            return Err(GenError::RatesOverOne);
        }
        Ok(())
    }

    /// The end of the window (exclusive), epoch milliseconds.
    pub fn end_ms(&self) -> i64 {
        self.start_ms.saturating_add(self.duration_ms)
    }
}

/// Why a line was generated the way it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A well-formed wager, in time order.
    Wager,
    /// A well-formed wager sent minutes after its timestamp.
    Late,
    /// A byte-identical copy of an earlier well-formed line.
    Duplicate,
    /// A broken line, in time order.
    Malformed(MalformedKind),
}

/// One generated NDJSON line (without the newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub kind: LineKind,
    /// The wager's event time (what `timestamp` says, when it is readable).
    pub timestamp_ms: i64,
}

/// Counts of what was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    /// Wagers, each with its own id (malformed and late ones included).
    pub wagers: u64,
    pub malformed: u64,
    pub late: u64,
    pub duplicates: u64,
    /// Bytes written, newlines included.
    pub bytes: u64,
}

impl Summary {
    fn count(&mut self, line: &Line) {
        self.lines += 1;
        self.bytes += line.text.len() as u64 + 1;
        match line.kind {
            LineKind::Wager => self.wagers += 1,
            LineKind::Late => {
                self.wagers += 1;
                self.late += 1;
            }
            LineKind::Duplicate => self.duplicates += 1,
            LineKind::Malformed(_) => {
                self.wagers += 1;
                self.malformed += 1;
            }
        }
    }
}

/// A line waiting for its emission time (late lines and duplicates).
#[derive(Debug, PartialEq, Eq)]
struct Pending {
    emit_ms: i64,
    seq: u64,
    line: Line,
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.emit_ms, self.seq).cmp(&(other.emit_ms, other.seq))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The lines, in emission order. Memory stays small: event times are produced in order,
/// and only late lines and duplicates wait in a heap until their emission time.
#[derive(Debug)]
pub struct Generator {
    opts: GenOptions,
    ctx: Context,
    rng: Rng,
    clock: Clock,
    players: Players,
    next_n: u64,
    seq: u64,
    /// The next sequence number of each source (with [`GenOptions::sources`]).
    source_seqs: Vec<u64>,
    /// The next in-order line, emitted at its event time.
    staged: Option<(i64, Line)>,
    pending: BinaryHeap<Reverse<Pending>>,
    summary: Summary,
}

impl Generator {
    pub fn new(opts: &GenOptions) -> Result<Self, GenError> {
        opts.validate()?;
        Ok(Generator {
            opts: opts.clone(),
            ctx: Context {
                operator_json: json_string(&opts.operator),
                names: opts.names,
                seed_text: opts.seed.to_string(),
            },
            rng: Rng::new(opts.seed),
            clock: Clock::new(opts.start_ms, opts.duration_ms, opts.events, opts.burst),
            players: Players::new(opts.players, opts.seed),
            next_n: 1,
            seq: 0,
            source_seqs: vec![1; opts.sources.min(1_000_000) as usize],
            staged: None,
            pending: BinaryHeap::new(),
            summary: Summary::default(),
        })
    }

    /// What has been yielded so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    fn hold(&mut self, emit_ms: i64, line: Line) {
        self.seq += 1;
        self.pending.push(Reverse(Pending {
            emit_ms,
            seq: self.seq,
            line,
        }));
    }

    /// Draws one wager at `ts`.
    fn wager(&mut self, ts: i64) -> Wager {
        let rng = &mut self.rng;
        let rank = self.players.pick_rank(rng);
        let profile = self.players.profile(rank);
        let game = if rng.chance(0.4) {
            profile.favourite_game
        } else {
            let (u, v) = (rng.f64(), rng.f64());
            traffic::pick_game(u, v)
        };
        let stake_cents = traffic::stake_cents(profile.segment, rng);
        let win_cents = traffic::win_cents(stake_cents, rng);
        let n = self.next_n;
        self.next_n += 1;
        Wager {
            n,
            player: self.players.number(rank),
            game,
            stake_cents,
            win_cents,
            currency: profile.currency,
            segment: profile.segment,
            jurisdiction: profile.jurisdiction,
            timestamp_ms: ts,
        }
    }

    /// `line` with the source of wager `n` and its next number there, when sources
    /// are asked for.
    fn sourced(&mut self, mut line: String, n: u64) -> String {
        let count = self.source_seqs.len() as u64;
        if count == 0 || !line.ends_with('}') {
            return line;
        }
        let source = (n.saturating_sub(1) % count) as usize;
        let Some(seq) = self.source_seqs.get_mut(source) else {
            return line;
        };
        line.pop();
        line.push_str(&format!(
            ",\"sourceId\":\"pos-{}\",\"sourceSeq\":{seq}}}",
            source + 1
        ));
        *seq += 1;
        line
    }

    /// The next line to emit in time order; late lines and duplicates go to the heap.
    fn next_in_order(&mut self) -> Option<(i64, Line)> {
        loop {
            let ts = self.clock.next(&mut self.rng)?;
            let wager = self.wager(ts);
            let fate = self.rng.f64();
            if fate < self.opts.malformed_rate {
                let kind =
                    MalformedKind::ALL[self.rng.below(MalformedKind::ALL.len() as u64) as usize];
                let text = wager.malformed(&self.ctx, kind, &mut self.rng);
                let line = Line {
                    text,
                    kind: LineKind::Malformed(kind),
                    timestamp_ms: ts,
                };
                return Some((ts, line));
            }
            let late = fate < self.opts.malformed_rate + self.opts.late_rate;
            let emit_ms = if late {
                ts + LATE_MIN_MS + self.rng.below(LATE_SPAN_MS + 1) as i64
            } else {
                ts
            };
            let text = self.sourced(wager.line(&self.ctx), wager.n);
            if self.rng.chance(self.opts.duplicate_rate) {
                let after = DUPLICATE_MIN_MS + self.rng.below(DUPLICATE_SPAN_MS + 1) as i64;
                let copy = Line {
                    text: text.clone(),
                    kind: LineKind::Duplicate,
                    timestamp_ms: ts,
                };
                self.hold(emit_ms + after, copy);
            }
            let kind = if late {
                LineKind::Late
            } else {
                LineKind::Wager
            };
            let line = Line {
                text,
                kind,
                timestamp_ms: ts,
            };
            if late {
                self.hold(emit_ms, line);
            } else {
                return Some((ts, line));
            }
        }
    }
}

impl Iterator for Generator {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.staged.is_none() {
            self.staged = self.next_in_order();
        }
        let from_heap = match (&self.staged, self.pending.peek()) {
            (Some((at, _)), Some(Reverse(p))) => p.emit_ms <= *at,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let line = if from_heap {
            self.pending.pop().map(|Reverse(p)| p.line)
        } else {
            self.staged.take().map(|(_, line)| line)
        }?;
        self.summary.count(&line);
        Some(line)
    }
}

/// Why [`generate`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Options(#[from] GenError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Writes every line, each followed by `\n`, and returns the counts. Wrap `out` in a
/// `BufWriter` when it is a file or a pipe.
pub fn generate(
    opts: &GenOptions,
    out: &mut impl std::io::Write,
) -> Result<Summary, GenerateError> {
    let mut generator = Generator::new(opts)?;
    for line in generator.by_ref() {
        out.write_all(line.text.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(generator.summary())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::parse_event;
    use std::collections::HashSet;

    fn opts(seed: u64, events: u64) -> GenOptions {
        GenOptions {
            seed,
            events,
            players: 500,
            ..GenOptions::default()
        }
    }

    #[test]
    fn same_options_same_bytes() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let sa = generate(&opts(7, 5_000), &mut a).unwrap();
        let sb = generate(&opts(7, 5_000), &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(sa, sb);
        let mut c = Vec::new();
        generate(&opts(8, 5_000), &mut c).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn kinds_agree_with_the_parser() {
        let all: Vec<Line> = Generator::new(&opts(1, 20_000)).unwrap().collect();
        for line in &all {
            let parsed = parse_event(&line.text);
            match line.kind {
                LineKind::Malformed(kind) => assert!(parsed.is_err(), "{kind}: {}", line.text),
                _ => {
                    let ev = parsed.unwrap();
                    assert_eq!(ev.timestamp_ms, Some(line.timestamp_ms));
                }
            }
        }
    }

    #[test]
    fn counts_add_up() {
        let mut g = Generator::new(&opts(3, 10_000)).unwrap();
        let lines: Vec<Line> = g.by_ref().collect();
        let s = g.summary();
        assert_eq!(s.wagers, 10_000);
        assert_eq!(s.lines, lines.len() as u64);
        assert_eq!(s.lines, s.wagers + s.duplicates);
        let bytes: u64 = lines.iter().map(|l| l.text.len() as u64 + 1).sum();
        assert_eq!(s.bytes, bytes);
        let good: Vec<String> = lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Wager | LineKind::Late))
            .map(|l| parse_event(&l.text).unwrap().wager_id.unwrap())
            .collect();
        let unique: HashSet<&String> = good.iter().collect();
        assert_eq!(unique.len(), good.len());
        assert_eq!(good.len() as u64, s.wagers - s.malformed);
    }

    #[test]
    fn nothing_but_order_without_faults() {
        let o = GenOptions {
            duplicate_rate: 0.0,
            malformed_rate: 0.0,
            late_rate: 0.0,
            ..opts(4, 3_000)
        };
        let lines: Vec<Line> = Generator::new(&o).unwrap().collect();
        assert_eq!(lines.len(), 3_000);
        assert!(lines.iter().all(|l| l.kind == LineKind::Wager));
        assert!(lines
            .windows(2)
            .all(|w| w[0].timestamp_ms <= w[1].timestamp_ms));
        for (i, l) in lines.iter().enumerate() {
            assert!(l
                .text
                .starts_with(&format!("{{\"wagerId\":\"w-4-{}\"", i + 1)));
        }
    }

    #[test]
    fn zero_events_is_empty() {
        let mut out = Vec::new();
        let s = generate(&opts(1, 0), &mut out).unwrap();
        assert!(out.is_empty());
        assert_eq!(s, Summary::default());
    }

    #[test]
    fn bad_options_are_refused() {
        let cases = [
            (
                GenOptions {
                    players: 0,
                    ..GenOptions::default()
                },
                GenError::NoPlayers,
            ),
            (
                GenOptions {
                    duration_ms: 0,
                    ..GenOptions::default()
                },
                GenError::EmptyWindow,
            ),
            (
                GenOptions {
                    start_ms: MAX_MS,
                    ..GenOptions::default()
                },
                GenError::WindowOutOfRange,
            ),
            (
                GenOptions {
                    start_ms: -1,
                    ..GenOptions::default()
                },
                GenError::WindowOutOfRange,
            ),
            (
                GenOptions {
                    late_rate: f64::NAN,
                    ..GenOptions::default()
                },
                GenError::Rate {
                    name: "late",
                    value: f64::NAN,
                },
            ),
            (
                GenOptions {
                    malformed_rate: 0.6,
                    late_rate: 0.6,
                    ..GenOptions::default()
                },
                GenError::RatesOverOne,
            ),
        ];
        for (o, want) in cases {
            let got = Generator::new(&o).unwrap_err();
            // NaN != NaN: compare the messages.
            assert_eq!(got.to_string(), want.to_string());
        }
    }

    #[test]
    fn last_instant_of_year_9999_is_writable() {
        let o = GenOptions {
            start_ms: MAX_MS - 1_000,
            duration_ms: 1_000,
            ..opts(5, 200)
        };
        for l in Generator::new(&o).unwrap() {
            if !matches!(l.kind, LineKind::Malformed(_)) {
                assert!(parse_event(&l.text).is_ok(), "{}", l.text);
            }
        }
    }
}
