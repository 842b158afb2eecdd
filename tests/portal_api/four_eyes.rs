//! Four eyes (operator `op-c`): a version goes live only once a second user approves
//! it, after seeing the diff; nobody approves their own version.

use super::harness::{source, Portal};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editor_cannot_activate_alone_and_the_approver_sees_the_diff_first() {
    let p = Portal::start().await;
    let cat = p.sign_in("op-c", "cat").await;
    let cal = p.sign_in("op-c", "cal").await;
    let first = p.create(&cat, "race", "op-c").await;
    let body =
        json!({"source": source("race", "op-c", "  description \"more prizes\"\n"), "base": first});
    let (_, v) = p
        .call("PUT", "/v1/portal/tournaments/race", &cat, Some(body))
        .await;
    let second = v["hash"].as_str().unwrap().to_string();
    let activate =
        json!({"version": second, "feed": {"generate": {"events": 100, "players": 10, "seed": 1}}});
    let (status, err) = p
        .post(
            "/v1/portal/tournaments/race/activate",
            &cat,
            activate.clone(),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("approval_required")),
        "{err}"
    );
    // The editor asks; the approval waits.
    let (status, a) = p
        .post(
            "/v1/portal/tournaments/race/approvals",
            &cat,
            json!({"version": second}),
        )
        .await;
    assert_eq!(
        (status, a["state"].as_str(), a["requested_by"].as_str()),
        (200, Some("pending"), Some("cat"))
    );
    let (_, pending) = p.get("/v1/portal/approvals", &cal).await;
    assert_eq!(pending[0]["version"], second.as_str());
    // An editor cannot approve.
    let approve = format!("/v1/portal/tournaments/race/approvals/{second}/approve");
    let (status, _) = p.post(&approve, &cat, json!({})).await;
    assert_eq!(status, 403);
    let (status, err) = p
        .post(
            "/v1/portal/tournaments/race/activate",
            &cat,
            activate.clone(),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("approval_required"))
    );
    // The approver reads the diff from what runs (nothing yet: the first version).
    let (status, diff) = p
        .get(
            &format!("/v1/portal/tournaments/race/diff?from={first}&to={second}"),
            &cal,
        )
        .await;
    assert_eq!(status, 200);
    assert!(diff["lines"].to_string().contains("more prizes"));
    let (status, a) = p.post(&approve, &cal, json!({})).await;
    assert_eq!(
        (status, a["state"].as_str(), a["decided_by"].as_str()),
        (200, Some("approved"), Some("cal")),
        "{a}"
    );
    let (status, done) = p
        .post("/v1/portal/tournaments/race/activate", &cat, activate)
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["state"], "done");
    // The first version was never approved: it cannot go live.
    let (status, _) = p
        .post(
            "/v1/portal/tournaments/race/activate",
            &cal,
            json!({"version": first}),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_approves_a_version_they_asked_for_or_wrote() {
    let p = Portal::start().await;
    let cal = p.sign_in("op-c", "cal").await;
    let cid = p.sign_in("op-c", "cid").await;
    let cat = p.sign_in("op-c", "cat").await;
    // Cal wrote it, Cid asks for its approval: neither may approve it.
    let first = p.create(&cal, "race", "op-c").await;
    p.post(
        "/v1/portal/tournaments/race/approvals",
        &cid,
        json!({"version": first}),
    )
    .await;
    let approve = |h: &str| format!("/v1/portal/tournaments/race/approvals/{h}/approve");
    for who in [&cal, &cid] {
        let (status, err) = p.post(&approve(&first), who, json!({})).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (403, Some("four_eyes")),
            "{err}"
        );
    }
    // Cat writes and asks; Cid approves; deciding again is refused.
    let body = json!({"source": source("race", "op-c", "  description \"b\"\n"), "base": first});
    let (_, v) = p
        .call("PUT", "/v1/portal/tournaments/race", &cat, Some(body))
        .await;
    let second = v["hash"].as_str().unwrap().to_string();
    p.post(
        "/v1/portal/tournaments/race/approvals",
        &cat,
        json!({"version": second}),
    )
    .await;
    let (status, _) = p.post(&approve(&second), &cid, json!({})).await;
    assert_eq!(status, 200);
    let reject = format!("/v1/portal/tournaments/race/approvals/{second}/reject");
    let (status, err) = p.post(&reject, &cal, json!({})).await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("refused")),
        "{err}"
    );
    let (_, log) = p.get("/v1/portal/audit", &cid).await;
    let refused: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "approve" && e["result"] == "refused")
        .map(|e| e["user"].as_str().unwrap())
        .collect();
    assert_eq!(refused, ["cal", "cid"]);
}
