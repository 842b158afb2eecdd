//! `GET /v1/tournaments/{id}/analytics` and the board at a past moment
//! (`GET /v1/tournaments/{id}/leaderboard?at=...`), both from the tournament's
//! [`History`](crate::serve::history::History) and its board.

use super::board::Entry;
use super::error::ApiError;
use super::operator::Operator;
use super::ApiState;
use crate::engine::prizes::prize_for;
use crate::serve::history::board::{
    in_the_money, prize_budget, score_distribution, PrizeBudget, ScoreBand, SCORE_BANDS,
};
use crate::serve::history::{Bucket, TopEntry, TopMark};
use crate::serve::live::LiveTournament;
use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most places listed as in the money (a percentage tier of a big board pays many).
pub const MAX_IN_THE_MONEY: usize = 1000;

/// `GET /v1/tournaments/{id}/analytics`.
#[derive(Debug, Clone, Serialize)]
pub struct Analytics {
    pub tournament: String,
    /// Width of each bucket now (it doubles when the history grows long).
    pub bucket_seconds: i64,
    pub buckets: Vec<BucketView>,
    pub score_distribution: Vec<ScoreBand>,
    pub in_the_money: Vec<Entry>,
    pub prize_budget: PrizeBudget,
    pub top_history: Vec<TopView>,
}

/// One bucket of event time.
#[derive(Debug, Clone, Serialize)]
pub struct BucketView {
    /// Start of the bucket (RFC 3339).
    pub at: String,
    pub counted: u64,
    /// Ineligible events by the first rule that rejected them (its source text, as the
    /// dry-run summary names it); rules that rejected nothing are left out.
    pub ineligible: BTreeMap<String, u64>,
    pub duplicates: u64,
    pub late: u64,
    pub unscorable: u64,
    pub malformed: u64,
    /// Players ranked at the end of the bucket.
    pub players: u64,
}

/// The top of the board from `at` until the next one.
#[derive(Debug, Clone, Serialize)]
pub struct TopView {
    pub at: String,
    pub players: usize,
    pub top: Vec<TopEntry>,
}

/// `GET /v1/tournaments/{id}/leaderboard?at=...`.
#[derive(Debug, Clone, Serialize)]
pub struct PastLeaderboard {
    pub tournament: String,
    /// The moment asked for.
    pub at: String,
    /// When the board shown was recorded (the latest record at or before `at`);
    /// `null` when nothing was recorded yet at `at`.
    pub as_of: Option<String>,
    /// Players ranked then.
    pub players: usize,
    pub entries: Vec<Entry>,
}

pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// `at` as epoch milliseconds.
pub fn parse_at(at: &str) -> Result<i64, ApiError> {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            ApiError::bad_request(format!(
                "`at` must be an RFC 3339 time such as 2024-11-15T10:30:00Z, not `{at}`"
            ))
        })
}

pub async fn analytics(
    State(state): State<ApiState>,
    op: Operator,
    Path(id): Path<String>,
) -> Result<Json<Analytics>, ApiError> {
    let live = op.tournament(&state, &id)?;
    Ok(Json(build(&live)))
}

/// The whole answer; holds the engine's read lock for one pass over the players.
pub fn build(live: &LiveTournament) -> Analytics {
    let t = live.tournament();
    let engine = live.read();
    let st = engine.standings();
    let tiers = &t.leaderboard.prizes;
    let money = in_the_money(st, tiers, MAX_IN_THE_MONEY)
        .into_iter()
        .map(|(place, p, prize)| Entry {
            place,
            player: p.id.clone(),
            score: p.score,
            wagers: p.wagers,
            name: None,
            prize: Some(prize.clone()),
        })
        .collect();
    let distribution = score_distribution(st, SCORE_BANDS);
    let budget = prize_budget(tiers, st.len());
    let history = live.history();
    let rules: Vec<&str> = t
        .eligibility
        .rules
        .iter()
        .map(|r| r.source.as_str())
        .collect();
    Analytics {
        tournament: t.id.clone(),
        bucket_seconds: history.width_ms() / 1000,
        buckets: history
            .buckets()
            .iter()
            .map(|b| bucket_view(b, &rules))
            .collect(),
        score_distribution: distribution,
        in_the_money: money,
        prize_budget: budget,
        top_history: history.top().marks().iter().map(top_view).collect(),
    }
}

fn bucket_view(b: &Bucket, rules: &[&str]) -> BucketView {
    let mut ineligible = BTreeMap::new();
    for (rule, n) in rules.iter().zip(&b.ineligible).filter(|(_, n)| **n > 0) {
        *ineligible.entry((*rule).to_string()).or_default() += n;
    }
    BucketView {
        at: rfc3339(b.start_ms),
        counted: b.counted,
        ineligible,
        duplicates: b.duplicates,
        late: b.late,
        unscorable: b.unscorable,
        malformed: b.malformed,
        players: b.players,
    }
}

fn top_view(m: &TopMark) -> TopView {
    TopView {
        at: rfc3339(m.at_ms),
        players: m.players,
        top: m.top.clone(),
    }
}

/// The first `top` places as they were at `at`.
pub fn past_leaderboard(
    live: &LiveTournament,
    at: &str,
    top: usize,
) -> Result<PastLeaderboard, ApiError> {
    let at_ms = parse_at(at)?;
    let tiers = &live.tournament().leaderboard.prizes;
    let history = live.history();
    let mark = history.top().at(at_ms);
    let players = mark.map_or(0, |m| m.players);
    let entries = mark
        .map(|m| {
            m.top
                .iter()
                .take(top)
                .map(|e| Entry {
                    place: e.place,
                    player: e.player.clone(),
                    score: e.score,
                    wagers: e.wagers,
                    name: None,
                    prize: prize_for(tiers, e.place, players).cloned(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(PastLeaderboard {
        tournament: live.id().to_string(),
        at: rfc3339(at_ms),
        as_of: mark.map(|m| rfc3339(m.at_ms)),
        players,
        entries,
    })
}
