//! Top N, a player with neighbours, and the status, as a client reads them.

use super::harness::{two_operators, Api, TOKEN_A};
use std::sync::Arc;
use tourney::serve::Metrics;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_n_lists_places_scores_and_prizes() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let (status, body) = api
        .get("/v1/tournaments/race/leaderboard?top=3", Some(TOKEN_A))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["players"], 5);
    let entries = body["entries"].as_array().expect("entries");
    let rows: Vec<(u64, &str, &str, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["place"].as_u64().unwrap(),
                e["player"].as_str().unwrap(),
                e["score"].as_str().unwrap(),
                e["wagers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![(1, "a1", "50", 1), (2, "a2", "40", 1), (3, "a3", "30", 1)]
    );
    assert_eq!(entries[0]["prize"]["text"], "€100");
    assert_eq!(entries[2]["prize"]["text"], "€10");

    // The default is the board size (10): all five players.
    let (_, body) = api
        .get("/v1/tournaments/race/leaderboard", Some(TOKEN_A))
        .await;
    assert_eq!(body["entries"].as_array().unwrap().len(), 5);
    assert!(body["entries"][4].get("prize").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_query_values_get_a_json_error() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    for query in ["top=0", "top=1001", "top=many"] {
        let (status, body) = api
            .get(
                &format!("/v1/tournaments/race/leaderboard?{query}"),
                Some(TOKEN_A),
            )
            .await;
        assert_eq!(status, 400, "{query}");
        assert!(body["error"].as_str().unwrap().contains("`top`"), "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_player_comes_with_the_players_around() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let (status, body) = api
        .get("/v1/tournaments/race/players/a4?around=2", Some(TOKEN_A))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["player"]["place"], 4);
    assert_eq!(body["player"]["score"], "20");
    let names = |k: &str| -> Vec<String> {
        body[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["player"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("above"), ["a2", "a3"]);
    assert_eq!(names("below"), ["a5"]);

    let (status, body) = api
        .get("/v1/tournaments/race/players/nobody", Some(TOKEN_A))
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        body["error"],
        "player `nobody` is not on the board of `race`"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_shows_phase_window_and_counters() {
    let metrics = Arc::new(Metrics::new());
    let (registry, mut pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let (status, body) = api.get("/v1/tournaments/race", Some(TOKEN_A)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phase"], "running");
    assert_eq!(body["start"], "2024-11-15T00:00:00Z");
    assert_eq!(body["end"], "2024-11-16T00:00:00Z");
    // Seven well-formed events reach every tournament; five are operator A's.
    assert_eq!(body["events"], 7);
    assert_eq!(body["counted"], 5);
    assert_eq!(body["ineligible"], 2);
    assert_eq!(body["players"], 5);
    assert_eq!(body["last_event"], "2024-11-15T10:07:00Z");
    assert_eq!(body["watermark"], "2024-11-15T10:05:00Z");

    pipeline.finish();
    let (_, body) = api.get("/v1/tournaments/race", Some(TOKEN_A)).await;
    assert_eq!(body["phase"], "finished");
}
