//! A server with two operators' player keys, and their tournaments fed in process.

use std::sync::Arc;
use std::time::Duration;
use tourney::engine::{Engine, EngineOptions};
use tourney::ir::{Display, Visibility};
use tourney::serve::embedded::Pipeline;
use tourney::serve::player::token::{mint, now_s, Claims};
use tourney::serve::player::{HubOptions, PlayerKeys};
use tourney::serve::{serve, ApiState, LiveTournament, Metrics, Registry, Tokens};

pub const KEY_A1: &str = "operator-a-key-one-of-at-least-32-bytes";
pub const KEY_A2: &str = "operator-a-key-two-of-at-least-32-bytes";
pub const KEY_B: &str = "operator-b-key-of-at-least-32-bytes-long";
pub const TOKEN_A: &str = "operator-token-of-a";

/// The keys of operator-a (`k1`, and `k2` when `both`) and operator-b (`kb`).
pub fn keys(both: bool) -> PlayerKeys {
    let a2 = if both {
        format!(", k2 = \"{KEY_A2}\"")
    } else {
        String::new()
    };
    let text = format!(
        "[operator-a]\norigins = [\"https://casino-a.example\"]\nkeys = {{ k1 = \"{KEY_A1}\"{a2} }}\n\
         [operator-b]\nkeys = {{ kb = \"{KEY_B}\" }}\n"
    );
    PlayerKeys::parse(&text).expect("keys")
}

pub use crate::races::{race, wager};

pub struct Server {
    pub base: String,
    pub ws: String,
    pub state: ApiState,
    pub metrics: Arc<Metrics>,
    pub live: Vec<Arc<LiveTournament>>,
    pipeline: Pipeline,
    n: u32,
    pub client: reqwest::Client,
}

/// How the tournaments of a test differ from [`race`].
#[derive(Clone, Copy)]
pub struct Setup {
    pub visibility: Visibility,
    pub display: Display,
    pub both_keys: bool,
    pub hub: HubOptions,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            visibility: Visibility::Public,
            display: Display::Masked,
            both_keys: true,
            hub: HubOptions::default(),
        }
    }
}

impl Server {
    /// `race` of operator-a and `race` of operator-b, served on 127.0.0.1:0.
    pub async fn start(setup: Setup) -> Server {
        let registry = Registry::new();
        let metrics = Arc::new(Metrics::new());
        let mut live = Vec::new();
        for op in ["operator-a", "operator-b"] {
            let mut t = race("race", op);
            t.leaderboard.visibility = setup.visibility;
            t.leaderboard.display = setup.display;
            let l = LiveTournament::new(t.clone(), Engine::new(&t, EngineOptions::default()));
            registry.insert(l.clone());
            live.push(l);
        }
        let tokens = Tokens::parse_pairs(&format!("operator-a={TOKEN_A}")).expect("tokens");
        let state = ApiState::new(registry, tokens, metrics.clone())
            .with_player(keys(setup.both_keys), setup.hub);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(serve(listener, state.clone()));
        let pipeline = Pipeline::new(live.clone(), metrics.clone());
        Server {
            base: format!("http://{addr}"),
            ws: format!("ws://{addr}"),
            state,
            metrics,
            live,
            pipeline,
            n: 0,
            client: reqwest::Client::new(),
        }
    }

    /// One wager of `player` of operator `op` (the other operator's race ignores it).
    pub fn bet(&mut self, op: &str, player: &str, amount: u32) {
        self.n += 1;
        self.pipeline
            .feed(&[wager(self.n, op, player, &amount.to_string(), self.n)]);
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        self.get_if(path, token, None).await
    }

    /// `get`, with `If-None-Match: tag` when a tag is given.
    pub async fn get_if(
        &self,
        path: &str,
        token: Option<&str>,
        tag: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(tag) = tag {
            req = req.header("If-None-Match", tag);
        }
        req.send().await.expect("request")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.close();
    }
}

/// A token of `player` for `op`'s `tournament`, signed by key `kid`, valid for `ttl`.
pub fn token(op: &str, tournament: &str, player: &str, kid: &str, ttl: i64) -> String {
    let secret = match kid {
        "k1" => KEY_A1,
        "k2" => KEY_A2,
        _ => KEY_B,
    };
    let iat = now_s() - 10;
    let claims = Claims {
        kid: kid.into(),
        operator: op.into(),
        tournament: tournament.into(),
        player: player.into(),
        iat,
        exp: iat + ttl,
    };
    mint(&claims, secret.as_bytes()).expect("mint")
}

pub fn quick() -> Duration {
    Duration::from_secs(10)
}
