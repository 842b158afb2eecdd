//! Tournaments and their versions: create, list, open, save, conflicts, versions,
//! diffs, the schedule, roles, the audit log.

use super::harness::{source, Portal};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_created_tournament_is_a_workspace_file_listed_as_a_draft() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let hash = p.create(&ann, "race", "op-a").await;
    assert_eq!(hash.len(), 64);
    let on_disk = std::fs::read_to_string(p.dir.path().join("op-a").join("race.tourney")).unwrap();
    assert_eq!(on_disk, source("race", "op-a", ""));
    let (status, err) = p
        .post(
            "/v1/portal/tournaments",
            &ann,
            json!({"source": source("race", "op-a", "")}),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("conflict"))
    );
    let (status, list) = p.get("/v1/portal/tournaments", &ann).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], "race");
    assert_eq!(list[0]["title"], "Race race");
    assert_eq!(list[0]["phase"], "draft");
    assert_eq!(list[0]["head"], hash.as_str());
    let (status, t) = p.get("/v1/portal/tournaments/race", &ann).await;
    assert_eq!(status, 200);
    assert_eq!(t["source"].as_str(), Some(on_disk.as_str()));
    assert_eq!(t["versions"].as_array().map(Vec::len), Some(1));
    assert_eq!(t["schedule"]["timezone"], "Europe/Malta");
    // A source of another operator, or with errors, is not saved.
    let (status, _) = p
        .post(
            "/v1/portal/tournaments",
            &ann,
            json!({"source": source("other", "op-b", "")}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = p
        .post(
            "/v1/portal/tournaments",
            &ann,
            json!({"source": "tournament {"}),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_from_a_stale_head_is_a_conflict_that_names_the_current_head() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let abe = p.sign_in("op-a", "abe").await;
    let first = p.create(&ann, "race", "op-a").await;
    let edit = |extra: &str| json!({"source": source("race", "op-a", extra), "base": first});
    let (status, v) = p
        .call(
            "PUT",
            "/v1/portal/tournaments/race",
            &abe,
            Some(edit("  description \"one\"\n")),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let second = v["hash"].as_str().unwrap().to_string();
    // Ann edited from the first version too: her save must not overwrite Abe's.
    let (status, err) = p
        .call(
            "PUT",
            "/v1/portal/tournaments/race",
            &ann,
            Some(edit("  description \"two\"\n")),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (409, Some("conflict")),
        "{err}"
    );
    assert_eq!(err["error"]["current"], second.as_str());
    let (_, t) = p.get("/v1/portal/tournaments/race", &ann).await;
    assert!(t["source"].as_str().unwrap().contains("\"one\""));
    // A source of another id is not saved under this one.
    let other = json!({"source": source("other", "op-a", ""), "base": second});
    let (status, _) = p
        .call("PUT", "/v1/portal/tournaments/race", &ann, Some(other))
        .await;
    assert_eq!(status, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_reads_but_cannot_save() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let vic = p.sign_in("op-a", "vic").await;
    let first = p.create(&ann, "race", "op-a").await;
    let (status, err) = p
        .post(
            "/v1/portal/tournaments",
            &vic,
            json!({"source": source("mine", "op-a", "")}),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let body = json!({"source": source("race", "op-a", "  description \"v\"\n"), "base": first});
    let (status, _) = p
        .call("PUT", "/v1/portal/tournaments/race", &vic, Some(body))
        .await;
    assert_eq!(status, 403);
    for route in [
        "/v1/portal/tournaments",
        "/v1/portal/tournaments/race",
        "/v1/portal/tournaments/race/versions",
    ] {
        assert_eq!(p.get(route, &vic).await.0, 200, "{route}");
    }
    let (status, _) = p
        .post(
            "/v1/portal/tournaments/race/plan",
            &vic,
            json!({"version": first}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_are_kept_compared_and_scheduled() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let first = p.create(&ann, "race", "op-a").await;
    let body = json!({"source": source("race", "op-a", "  description \"new\"\n"), "base": first});
    let (_, v) = p
        .call("PUT", "/v1/portal/tournaments/race", &ann, Some(body))
        .await;
    let second = v["hash"].as_str().unwrap().to_string();
    let (status, list) = p.get("/v1/portal/tournaments/race/versions", &ann).await;
    assert_eq!(status, 200);
    let hashes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["hash"].as_str().unwrap())
        .collect();
    assert_eq!(hashes, [first.as_str(), second.as_str()]);
    assert_eq!(list[1]["author"], "ann");
    let (status, one) = p
        .get(
            &format!("/v1/portal/tournaments/race/versions/{first}"),
            &ann,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        one["source"].as_str(),
        Some(source("race", "op-a", "").as_str())
    );
    let (status, diff) = p
        .get(
            &format!("/v1/portal/tournaments/race/diff?from={first}&to={second}"),
            &ann,
        )
        .await;
    assert_eq!(status, 200, "{diff}");
    let text = diff["lines"].to_string();
    assert!(text.contains("description \\\"new\\\""), "{text}");
    let (status, _) = p
        .get(
            &format!("/v1/portal/tournaments/race/versions/{}", "0".repeat(64)),
            &ann,
        )
        .await;
    assert_eq!(status, 404);
    let (status, s) = p.get("/v1/portal/tournaments/race/schedule", &ann).await;
    assert_eq!(status, 200);
    assert_eq!(s["start"]["utc"], "2030-01-04T00:00:00Z");
    assert_eq!(s["start"]["local"], "2030-01-04T01:00:00+01:00");
    assert_eq!(s["prewarm"]["utc"], "2030-01-03T22:00:00Z");
    assert_eq!(s["end"]["utc"], "2030-01-07T00:00:00Z");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_says_who_did_what_in_every_format() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let hash = p.create(&ann, "race", "op-a").await;
    p.post(
        "/v1/portal/preview",
        &ann,
        json!({"source": source("race", "op-a", "")}),
    )
    .await;
    let (status, log) = p.get("/v1/portal/audit", &ann).await;
    assert_eq!(status, 200);
    let save = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "save")
        .unwrap();
    assert_eq!(
        (save["user"].as_str(), save["version"].as_str()),
        (Some("ann"), Some(hash.as_str()))
    );
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e: &Value| e["action"] == "preview"));
    let res = p
        .send("GET", "/v1/portal/audit?format=ndjson", &ann, None)
        .await;
    assert_eq!(res.headers()["content-type"], "application/x-ndjson");
    let text = res.text().await.unwrap();
    assert!(
        text.lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
            && text.contains("\"save\"")
    );
    let res = p
        .send("GET", "/v1/portal/audit?format=csv", &ann, None)
        .await;
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.text().await.unwrap().contains("save"));
    let (status, _) = p.get("/v1/portal/audit?format=xml", &ann).await;
    assert_eq!(status, 400);
    // Another operator's log holds none of it.
    let bob = p.sign_in("op-b", "bob").await;
    let (_, log) = p.get("/v1/portal/audit", &bob).await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["operator"] == "op-b"),
        "{log}"
    );
}
