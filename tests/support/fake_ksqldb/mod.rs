//! A fake ksqlDB server for tests: axum on 127.0.0.1:0, stateful, answering with the
//! response shapes of the ksqlDB REST API (`currentStatus` entities with
//! `commandStatus` and `commandSequenceNumber`, `streams` and `queries` lists,
//! `statement_error` / `generic_error` bodies with their `error_code`), plus fault
//! injection. No real ksqlDB can run where these tests run; what the fake cannot
//! show is listed in the book (`deploy.md`).

pub mod fault;
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
    let result = {
        let mut s = state.lock().expect("state");
        if s.auth.is_some() && s.auth != authorization {
            let a = state::generic_error(401, 40100, "Unauthorized");
            return answer(a.status, a.body);
        }
        s.requests.push(state::Recorded {
            ksql: req["ksql"].as_str().unwrap_or_default().to_owned(),
            command_sequence_number: req["commandSequenceNumber"].as_i64(),
            streams_properties: req["streamsProperties"].clone(),
            authorization,
        });
        let statements = statement::split(req["ksql"].as_str().unwrap_or_default());
        s.ksql(&statements)
    };
    if let Some(d) = result.delay {
        tokio::time::sleep(d).await;
    }
    answer(result.status, result.body)
}

async fn status(
    Ax(state): Ax<Shared>,
    Path((kind, entity, action)): Path<(String, String, String)>,
) -> Response {
    let id = format!("{kind}/{entity}/{action}");
    let mut s = state.lock().expect("state");
    match s.statuses.get_mut(&id) {
        Some(list) if list.len() > 1 => answer(200, list.remove(0)),
        Some(list) => answer(200, list.first().cloned().unwrap_or_default()),
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
