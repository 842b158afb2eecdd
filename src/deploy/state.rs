//! What is deployed, read from the cluster itself: `SHOW STREAMS;` for the streams
//! and their topics, `SHOW QUERIES;` for the persistent queries, their sinks, state
//! and statement text. Nothing is remembered between runs, so changes made by hand
//! (a dropped stream, a terminated query, an edited statement) show up in the plan.

use super::client::wire::{QueryEntry, StreamEntry};
use super::client::{Client, KsqlError};
use crate::emit::names::SOURCE_STREAM;
use std::collections::BTreeMap;

/// A stream on the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    pub name: String,
    pub topic: String,
}

/// A persistent query on the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub id: String,
    pub sinks: Vec<String>,
    /// The statement that created it, as ksqlDB reports it.
    pub statement: String,
    /// `RUNNING`, `ERROR`, `PAUSED`, ...
    pub state: String,
}

/// The streams and queries of one ksqlDB cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    pub streams: BTreeMap<String, Stream>,
    pub queries: Vec<Query>,
}

impl Cluster {
    /// Reads the cluster's streams and queries (two read requests).
    pub async fn read(client: &Client) -> Result<Cluster, KsqlError> {
        let streams = entries::<StreamEntry>(&client.read("SHOW STREAMS;").await?, "streams")?;
        let queries = entries::<QueryEntry>(&client.read("SHOW QUERIES;").await?, "queries")?;
        Ok(Cluster {
            streams: streams
                .into_iter()
                .map(|s| {
                    let name = s.name.to_ascii_uppercase();
                    (
                        name.clone(),
                        Stream {
                            name,
                            topic: s.topic,
                        },
                    )
                })
                .collect(),
            queries: queries
                .into_iter()
                .map(|q| Query {
                    state: q.state(),
                    id: q.id,
                    sinks: q.sinks.iter().map(|s| s.to_ascii_uppercase()).collect(),
                    statement: q.query_string,
                })
                .collect(),
        })
    }

    /// Whether the shared source stream exists.
    pub fn has_source(&self) -> bool {
        self.streams.contains_key(SOURCE_STREAM)
    }

    /// The queries writing into `stream`.
    pub fn writers<'a>(&'a self, stream: &'a str) -> impl Iterator<Item = &'a Query> + 'a {
        self.queries
            .iter()
            .filter(move |q| q.sinks.iter().any(|s| s == stream))
    }

    /// The streams whose names start with `prefix`.
    pub fn streams_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = &'a Stream> + 'a {
        self.streams
            .values()
            .filter(move |s| s.name.starts_with(prefix))
    }
}

/// The list `field` of the first entity of a SHOW answer.
fn entries<T: serde::de::DeserializeOwned>(
    entities: &[serde_json::Value],
    field: &str,
) -> Result<Vec<T>, KsqlError> {
    let list = entities
        .first()
        .and_then(|e| e.get(field))
        .cloned()
        .ok_or_else(|| KsqlError::Unexpected {
            status: 200,
            detail: format!("no `{field}` list in the answer"),
        })?;
    serde_json::from_value(list).map_err(|e| KsqlError::Unexpected {
        status: 200,
        detail: format!("`{field}`: {e}"),
    })
}
