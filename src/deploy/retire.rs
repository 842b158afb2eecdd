//! Retiring one tournament: `TERMINATE` every query writing its stream (its own
//! `CSAS_...` query and any `INSERT INTO` query, `INSERTQUERY_<n>`), then
//! `DROP STREAM IF EXISTS` (optionally `DELETE TOPIC`).
//!
//! Ownership: a query writing into the tournament's stream belongs to the tournament
//! (see [`guard::check_terminate`]). Every statement is checked before the first
//! one is sent, so a retire that would be refused half way is refused before it
//! starts. A write that fails is confirmed by reading the cluster; if its effect is
//! not there, the error carries what was done, and running retire again finishes the
//! job (it reads the cluster again and skips what is gone). A tournament that is
//! already gone issues no write.

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
    #[error("cannot read the cluster: {0}")]
    Read(KsqlError),
    /// A write failed; `done` is what was done before it.
    #[error("`{statement}` failed: {source}")]
    Ksql {
        statement: String,
        source: KsqlError,
        done: Box<Retired>,
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
    let cluster = Cluster::read(client).await.map_err(RetireError::Read)?;
    let mut out = Retired {
        stream: stream.to_string(),
        ..Retired::default()
    };
    let writers: Vec<(String, Vec<String>)> = cluster
        .writers(stream.as_str())
        .map(|q| (q.id.clone(), q.sinks.clone()))
        .collect();
    for (q, sinks) in &writers {
        guard::check_terminate(q, sinks, &prefixes)?;
    }
    let drop = cluster
        .streams
        .contains_key(stream.as_str())
        .then(|| sql::drop_stream(&stream, delete_topic));
    if let Some(d) = &drop {
        guard::check(d, &prefixes)?;
    }
    // INSERT queries first: ksqlDB refuses to drop a stream they write.
    let mut ordered: Vec<&String> = writers.iter().map(|(q, _)| q).collect();
    ordered.sort_by_key(|q| q.starts_with("CSAS_"));
    for q in ordered {
        let statement = format!("TERMINATE {q};");
        let gone = |c: &Cluster| !c.queries.iter().any(|x| &x.id == q);
        write(client, &statement, gone, &out).await?;
        out.terminated.push(q.clone());
    }
    if let Some(statement) = drop {
        let name = stream.to_string();
        let gone = |c: &Cluster| !c.streams.contains_key(&name);
        write(client, &statement, gone, &out).await?;
        out.dropped = true;
        out.topic_deleted = delete_topic;
    }
    Ok(out)
}

/// Sends `statement`; on any error, reads the cluster and counts the write as done
/// if `done_on` holds.
async fn write(
    client: &Client,
    statement: &str,
    done_on: impl Fn(&Cluster) -> bool,
    so_far: &Retired,
) -> Result<(), RetireError> {
    let Err(e) = client.execute(statement).await else {
        return Ok(());
    };
    let fail = |source: KsqlError| RetireError::Ksql {
        statement: statement.to_owned(),
        source,
        done: Box::new(so_far.clone()),
    };
    match Cluster::read(client).await {
        Ok(after) if done_on(&after) => Ok(()),
        _ => Err(fail(e)),
    }
}
