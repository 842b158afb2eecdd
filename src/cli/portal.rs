//! `tourney portal --workspace DIR`: the operator portal. Serves the web application,
//! its API and the read API on one address; versions and the audit log are kept in
//! the workspace (or PostgreSQL with `--database`), activations run in process (or
//! deploy to ksqlDB with `--ksqldb`).
//!
//! `tourney portal hash-password` reads a password on standard input and prints its
//! Argon2id hash, for the users file.

use super::exit::Exit;
use super::ksqldb::KsqldbArgs;
use super::out::say;
use super::run::{load_player_keys, load_tokens, ServerArgs};
use super::workers::{WorkerArgs, Workers};
use super::CliError;
use crate::portal::activate::{Activator, Cluster};
use crate::portal::auth::{password, Sessions, Users};
use crate::portal::store::{PgStore, Store, WorkspaceStore};
use crate::portal::PortalState;
use crate::serve::interrupt::Interrupt;
use crate::serve::logs::{init_logs, LogFormat};
use crate::serve::player::HubOptions;
use crate::serve::{ApiState, Metrics, Registry};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "\
Examples:
  tourney portal --workspace my-tournaments
  tourney portal --workspace my-tournaments --users users.toml --tokens tokens.json --listen 0.0.0.0:8080
  echo -n 's3cret' | tourney portal hash-password

The address is printed on stderr (`portal on http://ADDR`). Users sign in with the users
file (TOML: operators with `four_eyes`, users with operator, name, role and password_hash);
operator API tokens (--tokens FILE, TOURNEY_TOKENS) work as bearer tokens and sign in as
approvers. Without --ksqldb, activating runs a tournament in this process."
)]
pub struct PortalArgs {
    #[command(subcommand)]
    pub command: Option<PortalCommand>,
    /// Folder of `.tourney` files, one folder per operator; versions and the audit log
    /// go in its `.tourney/` folder.
    #[arg(long, value_name = "DIR", required = true)]
    pub workspace: Option<PathBuf>,
    /// Address of the portal; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// API tokens file (JSON or TOML), as for `tourney run`.
    #[arg(long, value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// Player keys file, as for `tourney run`: the player pages of the tournaments the
    /// portal runs, at `/play/{operator}/{id}`.
    #[arg(long, value_name = "FILE")]
    pub player_keys: Option<PathBuf>,
    /// Users file (TOML): operators' settings and the users who sign in.
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// Mark the session cookie `Secure` (when users reach the portal over https).
    #[arg(long)]
    pub secure_cookie: bool,
    /// Hours a session lasts.
    #[arg(long, value_name = "H", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_hours: u64,
    /// Keep versions, approvals and the audit log in this PostgreSQL database instead
    /// of the workspace's `.tourney/` folder.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    #[command(flatten)]
    pub deploy: PortalDeployArgs,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, clap::Subcommand)]
pub enum PortalCommand {
    /// Read a password on standard input and print its hash for the users file.
    HashPassword,
}

/// Deploying through ksqlDB instead of the embedded runtime: the settings of
/// `tourney deploy`.
#[derive(Debug, Clone, clap::Args)]
pub struct PortalDeployArgs {
    /// Activate through this ksqlDB server (as `tourney deploy`) instead of in process.
    #[arg(long, value_name = "URL")]
    pub ksqldb: Option<String>,
    /// API key of the operator on ksqlDB; default: $TOURNEY_KSQLDB_KEY.
    #[arg(long, value_name = "KEY", requires = "ksqldb")]
    pub ksqldb_key: Option<String>,
    /// API secret on ksqlDB; default: $TOURNEY_KSQLDB_SECRET.
    #[arg(long, value_name = "SECRET", requires = "ksqldb")]
    pub ksqldb_secret: Option<String>,
    /// Extra CA certificates (PEM) for an https:// ksqlDB.
    #[arg(long, value_name = "FILE", requires = "ksqldb")]
    pub ksqldb_ca: Option<PathBuf>,
    /// Seconds to wait for each new query to be RUNNING.
    #[arg(long, value_name = "S", default_value_t = 60)]
    pub running_timeout: u64,
    #[command(flatten)]
    pub workers: WorkerArgs,
}

impl PortalDeployArgs {
    /// The cluster to deploy to, when `--ksqldb` is given.
    fn cluster(&self) -> Result<Option<Cluster>, CliError> {
        let Some(url) = &self.ksqldb else {
            if self.workers.workers != Workers::None {
                return Err(CliError::Usage("--workers needs --ksqldb URL".into()));
            }
            return Ok(None);
        };
        let ksqldb = KsqldbArgs {
            ksqldb: url.clone(),
            ksqldb_key: self.ksqldb_key.clone(),
            ksqldb_secret: self.ksqldb_secret.clone(),
            ksqldb_ca: self.ksqldb_ca.clone(),
            connect_timeout: crate::deploy::client::DEFAULT_CONNECT_TIMEOUT_S,
            request_timeout: crate::deploy::client::DEFAULT_REQUEST_TIMEOUT_S,
            retries: 3,
        };
        let workers = self.workers.clone();
        workers.validate()?;
        Ok(Some(Cluster {
            client: ksqldb.client()?,
            workers,
            running_timeout: Duration::from_secs(self.running_timeout),
        }))
    }
}

pub fn run(args: &PortalArgs) -> Result<Exit, CliError> {
    if let Some(PortalCommand::HashPassword) = args.command {
        return hash_password();
    }
    let workspace = args
        .workspace
        .clone()
        .ok_or_else(|| CliError::Usage("--workspace DIR is required".into()))?;
    let users = load_users(args)?;
    let tokens = load_tokens(args.tokens.as_deref())?;
    let player_keys = load_player_keys(args.player_keys.as_deref())?;
    let store: Arc<dyn Store> = match &args.database {
        Some(url) => Arc::new(PgStore::connect(url).map_err(|e| CliError::Usage(e.to_string()))?),
        None => {
            Arc::new(WorkspaceStore::open(&workspace).map_err(|e| CliError::Usage(e.to_string()))?)
        }
    };
    let cluster = args.deploy.cluster()?;
    init_logs(LogFormat::Human, "info").map_err(CliError::Usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Usage(format!("cannot start the runtime: {e}")))?;
    let registry = Registry::new();
    let metrics = Arc::new(Metrics::new());
    let sessions = Arc::new(Sessions::new(Duration::from_secs(
        args.session_hours * 3600,
    )));
    let api = ApiState::new(registry.clone(), tokens, metrics.clone())
        .with_cookies(sessions.clone())
        .with_player(player_keys, HubOptions::default());
    let state = PortalState {
        api,
        users: Arc::new(users),
        sessions,
        store,
        workspace: Some(workspace),
        activator: Arc::new(Activator::new(registry, metrics, cluster)),
        secure_cookie: args.secure_cookie,
    };
    let result = runtime.block_on(serve(args, state));
    runtime.shutdown_background();
    result
}

async fn serve(args: &PortalArgs, state: PortalState) -> Result<Exit, CliError> {
    let mut interrupt =
        Interrupt::install().map_err(|e| CliError::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", args.listen)))?;
    say!("portal on http://{addr}");
    let api = state.api.clone();
    let server = tokio::spawn(crate::portal::serve(listener, state, args.server.limits()));
    interrupt.recv().await;
    say!("interrupted: closing the portal");
    api.close();
    match server.await {
        Ok(Ok(())) => Ok(Exit::Ok),
        Ok(Err(e)) => Err(CliError::Usage(format!("the portal stopped: {e}"))),
        Err(e) => Err(CliError::Usage(format!("the portal stopped: {e}"))),
    }
}

fn load_users(args: &PortalArgs) -> Result<Users, CliError> {
    let Some(path) = &args.users else {
        say!("note: no --users FILE: only operator API tokens can sign in");
        return Ok(Users::default());
    };
    let text = super::input::read(path)?;
    Users::parse(&text).map_err(|e| CliError::Usage(format!("`{}`: {e}", path.display())))
}

fn hash_password() -> Result<Exit, CliError> {
    let mut text = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut text)
        .map_err(|e| CliError::Usage(format!("cannot read the password on standard input: {e}")))?;
    let pw = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&text);
    if pw.is_empty() {
        return Err(CliError::Usage(
            "the password on standard input is empty".into(),
        ));
    }
    let hash = password::hash(pw).map_err(CliError::Usage)?;
    let mut out = super::out::data();
    writeln!(out, "{hash}")?;
    out.finish()?;
    Ok(Exit::Ok)
}
