//! Retiring one tournament: `TERMINATE` every query writing its stream, then
//! `DROP STREAM IF EXISTS` (optionally `DELETE TOPIC`). Idempotent: a tournament that
//! is already gone issues no write. Statements pass the operator guard first.

use super::client::{Client, KsqlError};
use super::guard::{self, GuardError};
use super::state::Cluster;
use crate::emit::names::{operator_prefix, stream_name};
use crate::emit::{sql, EmitError};
use serde::Serialize;

/// What retiring did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Retired {
    pub stream: String,
    /// Queries terminated.
    pub terminated: Vec<String>,
    /// Whether the stream was dropped now (false if it was already gone).
    pub dropped: bool,
    pub topic_deleted: bool,
}

/// Why retiring failed.
#[derive(Debug, thiserror::Error)]
pub enum RetireError {
    #[error(transparent)]
    Emit(#[from] EmitError),
    #[error(transparent)]
    Guard(#[from] GuardError),
    #[error("`{statement}` failed: {source}")]
    Ksql {
        statement: String,
        source: KsqlError,
    },
}

/// Terminates the queries of tournament `id` of `operator` and drops its stream.
pub async fn retire(
    client: &Client,
    operator: &str,
    id: &str,
    delete_topic: bool,
) -> Result<Retired, RetireError> {
    let stream = stream_name(operator, id)?;
    let prefixes = vec![operator_prefix(operator)?];
    let ksql = |statement: &str| {
        let statement = statement.to_owned();
        move |source| RetireError::Ksql { statement, source }
    };
    let cluster = Cluster::read(client).await.map_err(ksql("SHOW QUERIES;"))?;
    let mut out = Retired {
        stream: stream.to_string(),
        ..Retired::default()
    };
    let writers: Vec<String> = cluster
        .writers(stream.as_str())
        .map(|q| q.id.clone())
        .collect();
    for q in writers {
        let statement = format!("TERMINATE {q};");
        guard::check(&statement, &prefixes)?;
        if let Err(e) = client.execute(&statement).await {
            let after = Cluster::read(client).await.map_err(ksql(&statement))?;
            if after.queries.iter().any(|x| x.id == q) {
                return Err(ksql(&statement)(e));
            }
        }
        out.terminated.push(q);
    }
    if cluster.streams.contains_key(stream.as_str()) {
        let statement = sql::drop_stream(&stream, delete_topic);
        guard::check(&statement, &prefixes)?;
        if let Err(e) = client.execute(&statement).await {
            let after = Cluster::read(client).await.map_err(ksql(&statement))?;
            if after.streams.contains_key(stream.as_str()) {
                return Err(ksql(&statement)(e));
            }
        }
        out.dropped = true;
        out.topic_deleted = delete_topic;
    }
    Ok(out)
}
