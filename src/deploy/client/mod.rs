//! A small ksqlDB REST client: `/info`, `/healthcheck`, `/ksql` and `/status`.
//!
//! * Every `/ksql` request carries the last `commandSequenceNumber` seen, so each
//!   statement sees the effects of the ones before it, and
//!   `ksql.variable.substitution.enable = false`, so no `${...}` inside a string
//!   literal is ever replaced by ksqlDB.
//! * Reads (`SHOW`, `LIST`, `DESCRIBE`, `/info`, `/healthcheck`) are retried with
//!   back-off. Writes are retried only when the request certainly was not sent (no
//!   connection, or 50302 server not ready); after a time-out the caller must read the
//!   cluster state to learn whether the write happened (see `apply`).

mod error;
mod retry;
pub mod wire;

pub use error::KsqlError;
pub use retry::Backoff;

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use wire::{CommandStatus, CurrentStatus, ErrorBody, Health, Info, KsqlRequest, ServerInfo};

/// Seconds to wait for a connection, by default.
pub const DEFAULT_CONNECT_TIMEOUT_S: u64 = 3;
/// Seconds to wait for the answer to one request, by default.
pub const DEFAULT_REQUEST_TIMEOUT_S: u64 = 10;

/// Properties sent with every `/ksql` request: no variable substitution (no `${...}`
/// inside a literal is ever replaced) and, for the queries a deploy creates, reading
/// `wager.events` from its beginning. ksqlDB's default `auto.offset.reset` is
/// `latest`: a query created after the window opened would skip every wager sent
/// before it started. The `ROWTIME` window bounds what counts; the worker drops
/// copies.
pub const STREAMS_PROPERTIES: [(&str, &str); 2] = [
    ("ksql.streams.auto.offset.reset", "earliest"),
    ("ksql.variable.substitution.enable", "false"),
];

/// Where ksqlDB is and how to talk to it.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `http://host:8088` or `https://...`.
    pub url: String,
    /// HTTP Basic user and password (an API key and secret on Confluent Cloud).
    pub credentials: Option<(String, String)>,
    /// Extra trusted CA certificates (PEM), for `https://` URLs.
    pub ca_pem: Option<Vec<u8>>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub backoff: Backoff,
    /// How long to poll `/status` for a command still queued or executing.
    pub status_deadline: Duration,
    pub status_poll: Duration,
}

impl ClientConfig {
    /// Defaults: [`DEFAULT_CONNECT_TIMEOUT_S`] to connect,
    /// [`DEFAULT_REQUEST_TIMEOUT_S`] per request (a time-out is not retried), 60 s for
    /// a queued command to finish.
    pub fn new(url: impl Into<String>) -> ClientConfig {
        ClientConfig {
            url: url.into(),
            credentials: None,
            ca_pem: None,
            connect_timeout: Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_S),
            request_timeout: Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_S),
            backoff: Backoff::default(),
            status_deadline: Duration::from_secs(60),
            status_poll: Duration::from_millis(250),
        }
    }
}

/// What one write statement did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Executed {
    /// A command ran to `SUCCESS`.
    Command {
        command_id: String,
        status: CommandStatus,
    },
    /// ksqlDB answered with a warning and did nothing (e.g. `IF NOT EXISTS`).
    Warning { message: String },
    /// Another kind of entity.
    Other { kind: String },
}

/// A connection to one ksqlDB server.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    cfg: ClientConfig,
    base: String,
    last_seq: Mutex<Option<i64>>,
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Client, KsqlError> {
        let setup = |detail: String| KsqlError::Setup { detail };
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.request_timeout);
        if let Some(pem) = &cfg.ca_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| setup(format!("the CA file is not PEM: {e}")))?;
            if certs.is_empty() {
                return Err(setup("the CA file holds no PEM certificate".into()));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| setup(e.to_string()))?;
        let base = cfg.url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(setup(format!(
                "`{}` is not an http:// or https:// URL",
                cfg.url
            )));
        }
        Ok(Client {
            http,
            cfg,
            base,
            last_seq: Mutex::new(None),
        })
    }

    /// The server URL without a trailing slash.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// `GET /info`.
    pub async fn info(&self) -> Result<ServerInfo, KsqlError> {
        self.retrying(|| self.get_json::<Info>("/info"))
            .await
            .map(|i| i.server)
    }

    /// `GET /healthcheck`.
    pub async fn healthcheck(&self) -> Result<Health, KsqlError> {
        self.retrying(|| self.get_json::<Health>("/healthcheck"))
            .await
    }

    /// Runs a read statement (`SHOW`, `LIST`, `DESCRIBE`), retried with back-off.
    pub async fn read(&self, statement: &str) -> Result<Vec<serde_json::Value>, KsqlError> {
        self.retrying(|| self.post_ksql(statement)).await
    }

    /// Runs one write statement and waits for its command to finish.
    ///
    /// Sent again only if it certainly was not sent; a time-out is returned as
    /// [`KsqlError::Timeout`] for the caller to resolve by reading the cluster.
    pub async fn execute(&self, statement: &str) -> Result<Executed, KsqlError> {
        let mut attempt = 0;
        let entities = loop {
            match self.post_ksql(statement).await {
                Ok(e) => break e,
                Err(e) if e.not_sent() && attempt < self.cfg.backoff.retries => {
                    tokio::time::sleep(self.cfg.backoff.pause(attempt)).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let Some(first) = entities.into_iter().next() else {
            return Err(unexpected(200, "an empty list of entities"));
        };
        self.finish(first).await
    }

    /// `GET /status/<commandId>`.
    pub async fn status(&self, command_id: &str) -> Result<CommandStatus, KsqlError> {
        let path = format!("/status/{command_id}");
        self.retrying(|| self.get_json::<CommandStatus>(&path))
            .await
    }

    /// Turns the entity of a write into its outcome, polling `/status` if needed.
    async fn finish(&self, entity: serde_json::Value) -> Result<Executed, KsqlError> {
        let kind = entity
            .get("@type")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_owned();
        match kind.as_str() {
            "currentStatus" => {
                let current: CurrentStatus =
                    serde_json::from_value(entity).map_err(|e| unexpected(200, &e.to_string()))?;
                self.saw(current.command_sequence_number);
                let status = self
                    .await_final(&current.command_id, current.command_status)
                    .await?;
                Ok(Executed::Command {
                    command_id: current.command_id,
                    status,
                })
            }
            "warning_entity" => Ok(Executed::Warning {
                message: entity
                    .get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or_default()
                    .to_owned(),
            }),
            _ => Ok(Executed::Other { kind }),
        }
    }

    /// Polls `/status/<id>` until the status is final or the deadline passes.
    async fn await_final(
        &self,
        command_id: &str,
        mut status: CommandStatus,
    ) -> Result<CommandStatus, KsqlError> {
        let started = Instant::now();
        while !status.is_final() {
            if started.elapsed() >= self.cfg.status_deadline {
                return Err(KsqlError::StatusDeadline {
                    command_id: command_id.to_owned(),
                    status: status.status,
                    seconds: self.cfg.status_deadline.as_secs(),
                });
            }
            tokio::time::sleep(self.cfg.status_poll).await;
            status = self.status(command_id).await?;
        }
        if status.status == "ERROR" {
            return Err(KsqlError::CommandFailed {
                command_id: command_id.to_owned(),
                message: status.message,
            });
        }
        Ok(status)
    }

    fn saw(&self, seq: i64) {
        let mut last = self.last_seq.lock().unwrap_or_else(|p| p.into_inner());
        *last = Some(last.map_or(seq, |l| l.max(seq)));
    }

    fn last_seq(&self) -> Option<i64> {
        *self.last_seq.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn retrying<T, F, Fut>(&self, mut call: F) -> Result<T, KsqlError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, KsqlError>>,
    {
        let mut attempt = 0;
        loop {
            match call().await {
                Err(e) if e.transient() && attempt < self.cfg.backoff.retries => {
                    tokio::time::sleep(self.cfg.backoff.pause(attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One `POST /ksql` with one or more statements.
    async fn post_ksql(&self, ksql: &str) -> Result<Vec<serde_json::Value>, KsqlError> {
        let props: BTreeMap<&str, serde_json::Value> = STREAMS_PROPERTIES
            .iter()
            .map(|(k, v)| (*k, property(v)))
            .collect();
        let body = KsqlRequest {
            ksql,
            streams_properties: props,
            command_sequence_number: self.last_seq(),
        };
        let req = self
            .http
            .post(format!("{}/ksql", self.base))
            .header("Content-Type", "application/vnd.ksql.v1+json")
            .json(&body);
        self.send(req).await
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, KsqlError> {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, KsqlError> {
        let mut req = req.header("Accept", "application/vnd.ksql.v1+json");
        if let Some((user, password)) = &self.cfg.credentials {
            req = req.basic_auth(user, Some(password));
        }
        let resp = req.send().await.map_err(|e| self.transport(e))?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| self.transport(e))?;
        if status >= 400 {
            return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(body) => KsqlError::from_body(status, body),
                Err(_) => unexpected(status, &String::from_utf8_lossy(&bytes)),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| unexpected(status, &e.to_string()))
    }

    fn transport(&self, e: reqwest::Error) -> KsqlError {
        if e.is_connect() {
            KsqlError::Connect {
                url: self.base.clone(),
                detail: root_cause(&e),
            }
        } else if e.is_timeout() {
            KsqlError::Timeout {
                seconds: self.cfg.request_timeout.as_secs(),
            }
        } else {
            KsqlError::Transport {
                detail: root_cause(&e),
            }
        }
    }
}

/// `false` as a JSON boolean (as ksqlDB's own clients send it), anything else as a
/// string.
fn property(v: &str) -> serde_json::Value {
    match v {
        "false" => serde_json::Value::Bool(false),
        "true" => serde_json::Value::Bool(true),
        other => serde_json::Value::String(other.to_owned()),
    }
}

fn unexpected(status: u16, detail: &str) -> KsqlError {
    KsqlError::Unexpected {
        status,
        detail: detail.chars().take(300).collect(),
    }
}

/// The innermost cause of an error: the part a person can act on.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
