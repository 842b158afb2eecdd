//! The live stream: position changes arrive as Server-Sent Events while events are
//! processed, and a slow client is told it lagged.

use super::harness::{live, race, wager, Api, TOKEN_A};
use std::sync::Arc;
use std::time::Duration;
use tourney::engine::{Engine, EngineOptions};
use tourney::serve::embedded::Pipeline;
use tourney::serve::{LiveTournament, Metrics, Registry};

/// One parsed SSE event: its `event:` name (empty for `message`), `id:` and `data:`.
#[derive(Debug, Default, Clone)]
struct SseEvent {
    name: String,
    id: String,
    data: String,
}

/// Reads the response until `n` events (keep-alive comments skipped) or 10 s.
async fn read_events(res: &mut reqwest::Response, n: usize) -> Vec<SseEvent> {
    let mut buf = String::new();
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while out.len() < n {
        let chunk = tokio::time::timeout_at(deadline, res.chunk())
            .await
            .expect("events before the deadline")
            .expect("a chunk")
            .expect("the stream is open");
        buf.push_str(std::str::from_utf8(&chunk).unwrap());
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let mut ev = SseEvent::default();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    ev.name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("id:") {
                    ev.id = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    ev.data.push_str(v.trim());
                }
            }
            if !ev.data.is_empty() {
                out.push(ev);
            }
        }
    }
    out
}

async fn subscribe(api: &Api, id: &str) -> reqwest::Response {
    let res = api
        .client
        .get(format!("{}/v1/tournaments/{id}/changes", api.base))
        .bearer_auth(TOKEN_A)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    res
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn position_changes_stream_as_events_are_processed() {
    let metrics = Arc::new(Metrics::new());
    let registry = Registry::new();
    let a = live(&race("race", "operator-a"));
    registry.insert(a.clone());
    let api = Api::start(registry, metrics.clone()).await;
    let mut res = subscribe(&api, "race").await;

    let mut pipeline = Pipeline::new(vec![a], metrics);
    pipeline.feed(&[wager(1, "operator-a", "p1", "10.00", 1)]);
    let first = read_events(&mut res, 1).await;
    // p2 overtakes p1: p2 enters at 1, p1 moves down to 2.
    pipeline.feed(&[wager(2, "operator-a", "p2", "25.00", 2)]);
    let next = read_events(&mut res, 2).await;

    let changes: Vec<serde_json::Value> = first
        .iter()
        .chain(&next)
        .map(|e| {
            assert_eq!(e.name, "", "position changes are plain messages");
            let v: serde_json::Value = serde_json::from_str(&e.data).unwrap();
            assert_eq!(v["positionChangeId"], e.id.as_str(), "id: is the change id");
            v
        })
        .collect();
    let moves: Vec<(String, serde_json::Value, u64)> = changes
        .iter()
        .map(|v| {
            (
                v["playerId"].as_str().unwrap().to_string(),
                v["oldPosition"].clone(),
                v["newPosition"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        vec![
            ("p1".into(), serde_json::Value::Null, 1),
            ("p2".into(), serde_json::Value::Null, 1),
            ("p1".into(), serde_json::json!(1), 2),
        ]
    );
    assert_eq!(changes[1]["score"], "25");
    assert_eq!(changes[1]["tournamentId"], "race");
}

/// On a single-threaded runtime the server cannot run while the test feeds events
/// without awaiting, so the stream falls behind deterministically.
#[tokio::test(flavor = "current_thread")]
async fn a_slow_client_is_told_it_lagged() {
    let metrics = Arc::new(Metrics::new());
    let registry = Registry::new();
    let t = race("race", "operator-a");
    let small =
        LiveTournament::with_capacity(t.clone(), Engine::new(&t, EngineOptions::default()), 4);
    registry.insert(small.clone());
    let api = Api::start(registry, metrics.clone()).await;
    let mut res = subscribe(&api, "race").await;

    // 20 new players, each entering the board, before the client reads anything.
    let lines: Vec<String> = (1..=20)
        .map(|i| wager(i, "operator-a", &format!("p{i}"), &format!("{i}.00"), i))
        .collect();
    let mut pipeline = Pipeline::new(vec![small], metrics);
    pipeline.feed(&lines);

    let events = read_events(&mut res, 2).await;
    assert_eq!(events[0].name, "lagged", "{events:?}");
    let lagged: serde_json::Value = serde_json::from_str(&events[0].data).unwrap();
    assert!(lagged["missed"].as_u64().unwrap() > 0, "{lagged}");
    assert_eq!(events[1].name, "", "the stream goes on after the lag");
}
