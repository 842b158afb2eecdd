//! Unauthenticated routes for operations: `/healthz`, `/readyz` and `/metrics`.

use super::ApiState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

pub async fn healthz(State(state): State<ApiState>) -> Json<Value> {
    Json(json!({ "status": "ok", "tournaments": state.registry.len() }))
}

/// 200 once ready (see [`ApiState::with_readiness`]), 503 before.
pub async fn readyz(State(state): State<ApiState>) -> impl IntoResponse {
    if state.ready.load(std::sync::atomic::Ordering::Relaxed) {
        (
            axum::http::StatusCode::OK,
            Json(json!({ "status": "ready" })),
        )
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
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
