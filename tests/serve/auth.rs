//! Bearer tokens and tenancy: a token reads its own operator's tournaments only.

use super::harness::{two_operators, Api, TOKEN_A, TOKEN_B};
use std::sync::Arc;
use tourney::serve::Metrics;

const ROUTES: [&str; 4] = [
    "/v1/tournaments/race",
    "/v1/tournaments/race/leaderboard",
    "/v1/tournaments/race/players/a1",
    "/v1/tournaments/race/changes",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_or_a_bad_token_is_401() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    for route in ROUTES {
        let (status, body) = api.get(route, None).await;
        assert_eq!(status, 401, "{route}");
        assert!(
            body["error"].as_str().unwrap().contains("Authorization"),
            "{body}"
        );
        let (status, body) = api.get(route, Some("not-a-token")).await;
        assert_eq!(status, 401, "{route}");
        assert_eq!(body["error"], "unknown token");
    }
    let res = api
        .client
        .get(format!("{}{}", api.base, ROUTES[0]))
        .header("Authorization", format!("Basic {TOKEN_A}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    assert!(res.headers().contains_key("www-authenticate"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_operators_tournament_is_not_found() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    // `b-only` exists, but for operator B alone.
    for route in [
        "/v1/tournaments/b-only",
        "/v1/tournaments/b-only/leaderboard",
        "/v1/tournaments/b-only/players/b1",
        "/v1/tournaments/b-only/changes",
    ] {
        let (status, body) = api.get(route, Some(TOKEN_A)).await;
        assert_eq!(status, 404, "{route}");
        assert_eq!(
            body["error"],
            "no tournament `b-only` for operator `operator-a`"
        );
        let (status, _) = api
            .get(route.replace("/changes", "").as_str(), Some(TOKEN_B))
            .await;
        assert_eq!(status, 200, "{route}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_id_shows_each_operator_only_its_own_board() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let players = |body: &serde_json::Value| -> Vec<String> {
        body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["player"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, a) = api
        .get("/v1/tournaments/race/leaderboard", Some(TOKEN_A))
        .await;
    let (_, b) = api
        .get("/v1/tournaments/race/leaderboard", Some(TOKEN_B))
        .await;
    assert_eq!(players(&a), ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(players(&b), ["b1", "b2"]);
    let (status, _) = api
        .get("/v1/tournaments/race/players/b1", Some(TOKEN_A))
        .await;
    assert_eq!(status, 404, "B's player is not on A's board");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics_need_no_token() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let (status, body) = api.get("/healthz", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["tournaments"], 3);
    let (status, _) = api.text("/metrics").await;
    assert_eq!(status, 200);
}
