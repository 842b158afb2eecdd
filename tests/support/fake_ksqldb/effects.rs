//! What each write does to the fake cluster, with ksqlDB's checks and messages
//! (EngineExecutor, EngineContext, TopicCreateInjector, TopicDeleteInjector).

use super::expr::columns;
use super::format::{self, complete_csas, complete_source};
use super::state::{Query, State, Stream};
use super::statement::{Item, Select, Stmt, Value, With};
use serde_json::{json, Value as Json};

const TYPES: &[&str] = &[
    "STRING",
    "VARCHAR",
    "INT",
    "INTEGER",
    "BIGINT",
    "DOUBLE",
    "BOOLEAN",
    "DECIMAL",
    "TIMESTAMP",
    "DATE",
    "TIME",
    "BYTES",
];
const FORMATS: &[&str] = &[
    "JSON",
    "DELIMITED",
    "AVRO",
    "PROTOBUF",
    "PROTOBUF_NOSR",
    "JSON_SR",
    "KAFKA",
    "NONE",
];
const KEYS: &[&str] = &[
    "KAFKA_TOPIC",
    "VALUE_FORMAT",
    "KEY_FORMAT",
    "FORMAT",
    "PARTITIONS",
    "REPLICAS",
    "TIMESTAMP",
    "TIMESTAMP_FORMAT",
    "CLEANUP_POLICY",
    "RETENTION_MS",
    "VALUE_DELIMITER",
    "WRAP_SINGLE_VALUE",
    "QUERY_ID",
];
const PSEUDO: &[&str] = &["ROWTIME", "ROWPARTITION", "ROWOFFSET"];

fn collision_key(t: &str) -> String {
    t.replace('.', "_")
}

impl State {
    /// Runs one write; `Ok` is its entity. Changes nothing on `Err`.
    pub fn write(&mut self, text: &str, stmt: &Stmt) -> Result<Json, String> {
        match stmt {
            Stmt::CreateSource { .. } => self.create_source(text, stmt),
            Stmt::CreateAs { .. } | Stmt::Insert { .. } => self.create_query(text, stmt),
            Stmt::Drop { .. } => self.drop_stream(stmt),
            Stmt::Terminate { id } => {
                let Some(q) = self.queries.remove(id) else {
                    return Err(format!("Unknown queryId: {id}"));
                };
                let _ = q;
                self.seq += 1;
                Ok(self.command(
                    text,
                    format!("terminate/{id}/execute"),
                    "Query terminated.".into(),
                    None,
                ))
            }
            Stmt::Pause { id } | Stmt::Resume { id } => {
                let paused = matches!(stmt, Stmt::Pause { .. });
                let Some(q) = self.queries.get_mut(id) else {
                    return Err(format!("Unknown queryId: {id}"));
                };
                q.state = if paused { "PAUSED" } else { "RUNNING" }.into();
                self.seq += 1;
                let action = if paused { "pause" } else { "resume" };
                Ok(self.command(
                    text,
                    format!("{action}/{id}/execute"),
                    format!("Query {action}d."),
                    None,
                ))
            }
            _ => Err("line 1:1: Syntax Error".into()),
        }
    }

    pub fn command(
        &mut self,
        text: &str,
        id: String,
        message: String,
        query_id: Option<String>,
    ) -> Json {
        let mut status = json!({"status": "SUCCESS", "message": message});
        if let Some(q) = query_id {
            status["queryId"] = json!(q);
        }
        self.statuses.insert(id.clone(), vec![status.clone()]);
        json!({"@type": "currentStatus", "statementText": text, "commandId": id,
               "commandStatus": status, "commandSequenceNumber": self.seq, "warnings": []})
    }

    fn stored(&self, stmt: &Stmt, text: &str, with: &With) -> String {
        if self.verbatim {
            text.to_owned()
        } else {
            format::statement(stmt, with)
        }
    }

    fn create_source(&mut self, text: &str, stmt: &Stmt) -> Result<Json, String> {
        let Stmt::CreateSource {
            name,
            columns,
            with,
            if_not_exists,
            or_replace,
        } = stmt
        else {
            return Err("not a declaration".into());
        };
        if self.streams.contains_key(name) && !or_replace {
            let message =
                format!("Cannot add stream '{name}': A stream with the same name already exists");
            if *if_not_exists {
                return Ok(json!({"@type": "warning_entity", "statementText": text,
                    "message": format!("{message}."), "warnings": []}));
            }
            return Err(message);
        }
        check_with(with)?;
        for (c, t) in columns {
            let base = t.split('(').next().unwrap_or_default();
            if !TYPES.contains(&base) {
                return Err(format!(
                    "line 1:1: Syntax Error\nUnknown type: {t} (column {c})"
                ));
            }
        }
        let topic = with
            .get("KAFKA_TOPIC")
            .map(|v| v.text().to_owned())
            .ok_or_else(|| {
                "Missing required property \"KAFKA_TOPIC\" which has no default value.".to_owned()
            })?;
        let value_format = value_format(with).ok_or_else(|| {
            "Statement is missing the 'VALUE_FORMAT' property from the WITH clause.".to_owned()
        })?;
        if let Some(ts) = with.get("TIMESTAMP") {
            if !columns.iter().any(|(c, _)| c == ts.text()) {
                return Err(format!("The TIMESTAMP column set in the WITH clause does not exist in the schema: '{}'", ts.text()));
            }
        }
        if !self.topics.contains_key(&topic) {
            let Some(p) = with.get("PARTITIONS") else {
                return Err(format!("Topic '{topic}' does not exist. If you want to create a new topic for the stream/table please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE STREAM {name} (...) WITH (KAFKA_TOPIC='{topic}', PARTITIONS=2, REPLICAS=1, ...)"));
            };
            self.create_topic(&topic, p.text().parse().unwrap_or(1))?;
        }
        let with = complete_source(with);
        self.seq += 1;
        let statement = self.stored(stmt, text, &with);
        self.streams.insert(
            name.clone(),
            Stream {
                topic,
                columns: columns.clone(),
                key_format: with
                    .get("KEY_FORMAT")
                    .map(|v| v.text().to_owned())
                    .unwrap_or_default(),
                value_format,
                timestamp: with
                    .get("TIMESTAMP")
                    .map(|v| v.text().to_owned())
                    .unwrap_or_default(),
                statement: statement.clone(),
            },
        );
        Ok(self.command(
            &statement,
            format!("stream/{name}/create"),
            "Stream created".into(),
            None,
        ))
    }

    fn create_topic(&mut self, topic: &str, partitions: u32) -> Result<(), String> {
        let key = collision_key(topic);
        if let Some(other) = self
            .topics
            .keys()
            .find(|t| collision_key(t) == key && *t != topic)
        {
            return Err(format!(
                "Topic '{topic}' collides with existing topics: {other}"
            ));
        }
        self.topics.insert(topic.to_owned(), partitions);
        Ok(())
    }

    /// `CREATE [OR REPLACE] STREAM ... AS SELECT` and `INSERT INTO ... SELECT`.
    fn create_query(&mut self, sent: &str, stmt: &Stmt) -> Result<Json, String> {
        let (name, with, select, or_replace, insert) = match stmt {
            Stmt::CreateAs {
                name,
                with,
                select,
                or_replace,
            } => (name, with, select, *or_replace, false),
            Stmt::Insert { name, with, select } => (name, with, select, false, true),
            _ => return Err("not a query".into()),
        };
        check_with(with)?;
        let source = self
            .streams
            .get(&select.source)
            .cloned()
            .ok_or_else(|| format!("{} does not exist.", select.source))?;
        check_columns(select, &source)?;
        let writers: Vec<String> = self
            .queries
            .iter()
            .filter(|(_, q)| &q.sink == name)
            .map(|(id, _)| id.clone())
            .collect();
        if insert {
            if !self.streams.contains_key(name) {
                return Err(format!(
                    "Sink does not exist for the INSERT INTO statement: {name}"
                ));
            }
        } else if self.streams.contains_key(name) && !or_replace {
            return Err(format!(
                "Cannot add stream '{name}': A stream with the same name already exists"
            ));
        } else if or_replace && writers.len() > 1 {
            return Err(format!("REPLACE for sink {name} is not supported because there are multiple queries writing into it: {}", writers.join(", ")));
        }
        let source_partitions = self.topics.get(&source.topic).copied().unwrap_or(1);
        let full = if insert {
            with.clone()
        } else {
            complete_csas(name, with, source_partitions)
        };
        if !insert {
            let topic = full
                .get("KAFKA_TOPIC")
                .map(|v| v.text().to_owned())
                .unwrap_or_default();
            let partitions: u32 = full
                .get("PARTITIONS")
                .and_then(|v| v.text().parse().ok())
                .unwrap_or(1);
            match self.topics.get(&topic) {
                Some(p) if *p != partitions && with.contains_key("PARTITIONS") => {
                    return Err(format!("A Kafka topic with the name '{topic}' already exists, with different partition/replica configuration than required. KSQL expects {partitions} partitions (topic has {p})"));
                }
                Some(_) => {}
                None => self.create_topic(&topic, partitions)?,
            }
        }
        self.seq += 1;
        let id = match (insert, with.get("QUERY_ID"), writers.first()) {
            (true, Some(q), _) => q.text().to_owned(),
            (true, None, _) => format!("INSERTQUERY_{}", self.seq),
            (false, _, Some(existing)) if or_replace => existing.clone(),
            _ => format!("CSAS_{name}_{}", self.seq),
        };
        let text = self.stored(stmt, sent, &full);
        if !insert {
            self.streams.insert(
                name.clone(),
                Stream {
                    topic: full
                        .get("KAFKA_TOPIC")
                        .map(|v| v.text().to_owned())
                        .unwrap_or_default(),
                    columns: projected(select, &source),
                    key_format: full
                        .get("KEY_FORMAT")
                        .map_or(source.key_format.clone(), |v| v.text().to_owned()),
                    value_format: value_format(&full).unwrap_or(source.value_format.clone()),
                    timestamp: full
                        .get("TIMESTAMP")
                        .map(|v| v.text().to_owned())
                        .unwrap_or_default(),
                    statement: text.clone(),
                },
            );
        }
        let state = self
            .new_query_state
            .clone()
            .unwrap_or_else(|| "RUNNING".into());
        let state = match self.queries.get(&id) {
            Some(q) if or_replace => q.state.clone(),
            _ => state,
        };
        self.queries.insert(
            id.clone(),
            Query {
                sink: name.clone(),
                source: select.source.clone(),
                statement: text.clone(),
                state,
                insert,
            },
        );
        Ok(self.command(
            &text,
            format!("stream/{name}/create"),
            format!("Created query with ID {id}"),
            Some(id),
        ))
    }

    fn drop_stream(&mut self, stmt: &Stmt) -> Result<Json, String> {
        let Stmt::Drop {
            name,
            if_exists,
            delete_topic,
        } = stmt
        else {
            return Err("not a drop".into());
        };
        // DELETE TOPIC is not part of the stored text (TopicDeleteInjector).
        let text = format::statement(stmt, &With::new());
        let Some(stream) = self.streams.get(name).cloned() else {
            if *if_exists {
                self.seq += 1;
                return Ok(self.command(
                    &text,
                    format!("stream/{name}/drop"),
                    format!("Source `{name}` does not exist."),
                    None,
                ));
            }
            return Err(format!("Stream {name} does not exist."));
        };
        let inserts: Vec<&String> = self
            .queries
            .iter()
            .filter(|(_, q)| &q.sink == name && q.insert)
            .map(|(id, _)| id)
            .collect();
        let readers: Vec<&String> = self
            .queries
            .iter()
            .filter(|(_, q)| &q.source == name)
            .map(|(id, _)| id)
            .collect();
        if !inserts.is_empty() || !readers.is_empty() {
            return Err(format!("Cannot drop {name}.\nThe following queries read from this source: [{}].\nThe following queries write into this source: [{}].\nYou need to terminate them before dropping {name}.",
                readers.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                inserts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
        }
        self.streams.remove(name);
        self.queries.retain(|_, q| &q.sink != name);
        if *delete_topic {
            self.topics.remove(&stream.topic);
        }
        self.seq += 1;
        Ok(self.command(
            &text,
            format!("stream/{name}/drop"),
            format!("Source {name} (topic: {}) was dropped.", stream.topic),
            None,
        ))
    }
}

fn value_format(with: &With) -> Option<String> {
    with.get("VALUE_FORMAT")
        .or_else(|| with.get("FORMAT"))
        .map(|v| v.text().to_ascii_uppercase())
}

fn check_with(with: &With) -> Result<(), String> {
    for (k, v) in with {
        if !KEYS.contains(&k.as_str()) {
            return Err(format!(
                "Invalid config variable(s) in the WITH clause: {k}"
            ));
        }
        if k.ends_with("FORMAT")
            && k != "TIMESTAMP_FORMAT"
            && !FORMATS.contains(&v.text().to_ascii_uppercase().as_str())
        {
            return Err(format!("Unknown format: {}", v.text()));
        }
        if matches!(k.as_str(), "PARTITIONS" | "REPLICAS" | "RETENTION_MS")
            && !matches!(v, Value::Raw(n) if n.parse::<u64>().is_ok_and(|n| n > 0))
        {
            return Err(format!("Invalid value for {k}: {}", v.text()));
        }
    }
    Ok(())
}

fn check_columns(select: &Select, source: &Stream) -> Result<(), String> {
    let mut used = Vec::new();
    if let Some(f) = &select.filter {
        columns(f, &mut used);
    }
    for i in &select.items {
        if let Item::Expr(e, _) = i {
            columns(e, &mut used);
        }
    }
    for c in used {
        if !PSEUDO.contains(&c) && !source.columns.iter().any(|(n, _)| n == c) {
            return Err(format!(
                "Line: 1, Col: 1: WHERE column '{c}' cannot be resolved."
            ));
        }
    }
    Ok(())
}

fn projected(select: &Select, source: &Stream) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in &select.items {
        match i {
            Item::All => out.extend(source.columns.iter().cloned()),
            Item::Expr(super::expr::Expr::Col(c), alias) => {
                let ty = source
                    .columns
                    .iter()
                    .find(|(n, _)| n == c)
                    .map_or("BIGINT".into(), |(_, t)| t.clone());
                out.push((alias.clone(), ty));
            }
            Item::Expr(_, alias) => out.push((alias.clone(), "STRING".into())),
        }
    }
    out
}
