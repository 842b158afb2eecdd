//! Unauthenticated routes for operations: `/healthz`, `/readyz` and `/metrics`.

use super::ApiState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

/// 200 while the scoring loop goes round (or where there is none), 503 once it stalled.
pub async fn healthz(State(state): State<ApiState>) -> impl IntoResponse {
    let tournaments = state.registry.len();
    match state.liveness.as_ref().and_then(|l| l.stalled_for()) {
        None => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "tournaments": tournaments })),
        ),
        Some(quiet) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "status": "stalled",
                "tournaments": tournaments,
                "stalled_s": quiet.as_secs(),
            })),
        ),
    }
}

/// 200 once ready (see [`ApiState::with_readiness`]), 503 before.
pub async fn readyz(State(state): State<ApiState>) -> impl IntoResponse {
    if state.ready.load(std::sync::atomic::Ordering::Relaxed) {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "starting" })),
        )
    }
}

/// The Prometheus text, with the players gauges read off the live boards.
pub async fn metrics(State(state): State<ApiState>) -> impl IntoResponse {
    for live in state.registry.all() {
        let players = live.read().standings().len();
        state
            .metrics
            .set_players(live.operator(), live.id(), players);
    }
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(),
    )
}
