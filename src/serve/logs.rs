//! Structured logs on standard error through `tracing`: human lines or one JSON object
//! per line, filtered by `RUST_LOG` (e.g. `RUST_LOG=tourney=debug` logs every request).

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

/// Installs the process's log subscriber; `default_filter` applies when `RUST_LOG` is
/// unset. Fails when a subscriber is already installed or the filter does not parse.
pub fn init_logs(format: LogFormat, default_filter: &str) -> Result<(), String> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => EnvFilter::try_new(&v),
        _ => EnvFilter::try_new(default_filter),
    }
    .map_err(|e| format!("bad log filter: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    }
    .map_err(|e| e.to_string())
}
