//! The answers of `SHOW STREAMS [EXTENDED]`, `SHOW QUERIES [EXTENDED]` and
//! `SHOW TOPICS`, in ksqlDB's entity shapes (StreamsList, SourceDescriptionList,
//! Queries, QueryDescriptionList, KafkaTopicsList).

use super::state::{Query, State, Stream};
use super::statement::Stmt;
use serde_json::{json, Value};

/// The host every query runs on.
pub const HOST: &str = "fake-ksqldb:8088";

impl State {
    pub fn read(&self, text: &str, stmt: &Stmt) -> Value {
        match stmt {
            Stmt::ShowStreams { extended: false } => {
                json!({"@type": "streams", "statementText": text, "warnings": [],
                "streams": self.streams.iter().map(|(n, s)| json!({"type": "STREAM", "name": n,
                    "topic": s.topic, "keyFormat": s.key_format, "valueFormat": s.value_format,
                    "isWindowed": false})).collect::<Vec<_>>()})
            }
            Stmt::ShowStreams { extended: true } => {
                json!({"@type": "sourceDescriptions", "statementText": text, "warnings": [],
                "sourceDescriptions": self.streams.iter().map(|(n, s)| self.describe(n, s))
                    .collect::<Vec<_>>()})
            }
            Stmt::ShowQueries { extended: false } => {
                json!({"@type": "queries", "statementText": text, "warnings": [],
                "queries": self.queries.iter().map(|(id, q)| self.running_query(id, q))
                    .collect::<Vec<_>>()})
            }
            Stmt::ShowQueries { extended: true } => {
                json!({"@type": "queryDescriptions", "statementText": text, "warnings": [],
                "queryDescriptions": self.queries.iter().map(|(id, q)| json!({
                    "id": id, "statementText": q.statement, "windowType": null,
                    "fields": [], "sources": [q.source], "sinks": [q.sink],
                    "topology": "", "executionPlan": "", "overriddenProperties": {},
                    "ksqlHostQueryStatus": {HOST: q.state}, "queryType": "PERSISTENT",
                    "queryErrors": [], "tasksMetadata": [],
                    "state": if q.state == "ERROR" { "ERROR" } else { "RUNNING" }}))
                    .collect::<Vec<_>>()})
            }
            _ => json!({"@type": "kafka_topics", "statementText": text, "warnings": [],
                "topics": self.topics.iter().map(|(n, p)| json!({"name": n,
                    "replicaInfo": vec![1; *p as usize]})).collect::<Vec<_>>()}),
        }
    }

    /// A RunningQuery: ksqlDB reports RUNNING for a PAUSED query here (only ERROR
    /// shows).
    fn running_query(&self, id: &str, q: &Query) -> Value {
        let state = if q.state == "ERROR" {
            "ERROR"
        } else {
            "RUNNING"
        };
        json!({"queryString": q.statement, "sinks": [q.sink],
            "sinkKafkaTopics": [self.streams.get(&q.sink).map(|s| s.topic.clone())],
            "id": id, "statusCount": {state: 1}, "queryType": "PERSISTENT", "state": state})
    }

    fn describe(&self, name: &str, s: &Stream) -> Value {
        let writers: Vec<Value> = self
            .queries
            .iter()
            .filter(|(_, q)| q.sink == name)
            .map(|(id, q)| self.running_query(id, q))
            .collect();
        let readers: Vec<Value> = self
            .queries
            .iter()
            .filter(|(_, q)| q.source == name)
            .map(|(id, q)| self.running_query(id, q))
            .collect();
        json!({"name": name, "windowType": null, "readQueries": readers,
            "writeQueries": writers,
            "fields": s.columns.iter().map(|(n, t)| json!({"name": n,
                "schema": {"type": t.split('(').next().unwrap_or_default(),
                "fields": null, "memberSchema": null}})).collect::<Vec<_>>(),
            "type": "STREAM", "timestamp": s.timestamp, "statistics": "", "errorStats": "",
            "extended": true, "keyFormat": s.key_format, "valueFormat": s.value_format,
            "topic": s.topic, "partitions": self.topics.get(&s.topic).copied().unwrap_or(0),
            "replication": 1, "statement": s.statement, "queryOffsetSummaries": [],
            "sourceConstraints": []})
    }
}
