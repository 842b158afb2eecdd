//! The pages and the OpenAPI document: content types, the security headers, every
//! documented route answered by the server.

use super::harness::{Portal, Who, TOKEN_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_is_served_with_a_strict_policy_and_screens_fall_back_to_it() {
    let p = Portal::start().await;
    for path in ["/", "/portal/", "/portal/tournaments/race"] {
        let res = p.send("GET", path, &Who::Nobody, None).await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let h = res.headers();
        assert!(
            h["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h.contains_key("cache-control"));
    }
    let res = p
        .send("GET", "/portal/missing.js", &Who::Nobody, None)
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = p
        .send("GET", "/v1/portal/tournaments", &Who::Bearer(TOKEN_A), None)
        .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_of_the_openapi_document_is_served() {
    let p = Portal::start().await;
    let (status, doc) = p.get("/v1/openapi.json", &Who::Nobody).await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 30, "{}", paths.len());
    for (path, item) in paths {
        let concrete = path
            .replace("{id}", "race")
            .replace("{hash}", &"a".repeat(64))
            .replace("{player}", "p1");
        for method in ["get", "post", "put", "delete"] {
            if item.get(method).is_none() || concrete.ends_with("/changes") {
                continue;
            }
            let res = p
                .send(
                    &method.to_uppercase(),
                    &concrete,
                    &Who::Bearer(TOKEN_A),
                    None,
                )
                .await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap();
            assert!(!body.contains("no such route"), "{method} {path}: {body}");
            assert_ne!(status, 405, "{method} {path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_not_json_is_a_json_error() {
    let p = Portal::start().await;
    let res = p
        .client
        .post(format!("{}/v1/portal/check", p.base))
        .bearer_auth(TOKEN_A)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
}
