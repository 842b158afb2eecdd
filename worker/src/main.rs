//! `tourney-worker` (also run as `tourney worker`): scores tournaments from Kafka.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tourney::cli::input::{check, failed, InputArgs};
use tourney::cli::run::ServerArgs;
use tourney::serve::logs::{self, LogFormat};
use tourney::serve::{Metrics, Registry};
use tourney_worker::api;
use tourney_worker::scorer::{Exit, Scorer, Shared};
use tourney_worker::settings::{Settings, Source};
use tourney_worker::{schedule, WorkerError};

/// Scores the tournaments in FILES from Kafka, keeps their live boards in Redis and
/// their snapshots and results in PostgreSQL. SIGTERM or SIGINT stores a snapshot and
/// stops; SIGUSR1 finalizes now (what `tourney retire` sends). Exits 0 once every
/// tournament is finalized or after a clean stop, 1 on an error (a restart resumes
/// from the last snapshot), 2 on bad arguments or files.
#[derive(Debug, Parser)]
#[command(name = "tourney-worker", version)]
struct Args {
    /// `.tourney` files; every tournament in them is scored.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Kafka bootstrap servers.
    #[arg(long, env = "TOURNEY_KAFKA", default_value = "127.0.0.1:9092")]
    brokers: String,
    /// Redis URL for the live board; without it no Redis board is kept.
    #[arg(long, env = "TOURNEY_REDIS")]
    redis: Option<String>,
    /// PostgreSQL URL for snapshots and results.
    #[arg(long, env = "TOURNEY_POSTGRES")]
    postgres: String,
    /// Read the ksqlDB output topic (`eligible`) or `wager.events` itself (`raw`).
    #[arg(long, value_enum, default_value_t = SourceArg::Eligible)]
    source: SourceArg,
    /// Read this topic instead.
    #[arg(long)]
    topic: Option<String>,
    /// Seconds between snapshots.
    #[arg(long, default_value_t = 5.0)]
    snapshot_every_s: f64,
    /// Seconds between writes of the durable leaderboard tables in PostgreSQL (only the
    /// players whose standing changed); 0 keeps no such tables.
    #[arg(long, default_value_t = 10.0)]
    standings_every_s: f64,
    /// Most records applied per batch.
    #[arg(long, default_value_t = 5000)]
    batch: usize,
    /// How late (seconds behind the latest counted event) an event may arrive; also
    /// how long after the end the worker finalizes.
    #[arg(long, default_value_t = 300)]
    lateness_s: i64,
    /// Seconds to wait for the input topic to exist.
    #[arg(long, default_value_t = 60)]
    topic_wait_s: u64,
    /// Serve the read API (top N, ranks, status, live changes, /metrics) here.
    #[arg(long, value_name = "ADDR")]
    listen: Option<std::net::SocketAddr>,
    /// API tokens file (JSON or TOML: operator -> tokens); also `TOURNEY_TOKENS`.
    #[arg(long, value_name = "FILE")]
    tokens: Option<PathBuf>,
    /// Player keys file (TOML or JSON: operator -> origins and keys) for the player
    /// page and its WebSocket.
    #[arg(long, value_name = "FILE")]
    player_keys: Option<PathBuf>,
    #[command(flatten)]
    server: ServerArgs,
    /// Log as JSON lines instead of text (filter with `RUST_LOG`, default `info`).
    #[arg(long)]
    log_json: bool,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SourceArg {
    Eligible,
    Raw,
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logs(args.log_json);
    let tournaments = match check(&args.files, &args.input) {
        Ok((_, checked)) if !failed(&checked.diagnostics, &args.input) => {
            checked.tournaments().cloned().collect::<Vec<_>>()
        }
        Ok(_) => return ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let finalize_now = Arc::new(AtomicBool::new(false));
    let signals = [
        (signal_hook::consts::SIGTERM, &stop),
        (signal_hook::consts::SIGINT, &stop),
        (signal_hook::consts::SIGUSR1, &finalize_now),
    ];
    for (sig, flag) in signals {
        if let Err(e) = signal_hook::flag::register(sig, Arc::clone(flag)) {
            eprintln!("error: cannot handle signals: {e}");
            return ExitCode::from(2);
        }
    }
    let settings = settings(&args);
    let shared = Shared {
        registry: Registry::new(),
        metrics: Arc::new(Metrics::new()),
        stop,
        finalize_now,
    };
    if let Some(addr) = args.listen {
        if let Err(message) = api::start(
            addr,
            (args.tokens.as_deref(), args.player_keys.as_deref()),
            args.server.limits(),
            &shared,
        ) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let handles: Vec<_> = tournaments
        .into_iter()
        .map(|t| {
            let (settings, shared) = (settings.clone(), shared.clone());
            std::thread::spawn(move || score(t, settings, shared))
        })
        .collect();
    let mut ok = true;
    for h in handles {
        match h.join() {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::error!(error = %e, "scorer stopped");
                eprintln!("error: {e}");
                ok = false;
            }
            Err(_) => ok = false,
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn score(
    t: tourney::ir::Tournament,
    settings: Settings,
    shared: Shared,
) -> Result<Exit, WorkerError> {
    if !schedule::wait_for_prewarm(&t, &shared.stop) {
        return Ok(Exit::Stopped);
    }
    Scorer::start(t, settings, shared)?.run()
}

fn settings(a: &Args) -> Settings {
    Settings {
        brokers: a.brokers.clone(),
        redis: a.redis.clone(),
        postgres: a.postgres.clone(),
        source: match a.source {
            SourceArg::Eligible => Source::Eligible,
            SourceArg::Raw => Source::Raw,
        },
        topic: a.topic.clone(),
        snapshot_every: Duration::from_secs_f64(a.snapshot_every_s.max(0.0)),
        standings_every: (a.standings_every_s > 0.0)
            .then(|| Duration::from_secs_f64(a.standings_every_s)),
        batch_max: a.batch.max(1),
        allowed_lateness_ms: a.lateness_s.saturating_mul(1000),
        topic_wait: Duration::from_secs(a.topic_wait_s),
        drain_timeout: Duration::from_secs(60),
    }
}

fn init_logs(json: bool) {
    let format = if json {
        LogFormat::Json
    } else {
        LogFormat::Human
    };
    if let Err(e) = logs::init_logs(format, "info") {
        eprintln!("warning: logs are off: {e}");
    }
}
