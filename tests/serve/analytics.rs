//! Analytics and the board at a past moment, from the in-memory history.

use super::harness::{live, race, wager, Api, TOKEN_A, TOKEN_B};
use std::sync::Arc;
use tourney::ir::Tournament;
use tourney::serve::embedded::Pipeline;
use tourney::serve::{Metrics, Registry};

/// `race` of operator A with money prizes for the top three and a T-shirt for 4 and 5.
fn cash_race() -> Tournament {
    let text = r#"tournament "cash" {
  title "Cash race"
  operator "operator-a"
  runs 2024-11-15T00:00:00Z .. 2024-11-16T00:00:00Z

  eligible when {
    wager.amount >= 1.00 EUR
  }

  score {
    points = wager.amount
  }

  leaderboard {
    update realtime
    size 10
    prizes {
      1: 100.00 EUR
      2..3: 10.00 EUR
      4..5: "a T-shirt"
    }
  }
}
"#;
    tourney::gen::sample::tournament("cash.tourney", text).expect("the tournament checks")
}

/// A's `race` and `cash`, B's `b-only`, fed one minute at a time:
/// minute 1: a1 5.00, a2 0.50 (ineligible), a line that is not JSON;
/// minute 2: a2 8.00, a1's first wager again (duplicate);
/// minute 4: a3 20.00, a4 1.00, a5 2.00.
fn fed() -> (Arc<Registry>, Pipeline) {
    let registry = Registry::new();
    let all = [
        live(&race("race", "operator-a")),
        live(&cash_race()),
        live(&race("b-only", "operator-b")),
    ];
    for l in &all {
        registry.insert(l.clone());
    }
    let mut pipeline = Pipeline::new(all.to_vec(), Arc::new(Metrics::new()));
    let op = "operator-a";
    pipeline.feed(&[
        wager(1, op, "a1", "5.00", 1),
        wager(2, op, "a2", "0.50", 1),
        "{not json".to_string(),
    ]);
    pipeline.feed(&[wager(3, op, "a2", "8.00", 2), wager(1, op, "a1", "5.00", 1)]);
    pipeline.feed(&[
        wager(4, op, "a3", "20.00", 4),
        wager(5, op, "a4", "1.00", 4),
        wager(6, op, "a5", "2.00", 4),
    ]);
    (registry, pipeline)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analytics_counts_events_by_minute_and_outcome() {
    let (registry, _pipeline) = fed();
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    let (status, body) = api
        .get("/v1/tournaments/cash/analytics", Some(TOKEN_A))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["bucket_seconds"], 60);
    let buckets = body["buckets"].as_array().expect("buckets");
    let at: Vec<&str> = buckets.iter().map(|b| b["at"].as_str().unwrap()).collect();
    assert_eq!(
        at,
        [
            "2024-11-15T10:01:00Z",
            "2024-11-15T10:02:00Z",
            "2024-11-15T10:04:00Z"
        ]
    );
    let field = |k: &str| -> Vec<u64> { buckets.iter().map(|b| b[k].as_u64().unwrap()).collect() };
    assert_eq!(field("counted"), [1, 1, 3]);
    assert_eq!(field("duplicates"), [0, 1, 0]);
    assert_eq!(field("malformed"), [1, 0, 0]);
    assert_eq!(field("players"), [1, 2, 5]);
    assert_eq!(
        buckets[0]["ineligible"],
        serde_json::json!({"wager.amount >= 1.00 EUR": 1})
    );
    assert_eq!(buckets[1]["ineligible"], serde_json::json!({}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analytics_shows_the_money_the_scores_and_the_leaders_over_time() {
    let (registry, _pipeline) = fed();
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    let (_, body) = api
        .get("/v1/tournaments/cash/analytics", Some(TOKEN_A))
        .await;
    let money: Vec<(&str, &str)> = body["in_the_money"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["player"].as_str().unwrap(), e["score"].as_str().unwrap()))
        .collect();
    assert_eq!(
        money,
        [
            ("a3", "20"),
            ("a2", "8"),
            ("a1", "5"),
            ("a5", "2"),
            ("a4", "1")
        ]
    );
    assert_eq!(body["in_the_money"][0]["prize"]["amount"], "100.00");
    let budget = &body["prize_budget"];
    assert_eq!(budget["paid_places"], 5);
    assert_eq!(budget["money"], serde_json::json!({"EUR": "120.00"}));
    assert_eq!(
        budget["other"],
        serde_json::json!([{"from": 4, "to": 5, "text": "a T-shirt"}])
    );

    let bands = body["score_distribution"].as_array().unwrap();
    let total: u64 = bands.iter().map(|b| b["players"].as_u64().unwrap()).sum();
    assert_eq!(total, 5, "every player is in one band");
    assert_eq!(bands[0]["from"], "1");
    assert_eq!(bands.last().unwrap()["to"], "20");

    let tops = body["top_history"].as_array().unwrap();
    let leaders: Vec<(&str, &str)> = tops
        .iter()
        .map(|m| {
            (
                m["at"].as_str().unwrap(),
                m["top"][0]["player"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        leaders,
        [
            ("2024-11-15T10:01:00Z", "a1"),
            ("2024-11-15T10:02:00Z", "a2"),
            ("2024-11-15T10:04:00Z", "a3")
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_at_a_past_moment_comes_from_the_history() {
    let (registry, _pipeline) = fed();
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    let (status, body) = api
        .get(
            "/v1/tournaments/cash/leaderboard?at=2024-11-15T11:03:30%2B01:00",
            Some(TOKEN_A),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["at"], "2024-11-15T10:03:30Z");
    assert_eq!(body["as_of"], "2024-11-15T10:02:00Z");
    assert_eq!(body["players"], 2);
    let names: Vec<&str> = body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["player"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a2", "a1"]);
    assert_eq!(body["entries"][0]["prize"]["amount"], "100.00");

    let (_, body) = api
        .get(
            "/v1/tournaments/cash/leaderboard?at=2024-11-15T09:00:00Z&top=1",
            Some(TOKEN_A),
        )
        .await;
    assert_eq!(body["as_of"], serde_json::Value::Null, "before any event");
    assert_eq!(body["entries"], serde_json::json!([]));

    let (_, body) = api
        .get(
            "/v1/tournaments/cash/leaderboard?at=2024-11-15T23:00:00Z&top=2",
            Some(TOKEN_A),
        )
        .await;
    assert_eq!(body["entries"].as_array().unwrap().len(), 2);
    assert_eq!(body["entries"][0]["player"], "a3");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_moment_is_a_json_error() {
    let (registry, _pipeline) = fed();
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    for at in ["yesterday", "2024-11-15", "2024-11-15T10:00:00"] {
        let (status, body) = api
            .get(
                &format!("/v1/tournaments/cash/leaderboard?at={at}"),
                Some(TOKEN_A),
            )
            .await;
        assert_eq!(status, 400, "{at}");
        assert!(body["error"].as_str().unwrap().contains("`at`"), "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_operators_analytics_are_not_found() {
    let (registry, _pipeline) = fed();
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    for path in [
        "/v1/tournaments/b-only/analytics",
        "/v1/tournaments/b-only/leaderboard?at=2024-11-15T10:05:00Z",
    ] {
        let (status, _) = api.get(path, Some(TOKEN_A)).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _) = api
        .get("/v1/tournaments/cash/analytics", Some(TOKEN_B))
        .await;
    assert_eq!(status, 404);
    let (status, _) = api.get("/v1/tournaments/cash/analytics", None).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_history_stays_bounded_and_keeps_every_event() {
    let registry = Registry::new();
    let l = live(&race("race", "operator-a"));
    registry.insert(l.clone());
    let mut pipeline = Pipeline::new(vec![l], Arc::new(Metrics::new()));
    let minutes = 2000u32;
    for m in 0..minutes {
        let line = format!(
            r#"{{"wagerId":"w{m}","playerId":"p{}","operatorId":"operator-a","gameId":"slot-1","gameCategory":"slots","wagerAmount":2.00,"currency":"EUR","winAmount":0,"timestamp":"2024-11-{:02}T{:02}:{:02}:00Z"}}"#,
            m % 7,
            15 + m / 1440,
            m / 60 % 24,
            m % 60
        );
        pipeline.feed(&[line]);
    }
    let api = Api::start(registry, Arc::new(Metrics::new())).await;
    let (_, body) = api
        .get("/v1/tournaments/race/analytics", Some(TOKEN_A))
        .await;
    let buckets = body["buckets"].as_array().unwrap();
    assert!(buckets.len() <= 1440, "{} buckets", buckets.len());
    assert_eq!(body["bucket_seconds"], 120, "merged once");
    let events: u64 = buckets
        .iter()
        .map(|b| {
            let ineligible: u64 = b["ineligible"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum();
            let n = |k: &str| b[k].as_u64().unwrap();
            n("counted") + n("late") + n("duplicates") + n("unscorable") + ineligible
        })
        .sum();
    assert_eq!(events, u64::from(minutes));
    assert!(body["top_history"].as_array().unwrap().len() <= buckets.len());
}
