//! What is deployed, read from the cluster itself: `SHOW STREAMS EXTENDED;` for the
//! streams with their topic, formats, partitions, timestamp and declaring statement,
//! `SHOW QUERIES EXTENDED;` for the persistent queries, their sinks, statement text
//! and state on every host (plain `SHOW QUERIES` says RUNNING for a PAUSED query),
//! and `SHOW TOPICS;` for the topic names. Nothing is remembered between runs, so
//! changes made by hand (a dropped stream, a terminated or paused query, a stream
//! declared again with other columns or formats) show up in the plan.

use super::client::wire::{QueryDescriptionEntry, SourceDescriptionEntry, TopicEntry};
use super::client::{Client, KsqlError};
use crate::emit::names::SOURCE_STREAM;
use std::collections::{BTreeMap, BTreeSet};

/// A stream on the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stream {
    pub name: String,
    pub topic: String,
    pub key_format: String,
    pub value_format: String,
    pub partitions: Option<u32>,
    /// The timestamp column (empty: the Kafka record time).
    pub timestamp: String,
    /// The declaring statement, as the server prints it.
    pub statement: String,
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

/// The streams, queries and topics of one ksqlDB cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cluster {
    pub streams: BTreeMap<String, Stream>,
    pub queries: Vec<Query>,
    /// Topic names of the Kafka cluster (`SHOW TOPICS`), and every stream's topic.
    pub topics: BTreeSet<String>,
}

impl Cluster {
    /// Reads the cluster's streams, queries and topics (three read requests).
    pub async fn read(client: &Client) -> Result<Cluster, KsqlError> {
        let streams = entries::<SourceDescriptionEntry>(
            &client.read("SHOW STREAMS EXTENDED;").await?,
            "sourceDescriptions",
        )?;
        let queries = entries::<QueryDescriptionEntry>(
            &client.read("SHOW QUERIES EXTENDED;").await?,
            "queryDescriptions",
        )?;
        let topics = entries::<TopicEntry>(&client.read("SHOW TOPICS;").await?, "topics")?;
        let streams: BTreeMap<String, Stream> = streams
            .into_iter()
            .map(|s| {
                let name = s.name.to_ascii_uppercase();
                let stream = Stream {
                    name: name.clone(),
                    topic: s.topic,
                    key_format: s.key_format,
                    value_format: s.value_format,
                    partitions: s.partitions,
                    timestamp: s.timestamp,
                    statement: s.statement,
                };
                (name, stream)
            })
            .collect();
        let topics = topics
            .into_iter()
            .map(|t| t.name)
            .chain(streams.values().map(|s| s.topic.clone()))
            .collect();
        Ok(Cluster {
            streams,
            queries: queries
                .into_iter()
                .map(|q| Query {
                    state: q.state(),
                    id: q.id,
                    sinks: q.sinks.iter().map(|s| s.to_ascii_uppercase()).collect(),
                    statement: q.statement_text,
                })
                .collect(),
            topics,
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
