//! The player's JSON routes: the board (public unless the tournament is private) and
//! the player's own place (with their token).

use super::auth::{from_headers, token_error};
use super::cache::{max_age, respond, Audience};
use super::token::TokenError;
use super::view::{self, Me, PrizeLine, Shown, MAX_PLAYER_TOP};
use crate::check::rfc3339;
use crate::ir::Visibility;
use crate::serve::api::{ApiError, ApiState};
use crate::serve::live::LiveTournament;
use crate::serve::phase::Phase;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// `GET /v1/play/{operator}/{id}/board`.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub tournament: String,
    pub operator: String,
    pub title: String,
    pub phase: Phase,
    /// First instant that counts, RFC 3339.
    pub start: String,
    pub end: String,
    pub end_inclusive: bool,
    /// The coalescing interval of live updates, in milliseconds.
    pub update_ms: u64,
    pub visibility: Visibility,
    /// The tie-break rule in words.
    pub tie_break: String,
    pub prizes: Vec<PrizeLine>,
    /// Players ranked.
    pub players: usize,
    /// The latest event time processed, RFC 3339.
    pub as_of: Option<String>,
    pub top: Vec<Shown>,
}

#[derive(Deserialize)]
pub struct TopQuery {
    top: Option<usize>,
}

/// The tournament of the route; another operator's or an unknown one is not found.
pub fn tournament(state: &ApiState, op: &str, id: &str) -> Result<Arc<LiveTournament>, ApiError> {
    state
        .registry
        .get(op, id)
        .ok_or_else(|| ApiError::not_found(format!("no tournament `{id}` for operator `{op}`")))
}

fn is_private(live: &LiveTournament) -> bool {
    live.tournament().leaderboard.visibility == Visibility::Private
}

fn json(v: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

pub fn board_of(state: &ApiState, live: &LiveTournament, top: usize) -> Board {
    let t = live.tournament();
    let interval = state.player.options().interval(t.leaderboard.update);
    let engine = live.read();
    Board {
        tournament: t.id.clone(),
        operator: t.operator.clone(),
        title: t.title.clone(),
        phase: live.phase(),
        start: t.schedule.start.clone(),
        end: t.schedule.end.clone(),
        end_inclusive: t.schedule.end_inclusive,
        update_ms: interval.as_millis() as u64,
        visibility: t.leaderboard.visibility,
        tie_break: view::tie_break_words(t),
        prizes: view::prize_lines(t),
        players: engine.standings().len(),
        as_of: live.latest_event_ms().map(rfc3339),
        top: view::top(&engine, top),
    }
}

pub async fn board(
    State(state): State<ApiState>,
    Path((op, id)): Path<(String, String)>,
    query: Result<Query<TopQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|_| {
        ApiError::bad_request(format!(
            "`top` must be a whole number up to {MAX_PLAYER_TOP}"
        ))
    })?;
    let claims = from_headers(&state.player, &headers, &op, &id)?;
    let live = tournament(&state, &op, &id)?;
    if is_private(&live) && claims.is_none() {
        return Err(token_error(TokenError::Missing));
    }
    let size = live.tournament().leaderboard.size as usize;
    let top = q.top.unwrap_or(size.min(10));
    if !(1..=MAX_PLAYER_TOP).contains(&top) {
        return Err(ApiError::bad_request(format!(
            "`top` must be from 1 to {MAX_PLAYER_TOP}, not {top}"
        )));
    }
    let body = board_of(&state, &live, top);
    let audience = if is_private(&live) {
        Audience::Private
    } else {
        Audience::Public
    };
    let age = max_age(
        state
            .player
            .options()
            .interval(live.tournament().leaderboard.update),
    );
    Ok(respond(&headers, json(&body), audience, age))
}

pub async fn me(
    State(state): State<ApiState>,
    Path((op, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(claims) = from_headers(&state.player, &headers, &op, &id)? else {
        return Err(token_error(TokenError::Missing));
    };
    let live = tournament(&state, &op, &id)?;
    let me: Me = view::me(&live.read(), &claims.player);
    let age = max_age(
        state
            .player
            .options()
            .interval(live.tournament().leaderboard.update),
    );
    Ok(respond(&headers, json(&me), Audience::Private, age))
}
