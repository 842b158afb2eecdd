//! `GET /v1/play/{operator}/{id}/ws`: the player's live board over a WebSocket.
//!
//! The client sends one `subscribe` message first (within [`SUBSCRIBE_TIMEOUT`]):
//! `{"type":"subscribe","top":10,"token":"<player token>","last":"<last id>"}`, all but
//! `type` optional. The token travels inside the socket, never in a URL. The server
//! then sends the messages of [`super::message`]; the socket closes when the token
//! expires.

use super::auth::check;
use super::hub::Subscription;
use super::message::{error, Subscribe};
use super::routes::tournament;
use super::token::{now_s, Claims, TokenError};
use crate::ir::Visibility;
use crate::serve::api::{ApiError, ApiState};
use crate::serve::live::LiveTournament;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{sleep_until, Instant};

/// How long a client has to send its `subscribe`.
pub const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(10);
/// After this long with nothing to say, the server sends `alive`.
pub const ALIVE_AFTER: Duration = Duration::from_secs(20);
/// Largest message a client may send.
const MAX_CLIENT_MESSAGE: usize = 4096;

pub async fn ws(
    State(state): State<ApiState>,
    Path((op, id)): Path<(String, String)>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let live = tournament(&state, &op, &id)?;
    Ok(upgrade
        .read_buffer_size(MAX_CLIENT_MESSAGE)
        .write_buffer_size(0)
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| session(socket, state, live)))
}

async fn refuse(mut socket: WebSocket, message: &str) {
    let _ = socket.send(Message::Text(error(message).into())).await;
    let _ = socket.send(Message::Close(None)).await;
}

/// Reads and checks the `subscribe` message.
async fn subscribe(
    socket: &mut WebSocket,
    state: &ApiState,
    live: &LiveTournament,
) -> Result<(Subscribe, Option<Claims>), String> {
    let first = tokio::time::timeout(SUBSCRIBE_TIMEOUT, socket.recv()).await;
    let text = match first {
        Ok(Some(Ok(Message::Text(t)))) => t,
        Ok(_) => return Err("expected a `subscribe` text message".into()),
        Err(_) => return Err("no `subscribe` message in time".into()),
    };
    let sub: Subscribe = serde_json::from_str(text.as_str())
        .map_err(|e| format!("not a `subscribe` message: {e}"))?;
    if sub.kind != "subscribe" {
        return Err("the first message must be of type `subscribe`".into());
    }
    let claims = match &sub.token {
        Some(t) => {
            Some(check(&state.player, t, live.operator(), live.id()).map_err(|e| e.message)?)
        }
        None => None,
    };
    if claims.is_none() && live.tournament().leaderboard.visibility == Visibility::Private {
        return Err(format!("player token refused: {}", TokenError::Missing));
    }
    Ok((sub, claims))
}

async fn session(mut socket: WebSocket, state: ApiState, live: Arc<LiveTournament>) {
    let (sub, claims) = match subscribe(&mut socket, &state, &live).await {
        Ok(s) => s,
        Err(why) => return refuse(socket, &why).await,
    };
    let hub = state.player.hub(&live, &state.metrics);
    let top = sub.top.unwrap_or(10);
    let player = claims.as_ref().map(|c| c.player.clone());
    let subscription = match hub.subscribe(top, player, sub.last.as_deref()) {
        Ok(s) => s,
        Err(e) => return refuse(socket, &e.to_string()).await,
    };
    let expires = claims.map(|c| {
        let left = u64::try_from(c.exp.saturating_sub(now_s())).unwrap_or(0);
        Instant::now() + Duration::from_secs(left)
    });
    pump(socket, subscription, &state, expires).await;
}

/// Sends the client's queue until it leaves, its token expires or the server closes.
async fn pump(
    mut socket: WebSocket,
    mut s: Subscription,
    state: &ApiState,
    expires: Option<Instant>,
) {
    let mut closing = state.closing();
    let far = Instant::now() + Duration::from_secs(365 * 24 * 3600);
    // Two timers for the life of the socket, moved rather than made anew per message.
    let expiry = sleep_until(expires.unwrap_or(far));
    let alive = sleep_until(Instant::now() + ALIVE_AFTER);
    tokio::pin!(expiry, alive);
    loop {
        let (out, expired) = tokio::select! {
            m = s.rx.recv() => match m {
                Some(m) => (next_message(&mut s, m), false),
                None => break,
            },
            r = socket.recv() => match r {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => continue,
            },
            _ = &mut alive => (Some(s.hub().alive().into()), false),
            _ = &mut expiry => {
                (Some(error("player token refused: the token has expired").into()), true)
            }
            _ = closing.wait_for(|c| *c) => break,
        };
        let Some(out) = out else { break };
        if socket.send(Message::Text(out)).await.is_err() || expired {
            break;
        }
        alive.as_mut().reset(Instant::now() + ALIVE_AFTER);
    }
    let _ = socket.send(Message::Close(None)).await;
}

/// The message to send for `m`: itself, or one resync when updates were dropped.
fn next_message(s: &mut Subscription, m: Utf8Bytes) -> Option<Utf8Bytes> {
    let missed = s.missed.swap(0, Ordering::Relaxed);
    if missed == 0 {
        return Some(m);
    }
    while s.rx.try_recv().is_ok() {}
    s.hub().resync(s.id, missed).map(Utf8Bytes::from)
}
