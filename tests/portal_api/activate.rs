//! Plan, activate on the embedded runtime, the live board through the read API with the
//! session cookie, retire.

use super::harness::{Portal, Who};
use serde_json::{json, Value};

/// Waits until the live tournament's input is all scored (bounded: the feed of a few
/// hundred events takes milliseconds).
async fn finished(p: &Portal, who: &Who, id: &str) -> Value {
    for _ in 0..600 {
        let (status, s) = p.get(&format!("/v1/tournaments/{id}"), who).await;
        if status == 200 && s["phase"] == "finished" {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the run of `{id}` did not finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activated_tournament_runs_embedded_and_its_board_answers_the_session() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let hash = p.create(&ann, "race", "op-a").await;
    let (status, plan) = p
        .post(
            "/v1/portal/tournaments/race/plan",
            &ann,
            json!({"version": hash}),
        )
        .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["target"], "embedded");
    assert_eq!(plan["actions"][0]["kind"], "create");
    let feed = json!({"generate": {"events": 400, "players": 25, "seed": 9}});
    let (status, done) = p
        .post(
            "/v1/portal/tournaments/race/activate",
            &ann,
            json!({"version": hash, "feed": feed}),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["state"], "done");
    assert!(done["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["state"] == "done"));
    let status = finished(&p, &ann, "race").await;
    assert!(status["counted"].as_u64().unwrap() > 0, "{status}");
    let Who::User { cookie, .. } = &ann else {
        unreachable!()
    };
    let (code, board) = p
        .get(
            "/v1/tournaments/race/leaderboard",
            &Who::CookieOnly(cookie.clone()),
        )
        .await;
    assert_eq!(code, 200, "{board}");
    assert!(
        board["entries"].as_array().is_some_and(|e| !e.is_empty()),
        "{board}"
    );
    let (_, list) = p.get("/v1/portal/tournaments", &ann).await;
    assert_eq!(list[0]["phase"], "finished");
    assert!(list[0]["players"].as_u64().unwrap() > 0);
    // Planning again: the run would be replaced.
    let (_, plan) = p
        .post(
            "/v1/portal/tournaments/race/plan",
            &ann,
            json!({"version": hash}),
        )
        .await;
    assert_eq!(plan["actions"][0]["kind"], "replace");
    let (_, t) = p.get("/v1/portal/tournaments/race", &ann).await;
    assert_eq!(t["live_version"], hash.as_str());
    // Players open the live tournament's page on the portal's own server; the page
    // keeps its policy (it may be embedded), the portal's screens keep theirs.
    let res = p.send("GET", "/play/op-a/race", &Who::Nobody, None).await;
    assert_eq!(res.status().as_u16(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(!res.headers().contains_key("x-frame-options"));
    let (code, board) = p.get("/v1/play/op-a/race/board", &Who::Nobody).await;
    assert_eq!(code, 200, "{board}");
    assert!(board["players"].as_u64().unwrap() > 0, "{board}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ndjson_feed_runs_and_a_retired_tournament_leaves_the_board() {
    let p = Portal::start().await;
    let abe = p.sign_in("op-a", "abe").await;
    let hash = p.create(&abe, "race", "op-a").await;
    let line = r#"{"wagerId":"w1","playerId":"p1","operatorId":"op-a","gameId":"g","gameCategory":"slots","wagerAmount":5,"currency":"EUR","winAmount":0,"playerSegment":"VIP","jurisdiction":"MT","timestamp":"2030-01-04T10:00:00Z"}"#;
    let body = json!({"version": hash, "feed": {"ndjson": format!("{line}\nnot json\n")}});
    let (status, done) = p
        .post("/v1/portal/tournaments/race/activate", &abe, body)
        .await;
    assert_eq!(status, 200, "{done}");
    let s = finished(&p, &abe, "race").await;
    assert_eq!(s["counted"], 1);
    let (status, r) = p
        .post("/v1/portal/tournaments/race/retire", &abe, json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(p.get("/v1/tournaments/race/leaderboard", &abe).await.0, 404);
    let (_, list) = p.get("/v1/portal/tournaments", &abe).await;
    assert_eq!(list[0]["phase"], "retired");
    let (_, log) = p.get("/v1/portal/audit", &abe).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"activate") && actions.contains(&"retire"),
        "{actions:?}"
    );
    // A version that does not exist cannot be activated.
    let (status, _) = p
        .post(
            "/v1/portal/tournaments/race/activate",
            &abe,
            json!({"version": "f".repeat(64)}),
        )
        .await;
    assert_eq!(status, 404);
}
