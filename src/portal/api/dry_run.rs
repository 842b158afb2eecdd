//! `POST /v1/portal/dry-run`: replays NDJSON events (sent, or generated in the
//! tournament's window) through the tournament, exactly as `tourney dry-run` does:
//! the same board (cut to the board size), the same summary, the same explanation.

use super::source::compile_for;
use super::{audit, joined, PortalError, PortalState};
use crate::dry_run::summary::places_shown;
use crate::dry_run::{replay, DryRunOptions, Report};
use crate::engine::EngineOptions;
use crate::portal::activate::GenSpec;
use crate::portal::auth::{Principal, Role};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

/// The lateness `tourney dry-run` allows by default, in seconds.
const LATENESS_S: i64 = 300;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DryRunBody {
    source: String,
    /// NDJSON wager events.
    #[serde(default)]
    events: Option<String>,
    /// Or wagers generated in the tournament's window.
    #[serde(default)]
    generate: Option<GenSpec>,
    /// Explain what became of this wager id.
    #[serde(default)]
    explain: Option<String>,
}

pub async fn dry_run(
    State(state): State<PortalState>,
    who: Principal,
    Json(body): Json<DryRunBody>,
) -> Result<Json<Report>, PortalError> {
    who.require(Role::Editor)?;
    let compiled = compile_for(&state, &who.operator, body.source).await?;
    let t = compiled.single(&who.operator)?.clone();
    let events = match (body.events, body.generate) {
        (Some(ndjson), None) => ndjson,
        (None, Some(spec)) => spec.ndjson(&t).map_err(PortalError::bad_request)?,
        _ => return Err(PortalError::bad_request(
            "send `events` (NDJSON) or `generate` ({\"events\", \"players\", \"seed\"}), not both",
        )),
    };
    let opts = DryRunOptions {
        explain: body.explain,
        engine: EngineOptions {
            allowed_lateness_ms: LATENESS_S * 1000,
            ..EngineOptions::default()
        },
        ..DryRunOptions::default()
    };
    let t2 = t.clone();
    let report = joined(
        tokio::task::spawn_blocking(move || {
            // The reader `tourney dry-run` reads a file with: the same lines.
            let lines = crate::dry_run::lines::lines(std::io::Cursor::new(events.into_bytes()));
            replay(&t2, lines, &opts).map(|mut r| {
                r.board.truncate(places_shown(&t2, None));
                r
            })
        })
        .await,
    )?
    .map_err(|e| PortalError::internal(format!("cannot read the events: {e}")))?;
    let detail = format!(
        "{} lines, {} counted",
        report.summary.lines, report.summary.counted
    );
    audit(&state, &who, "dry-run", Some(&t.id), None, "ok", detail).await;
    Ok(Json(report))
}
