//! `tourney portal` as a user runs it, and `tourney portal hash-password`.

use super::harness::users_file;
use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tourney_portal_prints_its_address_and_users_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let users = dir.path().join("users.toml");
    std::fs::write(&users, users_file()).unwrap();
    let mut child = std::process::Command::cargo_bin("tourney")
        .unwrap()
        .args(["portal", "--listen", "127.0.0.1:0", "--workspace"])
        .arg(dir.path().join("ws"))
        .arg("--users")
        .arg(&users)
        .env("TOURNEY_TOKENS", "op-a=token-a")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.trim().strip_prefix("portal on ") {
            addr = Some(rest.to_string());
            break;
        }
        line.clear();
    }
    let base = addr.expect("the portal prints `portal on http://ADDR`");
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/v1/session"))
        .json(&serde_json::json!({"operator": "op-a", "user": "ann", "password": "pw-ann"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let res = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let res = client
        .get(format!("{base}/v1/portal/templates"))
        .bearer_auth("token-a")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.path().join("ws").join(".tourney").is_dir());
}

#[test]
fn hash_password_prints_an_argon2_hash_that_signs_in() {
    let out = Command::cargo_bin("tourney")
        .unwrap()
        .args(["portal", "hash-password"])
        .write_stdin("s3cret\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(tourney::portal::auth::password::verify(
        "s3cret",
        hash.trim()
    ));
    assert!(!tourney::portal::auth::password::verify(
        "s3cret\n",
        hash.trim()
    ));
    let out = Command::cargo_bin("tourney")
        .unwrap()
        .args(["portal", "hash-password"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
