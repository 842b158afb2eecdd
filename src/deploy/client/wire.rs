//! The JSON shapes of the ksqlDB REST API this client reads and writes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The body of `POST /ksql`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KsqlRequest<'a> {
    pub ksql: &'a str,
    pub streams_properties: BTreeMap<&'static str, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_sequence_number: Option<i64>,
}

/// Every error answer: `generic_error` or `statement_error`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(rename = "@type")]
    pub kind: Option<String>,
    #[serde(rename = "error_code")]
    pub error_code: u32,
    #[serde(default)]
    pub message: String,
    pub statement_text: Option<String>,
    #[serde(default)]
    pub entities: Vec<serde_json::Value>,
}

/// `commandStatus` of a `currentStatus` entity, and the body of `GET /status/...`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CommandStatus {
    pub status: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub query_id: Option<String>,
}

impl CommandStatus {
    /// `SUCCESS` or `ERROR` (or `TERMINATED`): nothing more will change.
    pub fn is_final(&self) -> bool {
        matches!(self.status.as_str(), "SUCCESS" | "ERROR" | "TERMINATED")
    }
}

/// A `currentStatus` entity: what a CREATE, DROP or TERMINATE did.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentStatus {
    #[serde(default)]
    pub statement_text: String,
    pub command_id: String,
    pub command_status: CommandStatus,
    pub command_sequence_number: i64,
}

/// `GET /info`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Info {
    #[serde(rename = "KsqlServerInfo")]
    pub server: ServerInfo,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    pub version: String,
    #[serde(default)]
    pub kafka_cluster_id: String,
    #[serde(default)]
    pub ksql_service_id: String,
    #[serde(default)]
    pub server_status: Option<String>,
}

/// `GET /healthcheck`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub is_healthy: bool,
    /// `metastore`, `kafka`, `commandRunner`, each with its own `isHealthy`.
    #[serde(default)]
    pub details: BTreeMap<String, HealthDetail>,
    #[serde(default)]
    pub server_state: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthDetail {
    pub is_healthy: bool,
}

impl Health {
    /// The parts that report themselves unhealthy, e.g. `kafka`.
    pub fn unhealthy(&self) -> Vec<&str> {
        self.details
            .iter()
            .filter(|(_, d)| !d.is_healthy)
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

/// One stream of `SHOW STREAMS;` (`streams` entity).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamEntry {
    pub name: String,
    #[serde(default)]
    pub topic: String,
}

/// One query of `SHOW QUERIES;` (`queries` entity, RunningQuery).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEntry {
    pub id: String,
    #[serde(default)]
    pub query_string: String,
    #[serde(default)]
    pub sinks: Vec<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub status_count: BTreeMap<String, u32>,
}

impl QueryEntry {
    /// `RUNNING`, `ERROR`, ...: `state`, else the only key of `statusCount`.
    pub fn state(&self) -> String {
        if let Some(s) = &self.state {
            return s.clone();
        }
        let mut keys = self.status_count.keys();
        match (keys.next(), keys.next()) {
            (Some(only), None) => only.clone(),
            (Some(_), Some(_)) => "MIXED".into(),
            _ => "UNKNOWN".into(),
        }
    }
}

/// One source of `SHOW STREAMS EXTENDED;` (`sourceDescriptions` entity,
/// SourceDescription).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDescriptionEntry {
    pub name: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub key_format: String,
    #[serde(default)]
    pub value_format: String,
    #[serde(default)]
    pub partitions: Option<u32>,
    /// The timestamp column, empty when ROWTIME is the Kafka record time.
    #[serde(default)]
    pub timestamp: String,
    /// The statement that declared the source, as the server prints it.
    #[serde(default)]
    pub statement: String,
}

/// One query of `SHOW QUERIES EXTENDED;` (`queryDescriptions` entity,
/// QueryDescription). Its `state` says RUNNING for a PAUSED query; the state per
/// host is in `ksqlHostQueryStatus`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryDescriptionEntry {
    pub id: String,
    #[serde(default)]
    pub statement_text: String,
    #[serde(default)]
    pub sinks: Vec<String>,
    #[serde(default)]
    pub ksql_host_query_status: BTreeMap<String, String>,
    #[serde(default)]
    pub state: Option<String>,
}

impl QueryDescriptionEntry {
    /// The worst state over the hosts: ERROR, then UNRESPONSIVE, then PAUSED, else
    /// RUNNING (`state` when no host is listed).
    pub fn state(&self) -> String {
        let seen = |s: &str| self.ksql_host_query_status.values().any(|v| v == s);
        for worst in ["ERROR", "UNRESPONSIVE", "PAUSED"] {
            if seen(worst) {
                return worst.into();
            }
        }
        match self.ksql_host_query_status.values().next() {
            Some(other) => other.clone(),
            None => self.state.clone().unwrap_or_else(|| "UNKNOWN".into()),
        }
    }
}

/// One topic of `SHOW TOPICS;` (`kafka_topics` entity).
#[derive(Debug, Clone, Deserialize)]
pub struct TopicEntry {
    pub name: String,
}
