//! One address for a pool: a server that does not hold a tournament forwards its
//! routes to the one that does (its operator routes, the player board with its cache
//! validator, and the player's WebSocket, relayed message by message).

use super::harness::{Server, Setup, TOKEN_A};
use super::socket::next;
use futures_util::SinkExt;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio_tungstenite::tungstenite::Message;
use tourney::serve::api::elsewhere::{Holder, LocateFn};
use tourney::serve::player::HubOptions;
use tourney::serve::{serve, ApiState, Metrics, Registry, Tokens};

/// A server holding nothing, whose tournaments all live at `holder`.
async fn front(holder: String) -> (String, ApiState) {
    front_with(Holder::Elsewhere(holder)).await
}

/// A server holding nothing, whose locator always answers `holder`.
async fn front_with(holder: Holder) -> (String, ApiState) {
    let tokens = Tokens::parse_pairs(&format!("operator-a={TOKEN_A}")).expect("tokens");
    let state = ApiState::new(Registry::new(), tokens, Arc::new(Metrics::new()))
        .with_player(super::harness::keys(true), HubOptions::default())
        .with_elsewhere(Arc::new(LocateFn(move |_: &str, _: &str| holder.clone())));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener, state.clone()));
    (format!("{addr}"), state)
}

/// `GET path` at `addr` with operator A's token.
async fn operator_get(client: &reqwest::Client, addr: &str, path: &str) -> reqwest::Response {
    client
        .get(format!("http://{addr}{path}"))
        .bearer_auth(TOKEN_A)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_answers_for_a_tournament_another_holds() {
    let mut holder = Server::start(Setup::default()).await;
    holder.bet("operator-a", "leader-0001", 100);
    holder.bet("operator-a", "second-0001", 40);
    let (addr, state) = front(holder.base.clone()).await;
    let client = reqwest::Client::new();

    let path = "/v1/tournaments/race/leaderboard?top=5";
    let direct: Value = holder.get(path, Some(TOKEN_A)).await.json().await.unwrap();
    let res = operator_get(&client, &addr, path).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), direct);
    // Another operator's token is refused by the holder, through the front.
    let res = client
        .get(format!("http://{addr}{path}"))
        .bearer_auth("nobody")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "an unknown token is refused at the front"
    );

    // The player board keeps its validator across the hop.
    let board = "/v1/play/operator-a/race/board";
    let res = client
        .get(format!("http://{addr}{board}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let tag = res.headers()["etag"].to_str().unwrap().to_string();
    let res = client
        .get(format!("http://{addr}{board}"))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    // The WebSocket: the snapshot, then a change, through the front.
    let url = format!("ws://{addr}/v1/play/operator-a/race/ws");
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("connect");
    ws.send(Message::Text(
        json!({"type": "subscribe", "top": 2}).to_string().into(),
    ))
    .await
    .unwrap();
    let first = next(&mut ws).await;
    assert_eq!(first["type"], "snapshot", "{first}");
    holder.bet("operator-a", "second-0001", 100);
    let update = next(&mut ws).await;
    assert_ne!(update["type"], "snapshot", "{update}");
    state.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tournament_between_replicas_is_retried_not_missing() {
    let (addr, state) = front_with(Holder::Moving).await;
    let client = reqwest::Client::new();
    for path in [
        "/v1/play/operator-a/race/board",
        "/v1/tournaments/race/leaderboard?top=5",
    ] {
        let res = operator_get(&client, &addr, path).await;
        assert_eq!(res.status(), 503, "{path}");
        assert_eq!(res.headers()["retry-after"], "1", "{path}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("moving"), "{body}");
    }
    let (addr, state_nobody) = front_with(Holder::Nobody).await;
    let res = client
        .get(format!("http://{addr}/v1/play/operator-a/race/board"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "a tournament nobody holds is not found");
    state.close();
    state_nobody.close();
}
