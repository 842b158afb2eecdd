//! `tourney run FILES (--events FILE | --generate N)`: the embedded run. Events are
//! scored by every tournament of FILES in process, the read API serves the live boards,
//! and the final boards are printed at the end of the input.

use super::exit::Exit;
use super::input::{check, failed, InputArgs, ReadError};
use super::out::say;
use super::CliError;
use crate::dry_run::summary::{places_shown, write_text};
use crate::dry_run::Summary;
use crate::engine::{Engine, EngineOptions};
use crate::gen::{GenOptions, Generator};
use crate::ir::Tournament;
use crate::serve::api::server::{
    DEFAULT_HEADER_TIMEOUT_S, DEFAULT_IDLE_TIMEOUT_S, DEFAULT_MAX_CONNECTIONS,
};
use crate::serve::embedded::{feed_all, Pace, Pipeline, DEFAULT_BATCH};
use crate::serve::interrupt::Interrupt;
use crate::serve::logs::{init_logs, LogFormat};
use crate::serve::player::{HubOptions, PlayerKeys};
use crate::serve::{serve_with, ApiState, Limits, LiveTournament, Metrics, Registry, Tokens};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Development tokens, `operator=token` pairs separated by commas.
pub const TOKENS_ENV: &str = "TOURNEY_TOKENS";

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tourney run weekend.tourney --generate 200000 --players 20000 --seed 1 --exit-when-done
  tourney run examples/tournaments/ --events wagers.ndjson --tokens tokens.json
  tourney gen-events --events 100000 --players 5000 --seed 7 | tourney run weekend.tourney --events - --rate 2000

The read API listens on --listen (the address is printed on stderr). Tokens come from
--tokens FILE (JSON or TOML: operator -> list of tokens) and from TOURNEY_TOKENS
(`operator=token,...`).")]
pub struct RunArgs {
    /// `.tourney` files or directories: every tournament in them runs.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// NDJSON wager events, one per line (`-` reads standard input).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "generate",
        conflicts_with = "generate"
    )]
    pub events: Option<PathBuf>,
    /// Generate N wagers in the first tournament's window instead.
    #[arg(long, value_name = "N")]
    pub generate: Option<u64>,
    /// Distinct players of the generated wagers.
    #[arg(long, value_name = "P", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub players: u64,
    /// Seed of the generated wagers.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Address of the read API; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// API tokens file (JSON or TOML).
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Player keys file (TOML or JSON): the keys that sign each operator's player
    /// tokens and the origins allowed to embed its player pages.
    #[arg(long, value_name = "FILE")]
    pub player_keys: Option<PathBuf>,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Exit once the input is processed, instead of serving until Ctrl-C.
    #[arg(long)]
    pub exit_when_done: bool,
    /// Feed at most this many events per second.
    #[arg(long, value_name = "EVENTS_PER_S", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Places shown per tournament (default: the board size).
    #[arg(long)]
    pub top: Option<usize>,
    /// How late (in seconds behind the latest counted event) an event may arrive.
    #[arg(long, default_value_t = 300)]
    pub lateness_s: i64,
    /// Log lines on stderr as `human` text or `json` objects (filter with RUST_LOG).
    #[arg(long, value_enum, default_value_t = LogFormatArg::Human)]
    pub log_format: LogFormatArg,
    #[command(flatten)]
    pub input: InputArgs,
}

/// The read API's limits on slow and idle clients (shared with the worker).
#[derive(Debug, Clone, clap::Args)]
pub struct ServerArgs {
    /// Seconds a client has to send a request's headers before it is disconnected.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_HEADER_TIMEOUT_S, value_parser = parse_seconds)]
    pub header_timeout_s: f64,
    /// Seconds a connection with no request in flight stays open (a live stream is a
    /// request in flight).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_IDLE_TIMEOUT_S, value_parser = parse_seconds)]
    pub idle_timeout_s: f64,
    /// Most connections served at once; the next ones wait until one closes.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS, value_parser = parse_connections)]
    pub max_connections: usize,
}

impl ServerArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            header_timeout: Duration::from_secs_f64(self.header_timeout_s),
            idle_timeout: Duration::from_secs_f64(self.idle_timeout_s),
            max_connections: self.max_connections,
        }
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!(
            "a timeout is a number of seconds above 0 and at most 86400, not {s:?}"
        )),
    }
}

fn parse_connections(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "a connection cap is a whole number from 1 to 1000000, not {s:?}"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormatArg {
    Human,
    Json,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r > 0.0 && r.is_finite() => Ok(r),
        _ => Err(format!(
            "a rate is a positive number of events per second, not {s:?}"
        )),
    }
}

/// Where the events come from.
enum Source {
    File(PathBuf),
    Generated(GenOptions),
}

pub fn run(args: &RunArgs) -> Result<Exit, CliError> {
    let (_, checked) = check(&args.files, &args.input)?;
    if failed(&checked.diagnostics, &args.input) {
        return Ok(Exit::Failed);
    }
    let tournaments: Vec<Tournament> = checked.tournaments().cloned().collect();
    let Some(first) = tournaments.first() else {
        return Err(CliError::Usage("no tournament in the files given".into()));
    };
    let source = source(args, first)?;
    let tokens = tokens(args)?;
    let player_keys = load_player_keys(args.player_keys.as_deref())?;
    let format = match args.log_format {
        LogFormatArg::Human => LogFormat::Human,
        LogFormatArg::Json => LogFormat::Json,
    };
    init_logs(format, "info").map_err(CliError::Usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start the runtime: {e}")))?;
    let result = runtime.block_on(serve_and_feed(
        args,
        tournaments,
        (tokens, player_keys),
        source,
    ));
    // A read of standard input stopped by Ctrl-C may still be blocked: do not wait.
    runtime.shutdown_background();
    result
}

fn source(args: &RunArgs, first: &Tournament) -> Result<Source, CliError> {
    let Some(events) = args.generate else {
        let path = args.events.clone().unwrap_or_else(|| "-".into());
        // Refuse an unreadable file before the API starts listening.
        if path.as_os_str() != "-" {
            std::fs::File::open(&path).map_err(|e| read_error(&path.display().to_string(), e))?;
        }
        return Ok(Source::File(path));
    };
    let s = &first.schedule;
    let opts = GenOptions {
        seed: args.seed,
        events,
        players: args.players,
        operator: first.operator.clone(),
        start_ms: s.start_ms,
        duration_ms: s.end_ms - s.start_ms + i64::from(s.end_inclusive),
        ..GenOptions::default()
    };
    opts.validate()
        .map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(Source::Generated(opts))
}

fn tokens(args: &RunArgs) -> Result<Tokens, CliError> {
    load_tokens(args.tokens.as_deref())
}

/// Player keys from a file (TOML or JSON); none without one. Shared with the worker.
pub fn load_player_keys(path: Option<&std::path::Path>) -> Result<PlayerKeys, CliError> {
    let Some(path) = path else {
        return Ok(PlayerKeys::new());
    };
    let text = super::input::read(path)?;
    PlayerKeys::parse(&text).map_err(|e| CliError::Usage(format!("`{}`: {e}", path.display())))
}

/// API tokens from a file (JSON or TOML) and from `TOURNEY_TOKENS`; warns when there
/// are none. Shared with the worker.
pub fn load_tokens(path: Option<&std::path::Path>) -> Result<Tokens, CliError> {
    let mut tokens = match path {
        Some(path) => {
            let text = super::input::read(path)?;
            Tokens::parse(&text)
                .map_err(|e| CliError::Usage(format!("`{}`: {e}", path.display())))?
        }
        None => Tokens::new(),
    };
    if let Ok(pairs) = std::env::var(TOKENS_ENV) {
        let more = Tokens::parse_pairs(&pairs)
            .map_err(|e| CliError::Usage(format!("{TOKENS_ENV}: {e}")))?;
        tokens
            .merge(more)
            .map_err(|e| CliError::Usage(format!("{TOKENS_ENV}: {e}")))?;
    }
    if tokens.is_empty() {
        say!("warning: no API tokens (--tokens FILE or {TOKENS_ENV}=operator=token): tournament routes answer 401");
    }
    Ok(tokens)
}

async fn serve_and_feed(
    args: &RunArgs,
    tournaments: Vec<Tournament>,
    (tokens, player_keys): (Tokens, PlayerKeys),
    source: Source,
) -> Result<Exit, CliError> {
    // Before anything a client can see, so a Ctrl-C is never lost to the default action.
    let mut interrupt =
        Interrupt::install().map_err(|e| CliError::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    let opts = EngineOptions {
        allowed_lateness_ms: args.lateness_s.max(0).saturating_mul(1000),
        ..EngineOptions::default()
    };
    let registry = Registry::new();
    let live: Vec<Arc<LiveTournament>> = tournaments
        .iter()
        .map(|t| LiveTournament::new(t.clone(), Engine::new(t, opts)))
        .collect();
    for l in &live {
        registry.insert(l.clone());
    }
    let metrics = Arc::new(Metrics::new());
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", args.listen)))?;
    say!("read API on http://{addr} ({} tournaments)", live.len());
    let state = ApiState::new(registry, tokens, metrics.clone())
        .with_player(player_keys, HubOptions::default());
    let server = tokio::spawn(serve_with(listener, state.clone(), args.server.limits()));
    let mut pipeline = Pipeline::new(live, metrics);
    let pace = Pace {
        batch: DEFAULT_BATCH,
        lines_per_s: args.rate,
    };
    let stop = pipeline.stopper();
    let feeding = tokio::task::spawn_blocking(move || {
        let r = feed(&mut pipeline, source, pace);
        (pipeline, r)
    });
    tokio::pin!(feeding);
    let joined = loop {
        tokio::select! {
            joined = &mut feeding => break joined,
            _ = interrupt.recv() => {
                if stop.swap(true, Ordering::Relaxed) {
                    say!("interrupted again: quitting now");
                    std::process::exit(130);
                }
                say!("interrupted: stopping the input (Ctrl-C again to quit now)");
            }
        }
    };
    let (pipeline, fed) = joined.map_err(|e| CliError::Usage(format!("the run stopped: {e}")))?;
    fed?;
    let printed = print_boards(&pipeline, args.top);
    if printed.is_ok() && !args.exit_when_done && !pipeline.stopped() {
        say!("input done; serving the final boards on http://{addr} until Ctrl-C");
        interrupt.recv().await;
    }
    state.close();
    if let Ok(Err(e)) = server.await {
        say!("warning: the read API stopped: {e}");
    }
    printed?;
    Ok(Exit::Ok)
}

fn feed(pipeline: &mut Pipeline, source: Source, pace: Pace) -> Result<(), CliError> {
    match source {
        Source::Generated(opts) => {
            let lines = Generator::new(&opts)
                .map_err(|e| CliError::Usage(e.to_string()))?
                .map(|l| Ok::<_, std::io::Error>(l.text));
            feed_all(pipeline, lines, pace).map_err(|e| read_error("<generator>", e))
        }
        Source::File(path) => {
            let shown = path.display().to_string();
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                let f = std::fs::File::open(&path).map_err(|e| read_error(&shown, e))?;
                Box::new(std::io::BufReader::with_capacity(1 << 20, f))
            };
            feed_all(pipeline, crate::dry_run::lines::lines(reader), pace)
                .map_err(|e| read_error(&shown, e))
        }
    }
}

fn read_error(path: &str, source: std::io::Error) -> CliError {
    CliError::Read(ReadError {
        path: path.to_string(),
        source,
    })
}

fn print_boards(pipeline: &Pipeline, top: Option<usize>) -> Result<(), CliError> {
    let i = pipeline.intake();
    let mut out = super::out::stdout();
    for live in pipeline.tournaments() {
        let t = live.tournament();
        let engine = live.read();
        // The dry-run's summary: the input as read, then this tournament's counters.
        let summary = Summary {
            lines: i.lines,
            malformed: i.malformed,
            malformed_lines: i.malformed_lines.clone(),
            ..Summary::of_engine(t, &engine)
        };
        writeln!(out, "== {} ({}): {} ==", t.id, t.operator, t.title)?;
        let shown = places_shown(t, top);
        out.write_with(|w| write_text(w, &engine.result(), &summary, shown))?;
        writeln!(out)?;
    }
    out.finish()
}
