//! A fake ksqlDB server for tests: axum on 127.0.0.1:0, stateful, answering with the
//! response shapes of the ksqlDB REST API (`currentStatus` entities with
//! `commandStatus` and `commandSequenceNumber`, stream and query lists and
//! descriptions, `statement_error` / `generic_error` bodies with their `error_code`),
//! plus fault injection. It behaves as ksqlDB 0.29's source says a server does:
//! statements re-printed before they are stored (`format.rs`), a request validated
//! whole before any statement runs (`state.rs`), `commandSequenceNumber` honoured,
//! credentials asked on every route. `FAKE_KSQLDB_VERBATIM=1` stores statements as
//! sent instead. What the fake cannot show is listed in the book (`deploy.md`).

pub mod effects;
pub mod expr;
pub mod fault;
pub mod format;
pub mod lex;
pub mod read;
pub mod state;
pub mod statement;
pub mod tls;

use axum::body::Bytes;
use axum::extract::{Path, State as Ax};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
pub use fault::Fault;
use serde_json::{json, Value};
pub use state::State;
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<State>>;

/// A running fake server; stopped when dropped.
pub struct FakeKsqlDb {
    pub url: String,
    state: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeKsqlDb {
    pub fn start() -> FakeKsqlDb {
        FakeKsqlDb::spawn("http", |tcp| tcp)
    }

    /// The same server over HTTPS, with a certificate signed by `certs`' CA.
    pub fn start_tls(certs: &tls::Certs) -> FakeKsqlDb {
        let acceptor = certs.acceptor();
        FakeKsqlDb::spawn("https", move |tcp| tls::TlsListener { tcp, acceptor })
    }

    fn spawn<L, F>(scheme: &str, listen: F) -> FakeKsqlDb
    where
        L: axum::serve::Listener<Addr = std::net::SocketAddr>,
        F: FnOnce(tokio::net::TcpListener) -> L + Send + 'static,
    {
        let state: Shared = Arc::default();
        let app = Router::new()
            .route("/ksql", post(ksql))
            .route("/status/{kind}/{entity}/{action}", get(status))
            .route("/info", get(info))
            .route("/healthcheck", get(health))
            .layer(axum::middleware::from_fn_with_state(state.clone(), gate))
            .with_state(state.clone());
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                addr_tx.send(tcp.local_addr().expect("addr")).expect("send");
                axum::serve(listen(tcp), app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let addr = addr_rx.recv().expect("address");
        FakeKsqlDb {
            url: format!("{scheme}://{addr}"),
            state,
            stop: Some(stop),
        }
    }

    /// Runs `f` on the state (to inject faults, make changes by hand, inspect).
    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().expect("state"))
    }

    /// The write statements received so far.
    pub fn writes(&self) -> Vec<String> {
        self.with(|s| s.writes.clone())
    }

    /// Runs statements as an operator would by hand (no fault, not recorded).
    pub fn sql(&self, ksql: &str) -> Value {
        self.with(|s| {
            let n = s.writes.len();
            let a = s.ksql(ksql, None);
            s.writes.truncate(n);
            assert_eq!(a.status, 200, "{ksql}: {}", a.body);
            a.body
        })
    }

    /// The properties sent with every request, one map per request.
    pub fn properties(&self) -> Vec<Value> {
        self.with(|s| {
            s.requests
                .iter()
                .map(|r| r.streams_properties.clone())
                .collect()
        })
    }

    pub fn stream_names(&self) -> Vec<String> {
        self.with(|s| s.streams.keys().cloned().collect())
    }

    /// Streams with a running query writing them.
    pub fn running(&self) -> Vec<String> {
        self.with(|s| {
            let mut v: Vec<String> = s
                .queries
                .values()
                .filter(|q| q.state == "RUNNING")
                .map(|q| q.sink.clone())
                .collect();
            v.sort();
            v
        })
    }
}

impl Drop for FakeKsqlDb {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Every route: 50302 while starting, 401 without the right credentials.
async fn gate(
    Ax(state): Ax<Shared>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let authorization = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    {
        let mut s = state.lock().expect("state");
        if s.starting > 0 {
            s.starting -= 1;
            let a = state::generic_error(503, 50302, "KSQL is not yet ready to serve requests.");
            return answer(a.status, a.body);
        }
        let known = |a: &Option<String>| {
            a.as_ref()
                .is_some_and(|a| s.auth.as_ref() == Some(a) || s.credentials.contains_key(a))
        };
        let guarded = s.auth.is_some() || !s.credentials.is_empty();
        if guarded && !known(&authorization) {
            let a = state::generic_error(401, 40100, "Unauthorized");
            return answer(a.status, a.body);
        }
    }
    next.run(req).await
}

fn answer(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(body),
    )
        .into_response()
}

async fn ksql(Ax(state): Ax<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return answer(
            400,
            json!({"@type": "generic_error", "error_code": 40000, "message": "bad request"}),
        );
    };
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let seq = req["commandSequenceNumber"].as_i64();
    let ksql = req["ksql"].as_str().unwrap_or_default().to_owned();
    let wait = {
        let mut s = state.lock().expect("state");
        s.requests.push(state::Recorded {
            ksql: ksql.clone(),
            command_sequence_number: seq,
            streams_properties: req["streamsProperties"].clone(),
            authorization: authorization.clone(),
        });
        s.sequence_wait
    };
    // CommandStoreUtil: wait for the commands before ours, then give up with 50301.
    let started = std::time::Instant::now();
    while state.lock().expect("state").behind(seq) {
        if started.elapsed() >= wait {
            let a = state::generic_error(
                503,
                50301,
                &format!("Timed out while waiting for a previous command to execute. command sequence number: {}", seq.unwrap_or_default()),
            );
            return answer(a.status, a.body);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let result = state
        .lock()
        .expect("state")
        .ksql(&ksql, authorization.as_deref());
    if let Some(d) = result.delay {
        tokio::time::sleep(d).await;
    }
    match result.text {
        Some(text) => (
            StatusCode::from_u16(result.status).unwrap_or(StatusCode::BAD_GATEWAY),
            [("content-type", "text/html")],
            text,
        )
            .into_response(),
        None => answer(result.status, result.body),
    }
}

async fn status(
    Ax(state): Ax<Shared>,
    Path((kind, entity, action)): Path<(String, String, String)>,
) -> Response {
    let id = format!("{kind}/{entity}/{action}");
    match state.lock().expect("state").status(&id) {
        Some(v) => answer(200, v),
        None => answer(
            404,
            json!({"@type": "generic_error", "error_code": 40400, "message": "Command not found"}),
        ),
    }
}

async fn info() -> Response {
    answer(
        200,
        json!({"KsqlServerInfo": {"version": "0.29.0-fake", "kafkaClusterId": "fake-cluster",
        "ksqlServiceId": "default_", "serverStatus": "RUNNING"}}),
    )
}

async fn health(Ax(state): Ax<Shared>) -> Response {
    let healthy = !state.lock().expect("state").kafka_down;
    // /healthcheck always answers 200; `isHealthy` says whether all is well.
    answer(
        200,
        json!({"isHealthy": healthy, "details": {"metastore": {"isHealthy": true},
        "kafka": {"isHealthy": healthy}, "commandRunner": {"isHealthy": true}}, "serverState": "READY"}),
    )
}
