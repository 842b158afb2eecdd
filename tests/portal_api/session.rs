//! Signing in and out, the session cookie, CSRF.

use super::harness::{Portal, Who, TOKEN_A};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_signs_in_with_an_http_only_strict_cookie_and_reads_the_session() {
    let p = Portal::start().await;
    let res = p
        .send(
            "POST",
            "/v1/session",
            &Who::Nobody,
            Some(json!({"operator": "op-a", "user": "ann", "password": "pw-ann"})),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["tourney_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "no https here: {cookie}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["operator"], "op-a");
    assert_eq!(body["user"], "ann");
    assert_eq!(body["role"], "editor");
    assert_eq!(body["four_eyes"], false);
    assert_eq!(body["csrf"].as_str().unwrap().len(), 64);

    let who = p.sign_in("op-c", "cat").await;
    let (status, me) = p.get("/v1/session", &who).await;
    assert_eq!(status, 200);
    assert_eq!(
        (me["user"].as_str(), me["four_eyes"].as_bool()),
        (Some("cat"), Some(true))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_an_unknown_user_or_another_operator_is_401() {
    let p = Portal::start().await;
    for body in [
        json!({"operator": "op-a", "user": "ann", "password": "pw-abe"}),
        json!({"operator": "op-a", "user": "nobody", "password": "pw-ann"}),
        json!({"operator": "op-b", "user": "ann", "password": "pw-ann"}),
        json!({"operator": "op-b", "token": TOKEN_A}),
    ] {
        let (status, err) = p.post("/v1/session", &Who::Nobody, body.clone()).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(err["error"]["code"], "unauthorized");
    }
    let (status, err) = p
        .post("/v1/session", &Who::Nobody, json!({"operator": "op-a"}))
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let (status, _) = p.get("/v1/session", &Who::Nobody).await;
    assert_eq!(status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_token_signs_in_as_an_approver() {
    let p = Portal::start().await;
    let (status, s) = p
        .post(
            "/v1/session",
            &Who::Nobody,
            json!({"operator": "op-a", "token": TOKEN_A}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (s["role"].as_str(), s["user"].as_str()),
        (Some("approver"), Some("api-token"))
    );
    let (status, s) = p.get("/v1/session", &Who::Bearer(TOKEN_A)).await;
    assert_eq!(
        (status, s["operator"].as_str(), s["csrf"].as_str()),
        (200, Some("op-a"), Some(""))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_request_that_changes_state_needs_the_csrf_token() {
    let p = Portal::start().await;
    let Who::User { cookie, csrf } = p.sign_in("op-a", "ann").await else {
        unreachable!()
    };
    let body = json!({"source": super::harness::source("race", "op-a", "")});
    let (status, err) = p
        .call(
            "POST",
            "/v1/portal/tournaments",
            &Who::CookieOnly(cookie.clone()),
            Some(body.clone()),
        )
        .await;
    assert_eq!((status, err["error"]["code"].as_str()), (403, Some("csrf")));
    let wrong = Who::User {
        cookie: cookie.clone(),
        csrf: "0".repeat(64),
    };
    let (status, err) = p
        .call("POST", "/v1/portal/check", &wrong, Some(body.clone()))
        .await;
    assert_eq!((status, err["error"]["code"].as_str()), (403, Some("csrf")));
    // Nothing was created; a read needs no token.
    let (status, list) = p
        .get("/v1/portal/tournaments", &Who::CookieOnly(cookie.clone()))
        .await;
    assert_eq!((status, list), (200, json!([])));
    let ok = Who::User { cookie, csrf };
    let (status, _) = p
        .call("POST", "/v1/portal/tournaments", &ok, Some(body))
        .await;
    assert_eq!(status, 201);
    // A bearer token carries no cookie and needs no CSRF token.
    let (status, _) = p
        .post(
            "/v1/portal/check",
            &Who::Bearer(TOKEN_A),
            json!({"source": "x"}),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session() {
    let p = Portal::start().await;
    let who = p.sign_in("op-a", "ann").await;
    let Who::User { cookie, .. } = &who else {
        unreachable!()
    };
    let res = p
        .send(
            "DELETE",
            "/v1/session",
            &Who::CookieOnly(cookie.clone()),
            None,
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        403,
        "sign-out is a change: it needs the CSRF token"
    );
    let res = p.send("DELETE", "/v1/session", &who, None).await;
    assert_eq!(res.status().as_u16(), 204);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (status, _) = p.get("/v1/session", &who).await;
    assert_eq!(status, 401);
}
