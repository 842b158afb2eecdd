//! `GET /v1/portal/audit?format=json|ndjson|csv&since=RFC3339&limit=N`: the operator's
//! audit log, oldest first, as a download.

use super::{store, PortalError, PortalState};
use crate::portal::auth::Principal;
use crate::portal::store::{write_csv, write_ndjson};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Most entries in one export.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

pub async fn export(
    State(state): State<PortalState>,
    who: Principal,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PortalError> {
    let since = match &q.since {
        Some(s) => Some(
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| {
                    PortalError::bad_request(format!("`since={s}` is not an RFC 3339 time"))
                })?
                .with_timezone(&chrono::Utc),
        ),
        None => None,
    };
    let limit = q.limit.unwrap_or(MAX_ENTRIES).min(MAX_ENTRIES);
    let op = who.operator.clone();
    let read = store(&state, move |s| s.audit(&op, since, limit)).await?;
    let format = q.format.as_deref().unwrap_or("json");
    let mut body = Vec::new();
    let (content_type, ext) = match format {
        "json" => {
            body = serde_json::to_vec_pretty(&read.entries).unwrap_or_default();
            ("application/json", "json")
        }
        "ndjson" => {
            write_ndjson(&read.entries, &mut body)
                .map_err(|e| PortalError::internal(e.to_string()))?;
            ("application/x-ndjson", "ndjson")
        }
        "csv" => {
            write_csv(&read.entries, &mut body)
                .map_err(|e| PortalError::internal(e.to_string()))?;
            ("text/csv; charset=utf-8", "csv")
        }
        other => {
            return Err(PortalError::bad_request(format!(
                "`format={other}`: the formats are json, ndjson and csv"
            )))
        }
    };
    let disposition = format!("attachment; filename=\"audit-{}.{ext}\"", who.operator);
    Ok((
        [
            (CONTENT_TYPE, content_type.to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
