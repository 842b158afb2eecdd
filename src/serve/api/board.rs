//! The board: the top of the leaderboard (now, or at a past moment from the history),
//! and one player with the players around them.

use super::analytics::past_leaderboard;
use super::error::ApiError;
use super::operator::Operator;
use super::ApiState;
use crate::engine::prizes::prize_for;
use crate::engine::standings::Player;
use crate::engine::{Engine, Points};
use crate::ir::Prize;
use crate::serve::phase::Phase;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// Most places one leaderboard request returns.
pub const MAX_TOP: usize = 1000;
/// Most neighbours on each side of a player.
pub const MAX_AROUND: usize = 100;

/// One place on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub place: usize,
    pub player: String,
    /// The player's display name, under `display name` when their wagers carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Exact decimal, as a string.
    pub score: Points,
    pub wagers: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prize: Option<Prize>,
}

/// `GET /v1/tournaments/{id}/leaderboard`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Leaderboard {
    pub tournament: String,
    pub phase: Phase,
    /// Players ranked.
    pub players: usize,
    pub entries: Vec<Entry>,
}

/// `GET /v1/tournaments/{id}/players/{player}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlayerView {
    pub tournament: String,
    pub players: usize,
    pub player: Entry,
    /// The players just above, best first.
    pub above: Vec<Entry>,
    /// The players just below, best first.
    pub below: Vec<Entry>,
}

#[derive(Deserialize)]
pub struct TopQuery {
    top: Option<usize>,
    /// A past moment (RFC 3339): the board then, from the history.
    at: Option<String>,
}

#[derive(Deserialize)]
pub struct AroundQuery {
    around: Option<usize>,
}

fn entry(engine: &Engine, place: usize, idx: u32, p: &Player) -> Entry {
    let t = engine.tournament();
    Entry {
        place,
        player: p.id.clone(),
        name: engine.display_name(idx).map(str::to_owned),
        score: p.score,
        wagers: p.wagers,
        prize: prize_for(&t.leaderboard.prizes, place, engine.standings().len()).cloned(),
    }
}

/// `count` places from one-based place `from`.
fn entries(engine: &Engine, from: usize, count: usize) -> Vec<Entry> {
    engine
        .standings()
        .indices_from(from)
        .take(count)
        .filter_map(|(place, idx)| Some(entry(engine, place, idx, engine.standings().player(idx)?)))
        .collect()
}

fn bounded(
    value: Option<usize>,
    default: usize,
    min: usize,
    max: usize,
    name: &str,
) -> Result<usize, ApiError> {
    let v = value.unwrap_or(default);
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(ApiError::bad_request(format!(
            "`{name}` must be from {min} to {max}, not {v}"
        )))
    }
}

fn query_error(name: &str, max: usize) -> impl Fn(QueryRejection) -> ApiError + '_ {
    move |_| ApiError::bad_request(format!("`{name}` must be a whole number up to {max}"))
}

pub async fn leaderboard(
    State(state): State<ApiState>,
    op: Operator,
    Path(id): Path<String>,
    query: Result<Query<TopQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(query_error("top", MAX_TOP))?;
    let live = op.tournament(&state, &id)?;
    let size = live.tournament().leaderboard.size as usize;
    let top = bounded(q.top, size.min(MAX_TOP), 1, MAX_TOP, "top")?;
    if let Some(at) = &q.at {
        return Ok(Json(past_leaderboard(&live, at, top)?).into_response());
    }
    let engine = live.read();
    Ok(Json(Leaderboard {
        tournament: id,
        phase: live.phase(),
        players: engine.standings().len(),
        entries: entries(&engine, 1, top),
    })
    .into_response())
}

pub async fn player(
    State(state): State<ApiState>,
    op: Operator,
    Path((id, player)): Path<(String, String)>,
    query: Result<Query<AroundQuery>, QueryRejection>,
) -> Result<Json<PlayerView>, ApiError> {
    let Query(q) = query.map_err(query_error("around", MAX_AROUND))?;
    let around = bounded(q.around, 0, 0, MAX_AROUND, "around")?;
    let live = op.tournament(&state, &id)?;
    let engine = live.read();
    let standings = engine.standings();
    let found = standings
        .find(&player)
        .and_then(|(idx, p)| Some((standings.place(idx)?, idx, p)));
    let Some((place, idx, p)) = found else {
        return Err(ApiError::not_found(format!(
            "player `{player}` is not on the board of `{id}`"
        )));
    };
    let first = place.saturating_sub(around).max(1);
    Ok(Json(PlayerView {
        tournament: id,
        players: standings.len(),
        player: entry(&engine, place, idx, p),
        above: entries(&engine, first, place - first),
        below: entries(&engine, place + 1, around),
    }))
}
