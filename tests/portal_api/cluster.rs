//! Activation through ksqlDB (`tourney portal --ksqldb URL`): the plan and the
//! statements of `tourney deploy`, sent to the fake ksqlDB of the deploy tests; a
//! failure says what was done and a second activation finishes the job; retiring drops
//! what activating created.

use super::harness::Portal;
use crate::fake_ksqldb::{FakeKsqlDb, Fault};
use serde_json::{json, Value};
use std::time::Duration;
use tourney::cli::workers::{WorkerArgs, Workers};
use tourney::deploy::{Client, ClientConfig};
use tourney::portal::activate::Cluster;

fn cluster(fake: &FakeKsqlDb) -> Cluster {
    let mut cfg = ClientConfig::new(fake.url.clone());
    cfg.request_timeout = Duration::from_secs(5);
    Cluster {
        client: Client::new(cfg).unwrap(),
        workers: WorkerArgs {
            workers: Workers::None,
            ..WorkerArgs::default()
        },
        running_timeout: Duration::from_secs(10),
    }
}

/// `(step, state)` of an answer: a success's `steps`, or a failure's `error.steps`.
fn states(v: &Value) -> Vec<String> {
    let steps = if v["steps"].is_array() {
        &v["steps"]
    } else {
        &v["error"]["steps"]
    };
    steps
        .as_array()
        .map(|s| s.iter().map(|s| s["state"].to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activating_through_ksqldb_deploys_finishes_after_a_failure_and_retires() {
    let fake = FakeKsqlDb::start();
    let p = Portal::start_with(Some(cluster(&fake))).await;
    let ann = p.sign_in("op-a", "ann").await;
    let hash = p.create(&ann, "race", "op-a").await;
    let path = |rest: &str| format!("/v1/portal/tournaments/race{rest}");

    let (status, plan) = p.post(&path("/plan"), &ann, json!({"version": hash})).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["target"], fake.url.as_str());
    assert!(
        plan["actions"].as_array().is_some_and(|a| !a.is_empty()),
        "{plan}"
    );

    // The second statement fails: the answer says what was done and what was not.
    fake.with(|s| s.faults.insert(2, Fault::ServerError));
    let (status, failed) = p
        .post(&path("/activate"), &ann, json!({"version": hash}))
        .await;
    assert_eq!(status, 502, "{failed}");
    assert_eq!(failed["error"]["code"], "incomplete", "{failed}");
    let s = states(&failed);
    assert!(s.iter().any(|x| x.contains("done")), "{failed}");
    assert!(s.iter().any(|x| x.contains("failed")), "{failed}");
    assert!(s.iter().any(|x| x.contains("not_run")), "{failed}");

    // Again: the rest is done, and the stream is on the cluster.
    let (status, done) = p
        .post(&path("/activate"), &ann, json!({"version": hash}))
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["state"], "done");
    let streams = fake.stream_names();
    assert!(
        streams
            .iter()
            .any(|n| n.to_ascii_lowercase().contains("race")),
        "{streams:?}"
    );
    let (_, t) = p.get(&path(""), &ann).await;
    assert_eq!(t["live_version"], hash.as_str());
    assert_eq!(t["phase"], "scheduled", "it starts in 2030");

    let (status, retired) = p.post(&path("/retire"), &ann, json!({})).await;
    assert_eq!(status, 200, "{retired}");
    let streams = fake.stream_names();
    assert!(
        !streams
            .iter()
            .any(|n| n.to_ascii_lowercase().contains("race")),
        "{streams:?}"
    );
}
