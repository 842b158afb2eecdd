//! The fake cluster's state, and how one `/ksql` request runs: every statement is
//! parsed, then all of them run in a sandbox (a copy of the state), and only if all
//! succeed do they run for real (ksqlDB's RequestValidator). Faults are injected
//! per write.

use super::fault::Fault;
use super::lex::split;
use super::statement::{parse, Stmt};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct Stream {
    pub topic: String,
    /// Columns and types (a `SELECT *` stream has its source's).
    pub columns: Vec<(String, String)>,
    pub key_format: String,
    pub value_format: String,
    /// The timestamp column (empty: the record time).
    pub timestamp: String,
    /// The declaring statement as stored (re-printed unless verbatim).
    pub statement: String,
}

#[derive(Debug, Clone)]
pub struct Query {
    pub sink: String,
    pub source: String,
    pub statement: String,
    /// RUNNING, ERROR, PAUSED.
    pub state: String,
    /// An `INSERT INTO` query.
    pub insert: bool,
}

/// An answer: HTTP status and JSON body (or plain text), maybe after a delay.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: Option<String>,
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

/// A command accepted but not run yet: its effect is invisible until `/status`
/// reports it final.
#[derive(Debug, Clone)]
pub struct Deferred {
    pub seq: i64,
    pub text: String,
    pub stmt: Stmt,
}

pub struct State {
    pub streams: BTreeMap<String, Stream>,
    pub queries: BTreeMap<String, Query>,
    /// Kafka topics and their partitions (`wager.events` exists from the start).
    pub topics: BTreeMap<String, u32>,
    pub seq: i64,
    /// Statuses `/status/<id>` will return, first to last (the last one stays).
    pub statuses: HashMap<String, Vec<Value>>,
    pub deferred: HashMap<String, Deferred>,
    pub requests: Vec<Recorded>,
    /// Write statements received, in order (including failed ones), as sent.
    pub writes: Vec<String>,
    pub faults: HashMap<usize, Fault>,
    /// The next this many reads answer 503.
    pub failing_reads: usize,
    /// The next this many requests on any route answer 503 / 50302 (starting).
    pub starting: usize,
    /// `Basic ...` expected in `Authorization`, if any.
    pub auth: Option<String>,
    /// Per-operator credentials: `Basic ...` → the stream prefix it may write.
    pub credentials: BTreeMap<String, String>,
    /// State a new query starts in (default RUNNING).
    pub new_query_state: Option<String>,
    /// Store statements as sent instead of re-printing them.
    pub verbatim: bool,
    /// `/healthcheck` reports Kafka unhealthy.
    pub kafka_down: bool,
    /// How long a request waits for an earlier command before 50301.
    pub sequence_wait: Duration,
}

impl Default for State {
    fn default() -> Self {
        State {
            streams: BTreeMap::new(),
            queries: BTreeMap::new(),
            topics: BTreeMap::from([("wager.events".to_owned(), 6)]),
            seq: 0,
            statuses: HashMap::new(),
            deferred: HashMap::new(),
            requests: Vec::new(),
            writes: Vec::new(),
            faults: HashMap::new(),
            failing_reads: 0,
            starting: 0,
            auth: None,
            credentials: BTreeMap::new(),
            new_query_state: None,
            verbatim: std::env::var_os("FAKE_KSQLDB_VERBATIM").is_some(),
            kafka_down: false,
            sequence_wait: Duration::from_millis(300),
        }
    }
}

pub fn statement_error(stmt: &str, message: &str, entities: Vec<Value>) -> Answer {
    Answer {
        status: 400,
        body: json!({"@type": "statement_error", "error_code": 40001, "message": message,
                     "statementText": stmt, "entities": entities}),
        text: None,
        delay: None,
    }
}

pub fn generic_error(status: u16, code: u32, message: &str) -> Answer {
    Answer {
        status,
        body: json!({"@type": "generic_error", "error_code": code, "message": message}),
        text: None,
        delay: None,
    }
}

fn ok(entities: Vec<Value>, delay: Option<Duration>) -> Answer {
    Answer {
        status: 200,
        body: Value::Array(entities),
        text: None,
        delay,
    }
}

impl State {
    /// A copy of the metastore to validate a request in.
    fn sandbox(&self) -> State {
        State {
            streams: self.streams.clone(),
            queries: self.queries.clone(),
            topics: self.topics.clone(),
            seq: self.seq,
            verbatim: self.verbatim,
            ..State::default()
        }
    }

    /// Runs the statements of one request (`ksql` as sent), as `/ksql` does.
    pub fn ksql(&mut self, ksql: &str, authorization: Option<&str>) -> Answer {
        let (statements, rest) = split(ksql);
        if !rest.is_empty() {
            return statement_error(
                &rest,
                "line 1:1: Syntax Error\nmissing ';' at '<EOF>'",
                vec![],
            );
        }
        let mut parsed = Vec::new();
        for s in &statements {
            match parse(s) {
                Ok(p) => parsed.push(p),
                Err(e) => return statement_error(s, &e, vec![]),
            }
        }
        if let Some(denied) = self.denied(&parsed, authorization) {
            return denied;
        }
        let mut sandbox = self.sandbox();
        for (text, stmt) in statements.iter().zip(&parsed) {
            if !stmt.is_read() {
                if let Err(message) = sandbox.write(text, stmt) {
                    return statement_error(text, &message, vec![]);
                }
            }
        }
        self.run(&statements, &parsed)
    }

    /// 403 for a write outside the stream prefix of per-operator credentials.
    fn denied(&self, parsed: &[Stmt], authorization: Option<&str>) -> Option<Answer> {
        let prefix = self.credentials.get(authorization?)?;
        for stmt in parsed.iter().filter(|s| !s.is_read()) {
            let mut target = stmt.target();
            if let Some(q) = self.queries.get(&target) {
                target = q.sink.clone();
            }
            let shared = matches!(stmt, Stmt::CreateSource { .. }) && target == "WAGER_EVENTS";
            if !shared && !target.starts_with(prefix.as_str()) {
                let topic = self
                    .streams
                    .get(&target)
                    .map_or(target.clone(), |s| s.topic.clone());
                return Some(generic_error(
                    403,
                    40301,
                    &format!("Authorization denied to Write on topic(s): [{topic}]"),
                ));
            }
        }
        None
    }

    fn run(&mut self, statements: &[String], parsed: &[Stmt]) -> Answer {
        let mut entities = Vec::new();
        let mut delay = None;
        for (text, stmt) in statements.iter().zip(parsed) {
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
                    let mut a = generic_error(500, 50000, "late");
                    a.delay = Some(d);
                    return a;
                }
                Some(Fault::SlowAfterApply(d)) => delay = Some(d),
                Some(Fault::Pending) => {
                    entities.push(self.defer(text, stmt));
                    continue;
                }
                _ => {}
            }
            if fault == Some(Fault::ExistsWithOtherFilter) {
                let other = text.replacen(" WHERE ", " WHERE GAMEID = 'other' AND ", 1);
                if let Ok(p) = parse(&other) {
                    let _ = self.write(&other, &p);
                }
            }
            let result = self.write(text, stmt);
            match (result, fault) {
                (Ok(_), Some(Fault::AppliedButAlreadyExists)) => {
                    let message = format!(
                        "Cannot add stream '{}': A stream with the same name already exists",
                        stmt.target()
                    );
                    return statement_error(text, &message, entities);
                }
                (Ok(_), Some(Fault::ErrorAfterApply)) => {
                    // KsqlResource: an exception while executing is a 500 with the
                    // statement error body (Errors.serverErrorForStatement).
                    let mut a = statement_error(text, "Could not write the statement into the command topic: the request timed out", entities);
                    a.status = 500;
                    a.body["error_code"] = json!(50000);
                    return a;
                }
                (Ok(_), Some(Fault::GatewayAfterApply(status))) => {
                    return Answer {
                        status,
                        body: Value::Null,
                        text: Some(format!(
                            "<html><body><h1>{status} Gateway error</h1></body></html>"
                        )),
                        delay: None,
                    };
                }
                (Ok(entity), _) => entities.push(entity),
                (Err(message), _) => return statement_error(text, &message, entities),
            }
        }
        ok(entities, delay)
    }

    /// Accepts a command without running it: `QUEUED`, then `EXECUTING`, then its
    /// effect and `SUCCESS` when `/status` is read.
    fn defer(&mut self, text: &str, stmt: &Stmt) -> Value {
        self.seq += 1;
        let id = format!("stream/{}/create", stmt.target());
        self.deferred.insert(
            id.clone(),
            Deferred {
                seq: self.seq,
                text: text.to_owned(),
                stmt: stmt.clone(),
            },
        );
        self.statuses.insert(
            id.clone(),
            vec![
                json!({"status": "EXECUTING", "message": "Executing statement"}),
                json!({"status": "SUCCESS", "message": "Created query"}),
            ],
        );
        json!({"@type": "currentStatus", "statementText": text, "commandId": id,
            "commandStatus": {"status": "QUEUED", "message": "Statement written to command topic"},
            "commandSequenceNumber": self.seq, "warnings": []})
    }

    /// `/status/<id>`: the next status; the final one runs a deferred command.
    pub fn status(&mut self, id: &str) -> Option<Value> {
        let list = self.statuses.get_mut(id)?;
        let next = if list.len() > 1 {
            list.remove(0)
        } else {
            list.first().cloned()?
        };
        if next["status"] == "SUCCESS" {
            self.run_deferred(id);
        }
        Some(next)
    }

    pub fn run_deferred(&mut self, id: &str) {
        if let Some(d) = self.deferred.remove(id) {
            let seq = self.seq;
            self.seq = d.seq - 1;
            let _ = self.write(&d.text, &d.stmt);
            self.seq = seq.max(self.seq);
        }
    }

    /// Whether a request carrying `seq` must wait for a command not run yet.
    pub fn behind(&self, seq: Option<i64>) -> bool {
        seq.is_some_and(|n| self.deferred.values().any(|d| d.seq <= n) || n > self.seq)
    }
}
