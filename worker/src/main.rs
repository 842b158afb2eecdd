//! `tourney-worker` (also run as `tourney worker`): scores tournaments from Kafka.

use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tourney::cli::input::{check, failed, InputArgs};
use tourney::cli::run::ServerArgs;
use tourney::serve::api::elsewhere::Locate;
use tourney::serve::api::liveness::Liveness;
use tourney::serve::logs::{self, LogFormat};
use tourney::serve::{Metrics, Registry};
use tourney_worker::api;
use tourney_worker::db::Db;
use tourney_worker::io::{default_holder, Io};
use tourney_worker::pool::catalog::Catalog;
use tourney_worker::pool::locate::Leases;
use tourney_worker::pool::{Pool, PoolOptions};
use tourney_worker::scorer::{Exit, Shared};
use tourney_worker::settings::{Settings, Source};
use tourney_worker::solo::Solo;
use tourney_worker::{schedule, tools, WorkerError};

/// Scores the tournaments in FILES from Kafka, keeps their live boards in Redis and
/// their snapshots and results in PostgreSQL. With `--watch DIR` it is a member of a
/// pool instead: it scores the tournaments of DIR that the consumer group assigns it,
/// and picks up files added, changed or removed without a restart. SIGTERM or SIGINT
/// stores a snapshot and stops; SIGUSR1 finalizes now (what `tourney retire` sends).
/// Exits 0 once every tournament is finalized or after a clean stop, 1 on an error (a
/// restart resumes from the last snapshot), 2 on bad arguments or files.
#[derive(Debug, Parser)]
#[command(name = "tourney-worker", version)]
struct Args {
    /// `.tourney` files; every tournament in them is scored.
    #[arg(required_unless_present = "watch", conflicts_with = "watch")]
    files: Vec<PathBuf>,
    /// Be a pool member over the `.tourney` files of this folder (rescanned every
    /// second): the consumer group decides which member scores which tournament.
    #[arg(long, value_name = "DIR")]
    watch: Option<PathBuf>,
    /// The pool's consumer group (one per pool).
    #[arg(long, default_value = "tourney-pool", requires = "watch")]
    group: String,
    /// Milliseconds the group waits for a silent pool member before moving its
    /// tournaments to the others.
    #[arg(long, default_value_t = 10_000, requires = "watch")]
    session_timeout_ms: u32,
    /// The name this process takes leases under (default: host name and pid).
    #[arg(long, env = "TOURNEY_HOLDER")]
    holder: Option<String>,
    /// Where other pool members reach this one's read API (`http://host:port`); a
    /// member forwards requests for the tournaments it does not hold to their holder's.
    #[arg(long, value_name = "URL", requires = "watch")]
    advertise: Option<String>,
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
    /// How long (seconds of event time) a hole in a source's sequence may stay open
    /// before it is reported as a gap (with `--source raw`: see the book's chapter
    /// "Lost events and audits").
    #[arg(long, default_value_t = 60)]
    gap_grace_s: i64,
    /// Seconds a scoring loop may go without a pass before `/healthz` answers 503 (a
    /// stalled loop: the orchestrator's liveness probe restarts the process).
    #[arg(long, default_value_t = 60)]
    stall_after_s: u64,
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
    let first = std::env::args().nth(1);
    if first.is_some_and(|a| tools::NAMES.contains(&a.as_str())) {
        return run_tool();
    }
    let args = Args::parse();
    init_logs(args.log_json);
    let tournaments = match &args.watch {
        Some(_) => Vec::new(),
        None => match check(&args.files, &args.input) {
            Ok((_, checked)) if !failed(&checked.diagnostics, &args.input) => {
                checked.tournaments().cloned().collect::<Vec<_>>()
            }
            Ok(_) => return ExitCode::from(2),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let shared = match shared_state(Duration::from_secs(args.stall_after_s)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot handle signals: {e}");
            return ExitCode::from(2);
        }
    };
    // Not ready before a pool member has read its folder and subscribed, or a worker
    // has restored and assigned the tournaments due now.
    shared
        .ready
        .store(false, std::sync::atomic::Ordering::Relaxed);
    let settings = settings(&args);
    if let Some(addr) = args.listen {
        let elsewhere = match pool_locate(&args, &settings) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(message) = api::start(
            addr,
            (args.tokens.as_deref(), args.player_keys.as_deref()),
            args.server.limits(),
            &shared,
            elsewhere,
        ) {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    }
    let result = match &args.watch {
        Some(dir) => run_pool(dir, &args, settings, shared),
        None => run_solo(tournaments, settings, shared),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "worker stopped");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `tourney-worker send | ledger | result` (see [`tools`]).
fn run_tool() -> ExitCode {
    let args = tools::ToolArgs::parse();
    init_logs(false);
    match tools::run(&args.tool) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A pool member's read API forwards to the other members (it looks their addresses
/// up on a connection of its own).
fn pool_locate(args: &Args, settings: &Settings) -> Result<Option<Arc<dyn Locate>>, WorkerError> {
    if args.watch.is_none() {
        return Ok(None);
    }
    let db = Db::connect(&settings.postgres)?;
    Ok(Some(Arc::new(Leases::new(db, settings.advertise.clone()))))
}

/// The registry, metrics and the flags the signals set.
fn shared_state(stall_after: Duration) -> std::io::Result<Shared> {
    let stop = Arc::new(AtomicBool::new(false));
    let finalize_now = Arc::new(AtomicBool::new(false));
    let signals = [
        (signal_hook::consts::SIGTERM, &stop),
        (signal_hook::consts::SIGINT, &stop),
        (signal_hook::consts::SIGUSR1, &finalize_now),
    ];
    for (sig, flag) in signals {
        signal_hook::flag::register(sig, Arc::clone(flag))?;
    }
    Ok(Shared {
        registry: Registry::new(),
        metrics: Arc::new(Metrics::new()),
        stop,
        finalize_now,
        ready: Arc::new(AtomicBool::new(true)),
        alive: Liveness::new(stall_after),
    })
}

fn run_pool(
    dir: &Path,
    args: &Args,
    settings: Settings,
    shared: Shared,
) -> Result<(), WorkerError> {
    let opts = PoolOptions {
        group: args.group.clone(),
        session_timeout_ms: args.session_timeout_ms,
        scan_every: Duration::from_secs(1),
    };
    let catalog = Catalog::new(dir, &args.input);
    Pool::start(catalog, settings, shared, opts)?
        .run()
        .map(|_| ())
}

/// One scoring loop per tournament, sharing the producer and the PostgreSQL connection.
fn run_solo(
    tournaments: Vec<tourney::ir::Tournament>,
    settings: Settings,
    shared: Shared,
) -> Result<(), WorkerError> {
    let io = Io::connect(&settings, &shared, 1)?;
    let starting = Arc::new(schedule::Starting::new(&tournaments, &shared.ready));
    let handles: Vec<_> = tournaments
        .into_iter()
        .map(|t| {
            let (settings, shared, io) = (settings.clone(), shared.clone(), io.clone());
            let starting = Arc::clone(&starting);
            std::thread::spawn(move || score(t, settings, shared, &io, &starting))
        })
        .collect();
    let mut first_error = None;
    for h in handles {
        let result = h
            .join()
            .unwrap_or_else(|_| Err(WorkerError::Config("a scorer panicked".into())));
        if let Err(e) = result {
            tracing::error!(error = %e, "scorer stopped");
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn score(
    t: tourney::ir::Tournament,
    settings: Settings,
    shared: Shared,
    io: &Io,
    starting: &schedule::Starting,
) -> Result<Exit, WorkerError> {
    let beat = shared.alive.register();
    if !schedule::wait_for_prewarm(&t, &shared.stop, &beat) {
        return Ok(Exit::Stopped);
    }
    let solo = Solo::start(t, settings, shared, io)?;
    starting.started();
    solo.run(&beat)
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
        gap_grace_ms: a.gap_grace_s.max(0).saturating_mul(1000),
        topic_wait: Duration::from_secs(a.topic_wait_s),
        drain_timeout: Duration::from_secs(60),
        holder: a.holder.clone().unwrap_or_else(default_holder),
        advertise: a.advertise.clone(),
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
