//! A portal on 127.0.0.1:0, in process, over a fresh workspace folder.
//!
//! Operators and users (every password is `pw-<user>`):
//! - `op-a` (four eyes off): `ann` editor, `abe` approver, `vic` viewer; token `token-a`.
//! - `op-b` (four eyes off): `bob` editor; token `token-b`.
//! - `op-c` (four eyes on): `cat` editor, `cal` and `cid` approvers.

use serde_json::Value;
use std::sync::{Arc, OnceLock};
use tourney::portal::activate::{Activator, Cluster};
use tourney::portal::auth::{Sessions, Users};
use tourney::portal::store::WorkspaceStore;
use tourney::portal::PortalState;
use tourney::serve::{ApiState, Limits, Metrics, Registry, Tokens};

pub const TOKEN_A: &str = "token-a";
pub const TOKEN_B: &str = "token-b";

const USERS: [(&str, &str, &str); 7] = [
    ("op-a", "ann", "editor"),
    ("op-a", "abe", "approver"),
    ("op-a", "vic", "viewer"),
    ("op-b", "bob", "editor"),
    ("op-c", "cat", "editor"),
    ("op-c", "cal", "approver"),
    ("op-c", "cid", "approver"),
];

/// The users file, hashed once for the whole test binary.
pub fn users_file() -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        let settings =
            "[operators.op-a]\nfour_eyes = false\n\n[operators.op-c]\nfour_eyes = true\n";
        format!("{settings}{}", crate::portal::users_toml(&USERS))
    })
}

/// A tournament `id` of operator `op`, with `extra` lines in its block.
pub fn source(id: &str, op: &str, extra: &str) -> String {
    crate::portal::race_source(id, op, extra, "")
}

/// Who a request is made as.
#[derive(Clone, Debug)]
pub enum Who {
    Nobody,
    Bearer(&'static str),
    /// A signed-in session: its cookie and CSRF token.
    User {
        cookie: String,
        csrf: String,
    },
    /// The session's cookie without its CSRF token.
    CookieOnly(String),
}

pub struct Portal {
    pub base: String,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

impl Portal {
    pub async fn start() -> Portal {
        Portal::start_with(None).await
    }

    /// A portal that activates through `cluster` (ksqlDB) instead of in process.
    pub async fn start_with(cluster: Option<Cluster>) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("op-a").join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("house.tourney"),
            "// house-race: the house's own race, every game counts.\ntemplate \"house-race\" {\n  title \"House Race\"\n  eligible when {\n    wager.amount >= 1.00 EUR\n  }\n  score {\n    points = wager.amount\n  }\n  leaderboard {\n    update realtime\n    size 5\n  }\n}\n",
        )
        .unwrap();
        let tokens = Tokens::parse_pairs(&format!("op-a={TOKEN_A},op-b={TOKEN_B}")).unwrap();
        let registry = Registry::new();
        let metrics = Arc::new(Metrics::new());
        let sessions = Arc::new(Sessions::default());
        let api =
            ApiState::new(registry.clone(), tokens, metrics.clone()).with_cookies(sessions.clone());
        let state = PortalState {
            api,
            users: Arc::new(Users::parse(users_file()).unwrap()),
            sessions,
            store: Arc::new(WorkspaceStore::open(dir.path()).unwrap()),
            workspace: Some(dir.path().to_path_buf()),
            activator: Arc::new(Activator::new(registry, metrics, cluster)),
            secure_cookie: false,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(tourney::portal::serve(listener, state, Limits::default()));
        Portal {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            dir,
        }
    }

    /// Signs `user` of `op` in with their password.
    pub async fn sign_in(&self, op: &str, user: &str) -> Who {
        let body =
            serde_json::json!({"operator": op, "user": user, "password": format!("pw-{user}")});
        let res = self
            .client
            .post(format!("{}/v1/session", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "sign-in of {op}/{user}");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        let pair = cookie.split(';').next().unwrap().to_string();
        let session: Value = res.json().await.unwrap();
        Who::User {
            cookie: pair,
            csrf: session["csrf"].as_str().unwrap().to_string(),
        }
    }

    /// A request; the status and the JSON body (`Null` when it is not JSON).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        who: &Who,
        body: Option<Value>,
    ) -> (u16, Value) {
        let res = self.send(method, path, who, body).await;
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        who: &Who,
        body: Option<Value>,
    ) -> reqwest::Response {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        req = match who {
            Who::Nobody => req,
            Who::Bearer(t) => req.bearer_auth(t),
            Who::User { cookie, csrf } => req.header("cookie", cookie).header("x-csrf-token", csrf),
            Who::CookieOnly(cookie) => req.header("cookie", cookie),
        };
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    pub async fn get(&self, path: &str, who: &Who) -> (u16, Value) {
        self.call("GET", path, who, None).await
    }

    pub async fn post(&self, path: &str, who: &Who, body: Value) -> (u16, Value) {
        self.call("POST", path, who, Some(body)).await
    }

    /// Creates tournament `id` of `op` as `who`; its first version's hash.
    pub async fn create(&self, who: &Who, id: &str, op: &str) -> String {
        let (status, v) = self
            .post(
                "/v1/portal/tournaments",
                who,
                serde_json::json!({"source": source(id, op, "")}),
            )
            .await;
        assert_eq!(status, 201, "{v}");
        v["hash"].as_str().unwrap().to_string()
    }
}
