//! Random tournaments (as `.tourney` source) and random event streams with
//! duplicates, reordering and late arrivals, shared by the engine property tests.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tourney::check::{check_project, Project};
use tourney::ir::{Tournament, WagerEvent};

/// 2025-03-01T00:00:00Z; the generated tournaments run for two days from here.
pub const START_MS: i64 = 1_740_787_200_000;
const MINUTE: i64 = 60_000;

/// Lateness used by the property tests: 10 minutes.
pub const LATENESS_MS: i64 = 10 * MINUTE;

/// The parts of a generated tournament, rendered by [`Spec::source`].
#[derive(Debug, Clone)]
pub struct Spec {
    pub aggregate: &'static str,
    pub points: &'static str,
    pub only_wins: bool,
    pub multipliers: Vec<&'static str>,
    pub caps: Vec<&'static str>,
    pub currency: bool,
    pub ties: Vec<&'static str>,
    pub interval: bool,
    pub prizes: &'static str,
}

impl Spec {
    pub fn source(&self) -> String {
        let mut score = String::new();
        if self.aggregate != "count" {
            score.push_str(&format!("    points = {}\n", self.points));
            for m in &self.multipliers {
                score.push_str(&format!("    {m}\n"));
            }
        }
        if self.only_wins {
            score.push_str("    only wins\n");
        }
        for c in &self.caps {
            score.push_str(&format!("    {c}\n"));
        }
        if self.aggregate != "sum" {
            score.push_str(&format!("    aggregate {}\n", self.aggregate));
        }
        if self.currency {
            score.push_str("    currency EUR {\n      USD 0.5\n    }\n");
        }
        let currency_rule = if self.currency {
            "wager.currency in (\"EUR\", \"USD\")"
        } else {
            "wager.currency = \"EUR\""
        };
        let ties = if self.ties.is_empty() {
            String::new()
        } else {
            format!("    ties {}\n", self.ties.join(", "))
        };
        let update = if self.interval {
            "update every 10m"
        } else {
            "update realtime"
        };
        format!(
            "tournament \"prop-race\" {{\n  title \"Property race\"\n  operator \"op-1\"\n  \
             runs 2025-03-01T00:00:00Z .. 2025-03-03T00:00:00Z\n\n  eligible when {{\n    \
             game.category in (\"slots\", \"live\")\n    {currency_rule}\n  }}\n\n  \
             score {{\n{score}  }}\n\n  leaderboard {{\n    {update}\n{ties}    size 20\n    \
             prizes {{\n{}\n    }}\n  }}\n}}\n",
            self.prizes
        )
    }
}

/// Compiles `source`, failing the test on any error.
pub fn compile(source: &str) -> Tournament {
    let mut project = Project::new();
    project.add_file("prop.tourney", source);
    let checked = check_project(&project);
    assert!(
        !checked.has_errors(),
        "generated tournament does not compile: {:#?}\n{source}",
        checked.diagnostics
    );
    let t = checked.tournaments().next().cloned();
    t.unwrap_or_else(|| panic!("no tournament in\n{source}"))
}

const TIES: &[&str] = &[
    "first_to_reach",
    "most_wagers",
    "fewest_wagers",
    "earliest_entry",
    "biggest_wager",
];

fn ties() -> impl Strategy<Value = Vec<&'static str>> {
    (0..=2usize, 0..5usize, 1..5usize).prop_map(|(n, a, step)| {
        let b = (a + step) % TIES.len();
        [TIES[a], TIES[b]].into_iter().take(n).collect()
    })
}

pub fn spec() -> impl Strategy<Value = Spec> {
    let points = prop::sample::select(vec![
        "wager.amount",
        "win.amount",
        "win.net",
        "win.multiplier",
        "5",
        "wager.amount * 2 + 1",
        "(wager.amount + win.amount) / 4",
    ]);
    let multipliers = prop::sample::subsequence(
        vec![
            "x2 when game.id = \"g1\"",
            "x1.5 when player.segment = \"VIP\"",
            "x3 when win.multiplier > 5",
        ],
        0..=3,
    );
    let caps = prop::sample::select(vec![
        vec![],
        vec!["cap 30 per 1h"],
        vec!["cap 40 per 1h", "cap 100 per 1d"],
        vec!["cap 25 per 30m", "cap 60 per 2h", "cap 150 per 1d"],
        vec!["cap 3 per 1h"],
    ]);
    let prizes = prop::sample::select(vec![
        "      1: \"gold\"",
        "      1: \"gold\"\n      2..3: \"silver\"\n      top 50%: \"spins\"",
        "      top 5: 10.00 EUR\n      top 90%: \"spins\"",
        "      top 34%: \"a\"\n      top 67%: \"b\"",
    ]);
    (
        prop::sample::select(vec!["sum", "sum", "max", "count"]),
        points,
        any::<bool>(),
        multipliers,
        caps,
        any::<bool>(),
        ties(),
        any::<bool>(),
        prizes,
    )
        .prop_map(
            |(
                aggregate,
                points,
                only_wins,
                multipliers,
                caps,
                currency,
                ties,
                interval,
                prizes,
            )| {
                Spec {
                    aggregate,
                    points,
                    only_wins,
                    multipliers,
                    caps,
                    currency,
                    ties,
                    interval,
                    prizes,
                }
            },
        )
}

/// One generated wager before ids and times are final.
#[derive(Debug, Clone)]
struct Draw {
    player: u8,
    game: u8,
    category_live: bool,
    amount: i64,
    win: Option<i64>,
    usd: bool,
    vip: bool,
    step_min: i64,
    jitter_min: i64,
    late: bool,
}

fn draw() -> impl Strategy<Value = Draw> {
    (
        (0..8u8, 0..3u8, prop::bool::weighted(0.1)),
        // Zero stakes (free spins) and amounts past 2^31.
        prop::sample::select(vec![
            0i64,
            100,
            100,
            200,
            500,
            1000,
            2550,
            4000,
            214_748_364_700,
            214_748_364_800,
        ]),
        prop::option::weighted(0.7, prop::sample::select(vec![0i64, 0, 100, 300, 6000])),
        (any::<bool>(), any::<bool>()),
        (0..40i64, -8..=8i64, prop::bool::weighted(0.08)),
    )
        .prop_map(
            |(
                (player, game, category_live),
                amount,
                win,
                (usd, vip),
                (step_min, jitter_min, late),
            )| {
                Draw {
                    player,
                    game,
                    category_live,
                    amount,
                    win,
                    usd,
                    vip,
                    step_min,
                    jitter_min,
                    late,
                }
            },
        )
}

/// A stream of wagers in arrival order: mostly in time order with jitter within the
/// allowed lateness, some arriving 15 to 60 minutes late, some delivered twice
/// (later in the stream; some byte-identical, some with a timestamp moved by up to
/// the allowed lateness), a few outside the tournament window.
pub fn events() -> impl Strategy<Value = Vec<WagerEvent>> {
    copies(true)
}

/// Like [`events`], with every copy byte-identical (so any delivery order counts the
/// same wagers at the same times).
#[allow(
    dead_code,
    reason = "used by the delivery-order property only, not by every test sharing this file"
)]
pub fn events_identical_copies() -> impl Strategy<Value = Vec<WagerEvent>> {
    copies(false)
}

fn copies(shift: bool) -> impl Strategy<Value = Vec<WagerEvent>> {
    (
        prop::collection::vec(draw(), 1..120),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                -LATENESS_MS..=LATENESS_MS,
            ),
            0..20,
        ),
        -200i64..100,
    )
        .prop_map(move |(draws, dups, offset_min)| {
            let mut clock = START_MS + offset_min * MINUTE;
            let mut out: Vec<WagerEvent> = draws
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    clock += d.step_min * MINUTE;
                    let lag = if d.late { 15 + d.step_min } else { 0 };
                    let ms = clock + (d.jitter_min - lag) * MINUTE;
                    event(i, d, ms)
                })
                .collect();
            // Copies are made of the original events only, so each copy is within the
            // lateness of the original it follows: the bound the engine's dedup keeps.
            // (A copy of a moved copy could be twice the lateness away.)
            let originals = out.len();
            for (from, to, moved_ms) in dups {
                let from = original_position(&out, from.index(originals));
                let mut copy = out[from].clone();
                if shift && moved_ms % 2 == 0 {
                    copy.timestamp_ms = copy.timestamp_ms.map(|t| t + moved_ms);
                }
                let at = to.index(out.len() + 1).max(from + 1);
                out.insert(at.min(out.len()), copy);
            }
            out
        })
}

/// Where the `n`th original event now stands in `out`, copies having been inserted:
/// originals keep their order, and a copy is told apart by carrying an id seen before.
fn original_position(out: &[WagerEvent], n: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    for (i, e) in out.iter().enumerate() {
        if seen.insert(e.wager_id.clone()) {
            if count == n {
                return i;
            }
            count += 1;
        }
    }
    out.len().saturating_sub(1)
}

/// `events` in another order in which no event is late: each is delivered at its
/// time plus a delay below the allowed lateness, so nothing delivered before an event
/// is a full lateness newer than it.
#[allow(
    dead_code,
    reason = "used by the delivery-order property only, not by every test sharing this file"
)]
pub fn redeliver(events: &[WagerEvent], delays: &[i64]) -> Vec<WagerEvent> {
    let mut keyed: Vec<(i64, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let delay = delays.get(i).copied().unwrap_or(0).rem_euclid(LATENESS_MS);
            (e.timestamp_ms.unwrap_or(0) + delay, i)
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, i)| events[i].clone()).collect()
}

fn event(i: usize, d: &Draw, ms: i64) -> WagerEvent {
    WagerEvent {
        wager_id: Some(format!("w{i}")),
        player_id: Some(format!("p{}", d.player)),
        player_name: None,
        operator_id: Some("op-1".into()),
        game_id: Some(format!("g{}", d.game)),
        game_category: Some(if d.category_live { "table" } else { "slots" }.into()),
        wager_amount: Some(Decimal::new(d.amount, 2)),
        currency: Some(if d.usd { "USD" } else { "EUR" }.into()),
        win_amount: d.win.map(|w| Decimal::new(w, 2)),
        player_segment: Some(if d.vip { "VIP" } else { "Gold" }.into()),
        jurisdiction: None,
        timestamp_ms: Some(ms),
        source_id: None,
        source_seq: None,
    }
}
