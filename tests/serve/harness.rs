//! A read API on 127.0.0.1:0, in process, over a registry of live tournaments.

use std::sync::Arc;
use tourney::engine::{Engine, EngineOptions};
use tourney::ir::Tournament;
use tourney::serve::embedded::Pipeline;
use tourney::serve::{serve_with, ApiState, Limits, LiveTournament, Metrics, Registry, Tokens};

pub const TOKEN_A: &str = "token-of-operator-a";
pub const TOKEN_B: &str = "token-of-operator-b";

pub use crate::races::{race, wager};

pub struct Api {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub state: ApiState,
    pub client: reqwest::Client,
}

impl Api {
    /// Serves `registry` with the tokens of operators `operator-a` and `operator-b`.
    pub async fn start(registry: Arc<Registry>, metrics: Arc<Metrics>) -> Api {
        Api::start_with(registry, metrics, Limits::default()).await
    }

    /// [`Api::start`] within `limits`.
    pub async fn start_with(registry: Arc<Registry>, metrics: Arc<Metrics>, limits: Limits) -> Api {
        let tokens = Tokens::parse_pairs(&format!("operator-a={TOKEN_A},operator-b={TOKEN_B}"))
            .expect("tokens");
        let state = ApiState::new(registry, tokens, metrics);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        tokio::spawn(serve_with(listener, state.clone(), limits));
        Api {
            base,
            addr,
            state,
            client: reqwest::Client::new(),
        }
    }

    /// `GET path` with `token` (none when `None`): status and JSON body.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, serde_json::Value) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(serde_json::Value::Null);
        (status, body)
    }

    pub async fn text(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        (res.status().as_u16(), res.text().await.expect("text"))
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        self.state.close();
    }
}

pub fn live(t: &Tournament) -> Arc<LiveTournament> {
    LiveTournament::new(t.clone(), Engine::new(t, EngineOptions::default()))
}

/// A registry with `race` of operator A (players a1..a5) and `race` of operator B
/// (players b1, b2), fed through the embedded pipeline.
pub fn two_operators(metrics: &Arc<Metrics>) -> (Arc<Registry>, Pipeline) {
    let registry = Registry::new();
    let a = live(&race("race", "operator-a"));
    let b = live(&race("race", "operator-b"));
    let only_b = live(&race("b-only", "operator-b"));
    for l in [&a, &b, &only_b] {
        registry.insert(l.clone());
    }
    let mut pipeline = Pipeline::new(vec![a, b, only_b], metrics.clone());
    // a1 50, a2 40, a3 30, a4 20, a5 10; then b1 500, b2 400 for operator B.
    let mut lines: Vec<String> = (1..=5)
        .map(|i| {
            let amount = format!("{}.00", 60 - 10 * i);
            wager(i, "operator-a", &format!("a{i}"), &amount, i)
        })
        .collect();
    lines.push(wager(6, "operator-b", "b1", "500.00", 6));
    lines.push(wager(7, "operator-b", "b2", "400.00", 7));
    lines.push("{not json".to_string());
    pipeline.feed(&lines);
    (registry, pipeline)
}
