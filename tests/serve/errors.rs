//! Every error answer is `{"error": "..."}` with its status and a JSON content type,
//! whatever produced it: a handler, the router, or a path that does not decode.

use super::harness::{two_operators, Api, TOKEN_A};
use std::sync::Arc;
use tourney::serve::Metrics;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_json_errors() {
    let metrics = Arc::new(Metrics::new());
    let (registry, _pipeline) = two_operators(&metrics);
    let api = Api::start(registry, metrics).await;
    let cases: [(&str, &str, Option<&str>, u16); 10] = [
        ("GET", "/v1/tournaments/%ff", Some(TOKEN_A), 400),
        ("GET", "/v1/tournaments/%ff/leaderboard", Some(TOKEN_A), 400),
        (
            "GET",
            "/v1/tournaments/race/players/%ff%fe",
            Some(TOKEN_A),
            400,
        ),
        ("GET", "/v1/tournaments/%ff/changes", Some(TOKEN_A), 400),
        (
            "GET",
            "/v1/tournaments/race/leaderboard?top=x",
            Some(TOKEN_A),
            400,
        ),
        ("GET", "/v1/tournaments/race", None, 401),
        ("GET", "/v1/tournaments/nope", Some(TOKEN_A), 404),
        ("GET", "/no/such/route", None, 404),
        ("POST", "/healthz", None, 405),
        ("DELETE", "/v1/tournaments/race", Some(TOKEN_A), 405),
    ];
    for (method, path, token, status) in cases {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = api
            .client
            .request(method.clone(), format!("{}{path}", api.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let what = format!("{method} {path}");
        assert_eq!(res.status().as_u16(), status, "{what}");
        let content_type = res.headers().get("content-type").cloned();
        assert_eq!(
            content_type.as_ref().and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "{what}"
        );
        if status == 405 {
            assert!(res.headers().contains_key("allow"), "{what}");
        }
        let body: serde_json::Value = res.json().await.unwrap();
        let message = body["error"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{what}: {body}");
    }
}
