//! A deliberately simple reference for the scoring engine: keep every event, filter
//! them in one pass, then recompute every player's score and order from scratch.
//! Eligibility and a wager's raw points come from the library (they are tested on
//! their own); lateness, dedup, caps, aggregation, tie-breaks, ordering and prizes are
//! written out here naively.

use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use tourney::engine::standings::final_order;
use tourney::engine::{eval, points, Points, Standing};
use tourney::ir::{Aggregate, PlaceSpec, Prize, TieBreak, Tournament, WagerEvent};

/// One counted wager.
struct Counted {
    ms: i64,
    raw: Points,
}

/// One player, every counted wager kept.
struct Entry {
    id: String,
    wagers: Vec<Counted>,
}

/// The final board of `events` (in arrival order) under `t`.
pub fn board(t: &Tournament, events: &[WagerEvent], lateness_ms: i64) -> Vec<Standing> {
    let players = counted(t, events, lateness_ms);
    let mut rows: Vec<Row> = players.iter().map(|e| row(t, e)).collect();
    rows.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| {
                t.leaderboard
                    .ties
                    .iter()
                    .map(|tb| compare(*tb, a, b))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            })
            // The final tie: the first counted wager's event time, then the player id's
            // fixed order.
            .then(a.first_ms.cmp(&b.first_ms))
            .then(final_order(&a.id).cmp(&final_order(&b.id)))
    });
    let n = rows.len();
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| Standing {
            place: i + 1,
            player_id: r.id,
            name: None,
            score: r.score,
            wagers: r.wagers,
            prize: prize(t, i + 1, n),
        })
        .collect()
}

/// Players with their counted wagers. The watermark is the
/// latest event time among wagers counted so far; an event older than it minus the
/// lateness is dropped before its id is remembered; the first event with an id wins.
fn counted(t: &Tournament, events: &[WagerEvent], lateness_ms: i64) -> Vec<Entry> {
    let mut watermark: Option<i64> = None;
    let mut seen = HashSet::new();
    let mut players: Vec<Entry> = Vec::new();
    for ev in events {
        let ms = ev.timestamp_ms.unwrap_or(i64::MIN);
        if watermark.is_some_and(|w| ms < w - lateness_ms) {
            continue;
        }
        if !seen.insert(ev.wager_id.clone()) {
            continue;
        }
        if eval::first_failing(&t.eligibility, ev).is_some() {
            continue;
        }
        let Ok(raw) = points::points(&t.scoring, ev) else {
            continue;
        };
        watermark = Some(watermark.map_or(ms, |w| w.max(ms)));
        let id = ev.player_id.clone().unwrap_or_default();
        let wager = Counted { ms, raw };
        match players.iter_mut().find(|p| p.id == id) {
            Some(p) => p.wagers.push(wager),
            None => players.push(Entry {
                id,
                wagers: vec![wager],
            }),
        }
    }
    players
}

/// What ranking needs of one player.
struct Row {
    id: String,
    score: Points,
    wagers: u32,
    first_ms: i64,
    reach_ms: i64,
    best: Points,
}

fn row(t: &Tournament, e: &Entry) -> Row {
    let first_ms = e.wagers.iter().map(|w| w.ms).min().unwrap_or(0);
    // The best single wager, before caps, whatever the aggregate.
    let best = e.wagers.iter().map(|w| w.raw).max().unwrap_or(Points::ZERO);
    let (score, reach_ms) = match t.scoring.aggregate {
        Aggregate::Max => {
            let smallest = caps(t).first().map(|c| c.1);
            let capped = |w: &Counted| smallest.map_or(w.raw, |c| w.raw.min(c));
            let top = e.wagers.iter().map(capped).max().unwrap_or(Points::ZERO);
            // The earliest wager that achieved the maximum.
            let reach = e.wagers.iter().filter(|w| capped(w) == top).map(|w| w.ms);
            (top, reach.min().unwrap_or(0))
        }
        Aggregate::Sum | Aggregate::Count => {
            // The latest wager with non-zero points before caps, or the first counted
            // wager (by event time) when none has.
            let nonzero = e.wagers.iter().filter(|w| w.raw.0 != 0).map(|w| w.ms);
            let reach = nonzero.max().unwrap_or(first_ms);
            (capped_sum(t, &e.wagers), reach)
        }
    };
    Row {
        id: e.id.clone(),
        score,
        wagers: e.wagers.len() as u32,
        first_ms,
        reach_ms,
        best,
    }
}

/// Caps as (window, points), smallest window first.
fn caps(t: &Tournament) -> Vec<(i64, Points)> {
    let mut caps: Vec<(i64, Points)> = t
        .scoring
        .caps
        .iter()
        .map(|c| (c.window_ms as i64, Points::from_decimal(c.points).unwrap()))
        .collect();
    caps.sort();
    caps
}

/// Sum of a player's points under nested caps, recomputed from every wager: each
/// smallest window's sum is capped, each larger window sums the capped windows inside
/// it and is capped in turn, and the largest windows add up.
fn capped_sum(t: &Tournament, wagers: &[Counted]) -> Points {
    let start = t.schedule.start_ms;
    // Window start -> sum, for the current level.
    let mut level: BTreeMap<i64, i128> = BTreeMap::new();
    let caps = caps(t);
    let Some(((w0, _), _)) = caps.split_first() else {
        return Points(wagers.iter().map(|w| w.raw.0).sum());
    };
    for w in wagers {
        let window_start = start + (w.ms - start).div_euclid(*w0) * w0;
        *level.entry(window_start).or_default() += w.raw.0;
    }
    for (i, (_, cap)) in caps.iter().enumerate() {
        let capped: Vec<(i64, i128)> = level.iter().map(|(s, v)| (*s, (*v).min(cap.0))).collect();
        level = BTreeMap::new();
        let outer = caps.get(i + 1).map_or(i64::MAX, |c| c.0);
        for (s, v) in capped {
            let key = if outer == i64::MAX {
                0
            } else {
                start + (s - start).div_euclid(outer) * outer
            };
            *level.entry(key).or_default() += v;
        }
    }
    Points(level.values().sum())
}

/// How `a` compares with `b` under one tie-break (`Less` ranks higher).
fn compare(tb: TieBreak, a: &Row, b: &Row) -> Ordering {
    match tb {
        TieBreak::FirstToReach => a.reach_ms.cmp(&b.reach_ms),
        TieBreak::EarliestEntry => a.first_ms.cmp(&b.first_ms),
        TieBreak::MostWagers => b.wagers.cmp(&a.wagers),
        TieBreak::FewestWagers => a.wagers.cmp(&b.wagers),
        TieBreak::BiggestWager => b.best.cmp(&a.best),
    }
}

/// The prize of `place` among `n` ranked players: tiers in order, each starting where
/// the previous one ended.
fn prize(t: &Tournament, place: usize, n: usize) -> Option<Prize> {
    for tier in &t.leaderboard.prizes {
        let (from, to) = match &tier.places {
            PlaceSpec::Places { from, to } => (*from as usize, *to as usize),
            PlaceSpec::Percent { from, percent } => {
                let exact = *percent * Decimal::from(n) / Decimal::ONE_HUNDRED;
                (*from as usize, exact.ceil().try_into().unwrap())
            }
        };
        if place >= from && place <= to.min(n) {
            return Some(tier.prize.clone());
        }
    }
    None
}
