//! The fake cluster's state and how each statement changes it, with the answers
//! ksqlDB documents (entities, messages, error codes).

use super::fault::{reformat, Fault};
use super::statement::Stmt;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Stream {
    pub topic: String,
}

#[derive(Debug, Clone)]
pub struct Query {
    pub sink: String,
    pub statement: String,
    pub state: String,
}

/// An answer: HTTP status and JSON body, maybe after a delay.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub delay: Option<Duration>,
}

/// One `/ksql` request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub ksql: String,
    pub command_sequence_number: Option<i64>,
    pub streams_properties: Value,
    pub authorization: Option<String>,
}

#[derive(Default)]
pub struct State {
    pub streams: BTreeMap<String, Stream>,
    pub queries: BTreeMap<String, Query>,
    pub seq: i64,
    /// Statuses `/status/<id>` will return, first to last (the last one stays).
    pub statuses: HashMap<String, Vec<Value>>,
    pub requests: Vec<Recorded>,
    /// Write statements received, in order (including failed ones).
    pub writes: Vec<String>,
    pub faults: HashMap<usize, Fault>,
    /// The next this many reads answer 503.
    pub failing_reads: usize,
    /// `Basic ...` expected in `Authorization`, if any.
    pub auth: Option<String>,
    /// State a new query starts in (default RUNNING).
    pub new_query_state: Option<String>,
    /// Report query statements re-formatted, as a server's injectors may.
    pub reformat: bool,
    /// `/healthcheck` reports Kafka unhealthy.
    pub kafka_down: bool,
}

pub fn statement_error(stmt: &str, message: &str, entities: Vec<Value>) -> Answer {
    Answer {
        status: 400,
        body: json!({"@type": "statement_error", "error_code": 40001, "message": message,
                     "statementText": stmt, "entities": entities}),
        delay: None,
    }
}

pub fn generic_error(status: u16, code: u32, message: &str) -> Answer {
    Answer {
        status,
        body: json!({"@type": "generic_error", "error_code": code, "message": message}),
        delay: None,
    }
}

impl State {
    /// Runs every statement of one request, as `/ksql` does.
    pub fn ksql(&mut self, statements: &[String]) -> Answer {
        let parsed: Vec<Stmt> = statements
            .iter()
            .map(|s| super::statement::parse(s))
            .collect();
        if let Some((s, Stmt::Unknown(w))) = statements
            .iter()
            .zip(&parsed)
            .find(|(_, p)| matches!(p, Stmt::Unknown(_)))
        {
            return statement_error(
                s,
                &format!("line 1:1: Syntax Error\nUnknown statement '{w}'"),
                vec![],
            );
        }
        let mut entities = Vec::new();
        let mut delay = None;
        for (text, stmt) in statements.iter().zip(&parsed) {
            if stmt.is_read() {
                if self.failing_reads > 0 {
                    self.failing_reads -= 1;
                    return generic_error(503, 50302, "Server is not ready");
                }
                entities.push(self.read(text, stmt));
                continue;
            }
            self.writes.push(text.clone());
            let fault = self.faults.remove(&self.writes.len());
            match fault {
                Some(Fault::SyntaxError) => {
                    return statement_error(
                        text,
                        "line 1:1: Syntax Error\nmismatched input",
                        entities,
                    )
                }
                Some(Fault::ServerError) => {
                    return generic_error(500, 50000, "Internal server error")
                }
                Some(Fault::SlowNoApply(d)) => {
                    return Answer {
                        status: 500,
                        body: json!({"@type": "generic_error", "error_code": 50000, "message": "late"}),
                        delay: Some(d),
                    }
                }
                Some(Fault::SlowAfterApply(d)) => delay = Some(d),
                _ => {}
            }
            if fault == Some(Fault::ExistsWithOtherFilter) {
                let other = text.replacen(" WHERE ", " WHERE GAMEID = 'other' AND ", 1);
                let _ = self.write(&other, stmt);
            }
            match self.write(text, stmt) {
                Ok(_) if fault == Some(Fault::AppliedButAlreadyExists) => {
                    let name = super::statement::target(stmt);
                    let message = format!(
                        "Cannot add stream '{name}': A stream with the same name already exists"
                    );
                    return statement_error(text, &message, entities);
                }
                Ok(mut entity) => {
                    if fault == Some(Fault::Pending) {
                        self.make_pending(&mut entity);
                    }
                    entities.push(entity);
                }
                Err(message) => return statement_error(text, &message, entities),
            }
        }
        Answer {
            status: 200,
            body: Value::Array(entities),
            delay,
        }
    }

    fn make_pending(&mut self, entity: &mut Value) {
        let id = entity["commandId"].as_str().unwrap_or_default().to_owned();
        let done = entity["commandStatus"].clone();
        entity["commandStatus"] =
            json!({"status": "QUEUED", "message": "Statement written to command topic"});
        self.statuses.insert(
            id,
            vec![
                json!({"status": "EXECUTING", "message": "Executing statement"}),
                done,
            ],
        );
    }

    fn read(&self, text: &str, stmt: &Stmt) -> Value {
        match stmt {
            Stmt::ShowStreams => json!({"@type": "streams", "statementText": text, "warnings": [],
                "streams": self.streams.iter().map(|(n, s)| json!({"type": "STREAM", "name": n,
                    "topic": s.topic, "keyFormat": "KAFKA", "valueFormat": "JSON", "isWindowed": false})).collect::<Vec<_>>()}),
            _ => json!({"@type": "queries", "statementText": text, "warnings": [],
                "queries": self.queries.iter().map(|(id, q)| json!({"queryString": q.statement,
                    "sinks": [q.sink], "sinkKafkaTopics": [self.streams.get(&q.sink).map(|s| s.topic.clone())],
                    "id": id, "statusCount": {q.state.clone(): 1}, "queryType": "PERSISTENT",
                    "state": q.state})).collect::<Vec<_>>()}),
        }
    }

    fn command(
        &mut self,
        text: &str,
        id: String,
        message: String,
        query_id: Option<String>,
    ) -> Value {
        let mut status = json!({"status": "SUCCESS", "message": message});
        if let Some(q) = query_id {
            status["queryId"] = json!(q);
        }
        self.statuses.insert(id.clone(), vec![status.clone()]);
        json!({"@type": "currentStatus", "statementText": text, "commandId": id,
               "commandStatus": status, "commandSequenceNumber": self.seq, "warnings": []})
    }

    fn write(&mut self, text: &str, stmt: &Stmt) -> Result<Value, String> {
        match stmt {
            Stmt::CreateSource {
                name,
                topic,
                if_not_exists,
            } => {
                if self.streams.contains_key(name) {
                    let message = format!(
                        "Cannot add stream {name}: A stream with the same name already exists."
                    );
                    if *if_not_exists {
                        return Ok(
                            json!({"@type": "warning_entity", "statementText": text, "message": message, "warnings": []}),
                        );
                    }
                    return Err(format!(
                        "Cannot add stream '{name}': A stream with the same name already exists"
                    ));
                }
                self.seq += 1;
                self.streams.insert(
                    name.clone(),
                    Stream {
                        topic: topic.clone(),
                    },
                );
                Ok(self.command(
                    text,
                    format!("stream/{name}/create"),
                    "Stream created".into(),
                    None,
                ))
            }
            Stmt::CreateAs {
                name,
                topic,
                source,
                or_replace,
            } => self.create_as(text, name, topic, source, *or_replace),
            Stmt::Drop { name, if_exists } => {
                if self.streams.remove(name).is_none() {
                    if *if_exists {
                        self.seq += 1;
                        return Ok(self.command(
                            text,
                            format!("stream/{name}/drop"),
                            format!("Source `{name}` does not exist."),
                            None,
                        ));
                    }
                    return Err(format!("Stream {name} does not exist."));
                }
                self.queries.retain(|_, q| &q.sink != name);
                self.seq += 1;
                Ok(self.command(
                    text,
                    format!("stream/{name}/drop"),
                    format!("Source {name} (topic: x) was dropped."),
                    None,
                ))
            }
            Stmt::Terminate { id } => {
                if self.queries.remove(id).is_none() {
                    return Err(format!("Unknown queryId: {id}"));
                }
                self.seq += 1;
                Ok(self.command(
                    text,
                    format!("terminate/{id}/execute"),
                    "Query terminated.".into(),
                    None,
                ))
            }
            _ => Err("line 1:1: Syntax Error".into()),
        }
    }

    fn create_as(
        &mut self,
        text: &str,
        name: &str,
        topic: &str,
        source: &str,
        or_replace: bool,
    ) -> Result<Value, String> {
        if !self.streams.contains_key(source) {
            return Err(format!("{source} does not exist."));
        }
        let existing = self
            .queries
            .iter()
            .find(|(_, q)| q.sink == name)
            .map(|(id, _)| id.clone());
        if self.streams.contains_key(name) && !or_replace {
            return Err(format!(
                "Cannot add stream '{name}': A stream with the same name already exists"
            ));
        }
        self.seq += 1;
        let id = existing.unwrap_or_else(|| format!("CSAS_{name}_{}", self.seq));
        let state = self
            .new_query_state
            .clone()
            .unwrap_or_else(|| "RUNNING".into());
        self.streams.insert(
            name.to_owned(),
            Stream {
                topic: topic.to_owned(),
            },
        );
        let statement = if self.reformat {
            reformat(text)
        } else {
            text.to_owned()
        };
        self.queries.insert(
            id.clone(),
            Query {
                sink: name.to_owned(),
                statement,
                state,
            },
        );
        Ok(self.command(
            text,
            format!("stream/{name}/create"),
            format!("Created query with ID {id}"),
            Some(id),
        ))
    }
}
