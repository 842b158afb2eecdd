//! `GET /v1/tournaments/{id}/changes`: position changes as Server-Sent Events.
//!
//! Each change is one `message` event: `id:` is the position change id, `data:` its
//! JSON. A client too slow to keep up gets a `lagged` event, `{"missed": N}`, and the
//! stream goes on with the newest changes (re-read the leaderboard to catch up).

use super::error::ApiError;
use super::operator::Operator;
use super::ApiState;
use crate::engine::changes::PositionChange;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

struct Subscription {
    changes: broadcast::Receiver<Arc<PositionChange>>,
    closing: watch::Receiver<bool>,
}

fn change_event(c: &PositionChange) -> Event {
    Event::default()
        .id(c.position_change_id.clone())
        .json_data(c)
        .unwrap_or_else(|_| Event::default().comment("a change could not be written"))
}

fn lagged_event(missed: u64) -> Event {
    Event::default()
        .event("lagged")
        .data(format!("{{\"missed\":{missed}}}"))
}

async fn next(mut s: Subscription) -> Option<(Result<Event, Infallible>, Subscription)> {
    let received = tokio::select! {
        r = s.changes.recv() => r,
        _ = s.closing.wait_for(|closing| *closing) => return None,
    };
    let event = match received {
        Ok(c) => change_event(&c),
        Err(broadcast::error::RecvError::Lagged(n)) => lagged_event(n),
        Err(broadcast::error::RecvError::Closed) => return None,
    };
    Some((Ok(event), s))
}

pub async fn changes(
    State(state): State<ApiState>,
    op: Operator,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let live = op.tournament(&state, &id)?;
    let sub = Subscription {
        changes: live.subscribe(),
        closing: state.closing.subscribe(),
    };
    Ok(Sse::new(stream::unfold(sub, next)).keep_alive(KeepAlive::default()))
}
