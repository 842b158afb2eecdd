//! The player WebSocket: a message only when what the client sees changes, coalesced,
//! resumed after a reconnect, and a resync instead of a backlog for a slow client.

use super::harness::{quick, token, Server, Setup};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tourney::serve::player::{Hub, HubOptions};

pub(super) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(s: &Server, subscribe: Value) -> Socket {
    let url = format!("{}/v1/play/operator-a/race/ws", s.ws);
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("connect");
    ws.send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("subscribe");
    ws
}

pub(super) async fn next(ws: &mut Socket) -> Value {
    loop {
        let m = tokio::time::timeout(quick(), ws.next())
            .await
            .expect("a message in time")
            .expect("open")
            .expect("a frame");
        if let Message::Text(t) = m {
            return serde_json::from_str(t.as_str()).expect("JSON");
        }
    }
}

fn top_scores(m: &Value) -> Vec<String> {
    m["top"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["score"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_hears_only_of_changes_it_can_see() {
    let mut s = Server::start(Setup::default()).await;
    s.bet("operator-a", "leader-0001", 100);
    let mut ws = open(&s, json!({"type": "subscribe", "top": 1})).await;
    let first = next(&mut ws).await;
    assert_eq!(first["type"], "snapshot");
    assert_eq!(top_scores(&first), ["100"]);
    // Below the top 1 the client shows: nothing for it.
    s.bet("operator-a", "small-0001", 1);
    s.bet("operator-a", "small-0002", 2);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The leader scores: that it sees, and it is the next message it gets.
    s.bet("operator-a", "leader-0001", 5);
    let m = next(&mut ws).await;
    assert_eq!(m["type"], "update");
    assert_eq!(top_scores(&m), ["105"]);
    assert!(m.get("me").is_none(), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_within_one_interval_arrive_as_one_message() {
    let mut s = Server::start(Setup {
        hub: HubOptions {
            realtime_interval: Duration::from_secs(2),
            ..HubOptions::default()
        },
        ..Setup::default()
    })
    .await;
    let me = token("operator-a", "race", "player-0001", "k1", 900);
    let mut ws = open(&s, json!({"type": "subscribe", "top": 3, "token": me})).await;
    let first = next(&mut ws).await;
    assert_eq!(first["me"]["place"], Value::Null);
    s.bet("operator-a", "player-0001", 1);
    let one = next(&mut ws).await;
    assert_eq!(one["me"]["score"], "1");
    for _ in 0..4 {
        s.bet("operator-a", "player-0001", 1);
    }
    let coalesced = next(&mut ws).await;
    assert_eq!(coalesced["me"]["score"], "5", "{coalesced}");
    assert_eq!(coalesced["me"]["wagers"], 5);
    assert_eq!(top_scores(&coalesced), ["5"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_with_the_last_id_resumes_without_the_unchanged_top() {
    let mut s = Server::start(Setup::default()).await;
    s.bet("operator-a", "player-0001", 10);
    let mut ws = open(&s, json!({"type": "subscribe", "top": 3})).await;
    let first = next(&mut ws).await;
    let last = first["id"].as_str().unwrap().to_string();
    drop(ws);
    let mut again = open(&s, json!({"type": "subscribe", "top": 3, "last": last})).await;
    let resumed = next(&mut again).await;
    assert_eq!(resumed["type"], "resume", "{resumed}");
    assert!(resumed.get("top").is_none(), "{resumed}");
    drop(again);
    s.bet("operator-a", "player-0002", 20);
    let mut third = open(&s, json!({"type": "subscribe", "top": 3, "last": last})).await;
    let changed = next(&mut third).await;
    assert_eq!(changed["type"], "resume");
    assert_eq!(top_scores(&changed), ["20", "10"]);
    let mut unknown = open(&s, json!({"type": "subscribe", "top": 3, "last": "ff-1"})).await;
    assert_eq!(next(&mut unknown).await["type"], "snapshot");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_token_gets_an_error_and_a_closed_socket() {
    let s = Server::start(Setup::default()).await;
    let other = token("operator-b", "race", "player-0001", "kb", 900);
    let mut ws = open(&s, json!({"type": "subscribe", "token": other})).await;
    let m = next(&mut ws).await;
    assert_eq!(m["type"], "error", "{m}");
    assert!(m["message"]
        .as_str()
        .unwrap()
        .contains("another tournament"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_gets_one_resync_instead_of_a_backlog() {
    let mut s = Server::start(Setup::default()).await;
    let opts = HubOptions {
        queue: 1,
        ..HubOptions::default()
    };
    let live = s.live[0].clone();
    let hub = Hub::new(live.clone(), s.metrics.clone(), opts);
    let mut sub = hub.subscribe(3, None, None).expect("subscribed");
    // The snapshot fills the queue; the client reads nothing while the board moves.
    let mut gen = live.generations();
    for (i, p) in ["player-0001", "player-0002", "player-0003"]
        .iter()
        .enumerate()
    {
        s.bet("operator-a", p, 10 + i as u32);
        hub.tick(*gen.borrow_and_update());
    }
    assert!(sub.missed.load(std::sync::atomic::Ordering::Relaxed) >= 2);
    let stale = sub.rx.recv().await.expect("the snapshot");
    assert!(stale.contains("\"snapshot\""));
    assert!(sub.rx.try_recv().is_err(), "no backlog");
    let missed = sub.missed.swap(0, std::sync::atomic::Ordering::Relaxed);
    let resync: Value = serde_json::from_str(&hub.resync(sub.id, missed).unwrap()).unwrap();
    assert_eq!(resync["type"], "resync");
    assert_eq!(top_scores(&resync), ["12", "11", "10"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_and_counted_wagers_are_in_the_metrics() {
    let mut s = Server::start(Setup::default()).await;
    let mut ws = open(&s, json!({"type": "subscribe", "top": 3})).await;
    next(&mut ws).await;
    s.bet("operator-a", "player-0001", 10);
    next(&mut ws).await;
    let text = s.get("/metrics", None).await.text().await.unwrap();
    let line = |name: &str| {
        text.lines()
            .find(|l| {
                l.starts_with(&format!(
                    "{name}{{operator=\"operator-a\",tournament=\"race\"}}"
                ))
            })
            .map(|l| l.rsplit(' ').next().unwrap().to_string())
    };
    assert_eq!(
        line("tourney_player_messages_total").as_deref(),
        Some("2"),
        "{text}"
    );
    assert_eq!(line("tourney_player_sockets").as_deref(), Some("1"));
    assert_eq!(line("tourney_player_wagers_counted").as_deref(), Some("1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_in_the_top_goes_out_a_few_clients_per_tick_until_all_have_it() {
    let mut s = Server::start(Setup::default()).await;
    // One top update per tick: the pace of one client takes the whole interval.
    let opts = HubOptions {
        top_pace: HubOptions::default().realtime_interval,
        ..HubOptions::default()
    };
    let live = s.live[0].clone();
    let hub = Hub::new(live.clone(), s.metrics.clone(), opts);
    let mut subs: Vec<_> = (0..3)
        .map(|_| hub.subscribe(3, None, None).expect("subscribed"))
        .collect();
    for sub in &mut subs {
        let snapshot = sub.rx.recv().await.expect("the snapshot");
        assert!(snapshot.contains("\"snapshot\""));
    }
    s.bet("operator-a", "player-0001", 10);
    // Each client's arrival of the new top, all watched at once.
    let waits = subs.into_iter().map(|mut sub| async move {
        // The phase may change first (the race's clock starts with its first wager).
        loop {
            let msg = tokio::time::timeout(quick(), sub.rx.recv())
                .await
                .expect("every client gets the new top")
                .expect("a message");
            let v: Value = serde_json::from_str(&msg).unwrap();
            if !v["top"].is_null() {
                assert_eq!(v["top"][0]["score"], "10", "{v}");
                return std::time::Instant::now();
            }
        }
    });
    let mut arrivals = futures_util::future::join_all(waits).await;
    arrivals.sort();
    let spread = arrivals[2] - arrivals[0];
    assert!(
        spread >= Duration::from_millis(40),
        "three clients, one per tick: spread over at least two ticks, not {spread:?}"
    );
}
