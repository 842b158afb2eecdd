//! Options shared by `plan`, `deploy` and `retire`: where ksqlDB is, the operator's
//! credentials, TLS and time-outs; and the helpers that build a client and a runtime.

use super::CliError;
use crate::deploy::client::{Backoff, DEFAULT_CONNECT_TIMEOUT_S, DEFAULT_REQUEST_TIMEOUT_S};
use crate::deploy::{Client, ClientConfig};
use std::path::PathBuf;
use std::time::Duration;

/// Environment variable read when `--ksqldb-key` is not given.
pub const KEY_ENV: &str = "TOURNEY_KSQLDB_KEY";
/// Environment variable read when `--ksqldb-secret` is not given.
pub const SECRET_ENV: &str = "TOURNEY_KSQLDB_SECRET";

#[derive(Debug, Clone, clap::Args)]
pub struct KsqldbArgs {
    /// The ksqlDB server, `http://host:8088` or `https://...`.
    #[arg(long, value_name = "URL")]
    pub ksqldb: String,
    /// API key (HTTP Basic user) of the operator; default: $TOURNEY_KSQLDB_KEY.
    #[arg(long, value_name = "KEY")]
    pub ksqldb_key: Option<String>,
    /// API secret (HTTP Basic password); default: $TOURNEY_KSQLDB_SECRET.
    #[arg(long, value_name = "SECRET")]
    pub ksqldb_secret: Option<String>,
    /// Extra CA certificates (PEM) to trust for an https:// URL.
    #[arg(long, value_name = "FILE")]
    pub ksqldb_ca: Option<PathBuf>,
    /// Seconds to wait for a connection.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_CONNECT_TIMEOUT_S)]
    pub connect_timeout: u64,
    /// Seconds to wait for an answer to one request.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_REQUEST_TIMEOUT_S)]
    pub request_timeout: u64,
    /// Retries of a read (and of a write that could not be sent).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
}

impl KsqldbArgs {
    /// A client for the server, with credentials from the flags or the environment.
    pub fn client(&self) -> Result<Client, CliError> {
        let key = self
            .ksqldb_key
            .clone()
            .or_else(|| std::env::var(KEY_ENV).ok());
        let secret = self
            .ksqldb_secret
            .clone()
            .or_else(|| std::env::var(SECRET_ENV).ok());
        let credentials = match (key, secret) {
            (Some(k), Some(s)) => Some((k, s)),
            (None, None) => None,
            _ => {
                return Err(CliError::Usage(format!(
                    "give both the ksqlDB key and secret (--ksqldb-key/--ksqldb-secret or {KEY_ENV}/{SECRET_ENV}), or neither"
                )))
            }
        };
        let ca_pem = match &self.ksqldb_ca {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                CliError::Read(super::input::ReadError {
                    path: path.display().to_string(),
                    source: e,
                })
            })?),
            None => None,
        };
        let mut cfg = ClientConfig::new(self.ksqldb.clone());
        cfg.credentials = credentials;
        cfg.ca_pem = ca_pem;
        cfg.connect_timeout = Duration::from_secs(self.connect_timeout.max(1));
        cfg.request_timeout = Duration::from_secs(self.request_timeout.max(1));
        cfg.backoff = Backoff {
            retries: self.retries,
            ..Backoff::default()
        };
        Client::new(cfg).map_err(|e| CliError::Usage(e.to_string()))
    }
}

/// A small runtime for one command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start the async runtime: {e}")))
}
