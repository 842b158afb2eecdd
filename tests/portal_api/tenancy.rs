//! Operator isolation: operator B neither sees nor changes operator A's tournament, in
//! any route; it answers 404 as a tournament that does not exist.

use super::harness::{source, Portal, Who, TOKEN_B};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_b_cannot_see_or_change_operator_as_tournament() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let hash = p.create(&ann, "race", "op-a").await;
    let (status, _) = p
        .post("/v1/portal/tournaments/race/activate", &ann, json!({"version": hash, "feed": {"generate": {"events": 200, "players": 10, "seed": 1}}}))
        .await;
    assert_eq!(status, 200);
    let bob = p.sign_in("op-b", "bob").await;
    for who in [bob, Who::Bearer(TOKEN_B)] {
        let (_, list) = p.get("/v1/portal/tournaments", &who).await;
        assert_eq!(list, json!([]));
        let t = "/v1/portal/tournaments/race";
        let gets = [
            t.to_string(),
            format!("{t}/versions"),
            format!("{t}/versions/{hash}"),
            format!("{t}/diff?from={hash}&to={hash}"),
            format!("{t}/schedule"),
            "/v1/tournaments/race".to_string(),
            "/v1/tournaments/race/leaderboard".to_string(),
        ];
        for route in &gets {
            let (status, _) = p.get(route, &who).await;
            assert_eq!(status, 404, "GET {route}");
        }
        let version = json!({"version": hash});
        let posts = [
            (format!("{t}/plan"), version.clone()),
            (format!("{t}/approvals"), version.clone()),
            (format!("{t}/approvals/{hash}/approve"), json!({})),
            (format!("{t}/activate"), version.clone()),
            (format!("{t}/retire"), json!({})),
        ];
        for (route, body) in &posts {
            let (status, _) = p.post(route, &who, body.clone()).await;
            assert_eq!(status, 404, "POST {route}");
        }
        let put = json!({"source": source("race", "op-b", ""), "base": hash});
        let (status, _) = p.call("PUT", t, &who, Some(put)).await;
        assert_eq!(status, 404, "PUT {t}");
    }
    // Nothing of op-a changed; its board still answers for op-a.
    let (_, t) = p.get("/v1/portal/tournaments/race", &ann).await;
    assert_eq!(t["head"], hash.as_str());
    let (_, audit) = p.get("/v1/portal/audit", &ann).await;
    assert!(audit.as_array().unwrap().iter().all(|e| e["user"] != "bob"));
    assert_eq!(p.get("/v1/tournaments/race/leaderboard", &ann).await.0, 200);
}
