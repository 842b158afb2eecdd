//! A change to a tournament's `score` or `leaderboard` block alone is part of the plan.

use super::*;

fn with_points(points: &str) -> String {
    tournament("op-a", "spring-slots", "slots")
        .replace("points = wager.amount", &format!("points = {points}"))
}

/// One tournament deployed with Kubernetes workers: the fake, the files, the manifests.
fn deployed_with_k8s_workers() -> (FakeKsqlDb, tempfile::TempDir, tempfile::TempDir) {
    let fake = FakeKsqlDb::start();
    let dir = files(&[("spring.tourney", with_points("wager.amount"))]);
    let out_dir = tempfile::tempdir().unwrap();
    run("deploy", dir.path(), &fake)
        .args(k8s_args(&out_dir))
        .assert()
        .code(0);
    (fake, dir, out_dir)
}

fn k8s_args(out_dir: &tempfile::TempDir) -> [String; 4] {
    [
        "--workers",
        "k8s",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]
    .map(String::from)
}

/// The scoring-only change every test makes: points doubled.
fn change_the_points(dir: &tempfile::TempDir) {
    std::fs::write(path(dir, "spring.tourney"), with_points("wager.amount * 2")).unwrap();
}

#[test]
fn a_scoring_only_change_shows_in_plan_and_is_refused_while_running() {
    let (fake, dir, out_dir) = deployed_with_k8s_workers();
    let k8s = k8s_args(&out_dir);
    let manifest = out_dir.path().join(format!(
        "tournaments-{:02}.yaml",
        tourney::deploy::k8s::shards::shard_of("op-a", "spring-slots")
    ));
    let first = std::fs::read_to_string(&manifest).unwrap();
    assert!(first.contains("tournament \"spring-slots\""), "{first}");
    run_at("plan", dir.path(), &fake, DURING)
        .args(&k8s)
        .assert()
        .code(0);

    change_the_points(&dir);
    let out = run_at("plan", dir.path(), &fake, DURING)
        .args(&k8s)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("! refused       op-a/spring-slots: the scoring config (score or leaderboard) differs from the one its workers run"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("use --force to change it"));
    // deploy refuses and leaves the manifests as they were.
    let out = run_at("deploy", dir.path(), &fake, DURING)
        .args(&k8s)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1 change was refused"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), first);
    // --force rewrites them; then nothing is pending.
    run_at("deploy", dir.path(), &fake, DURING)
        .args(&k8s)
        .arg("--force")
        .assert()
        .code(0);
    assert_ne!(std::fs::read_to_string(&manifest).unwrap(), first);
    run_at("plan", dir.path(), &fake, DURING)
        .args(&k8s)
        .assert()
        .code(0);
}

#[test]
fn a_scoring_only_change_before_the_start_is_a_rescore() {
    let (fake, dir, out_dir) = deployed_with_k8s_workers();
    let k8s = k8s_args(&out_dir);
    change_the_points(&dir);
    let out = run("plan", dir.path(), &fake).args(&k8s).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("~ rescore       op-a/spring-slots: the scoring config"),
        "{}",
        stdout(&out)
    );
    let writes = fake.writes().len();
    run("deploy", dir.path(), &fake).args(&k8s).assert().code(0);
    assert_eq!(
        fake.writes().len(),
        writes,
        "no ksqlDB statement for a rescore"
    );
    run("plan", dir.path(), &fake).args(&k8s).assert().code(0);
}

#[test]
fn a_local_worker_running_another_scoring_config_is_named() {
    let fake = FakeKsqlDb::start();
    let dir = files(&[("spring.tourney", with_points("wager.amount"))]);
    let bin = tempfile::tempdir().unwrap();
    let script = bin.path().join("worker.sh");
    std::fs::write(&script, super::workers::WORKER).unwrap();
    let run_dir = tempfile::tempdir().unwrap();
    let cmd = format!("sh {}", script.display());
    let local = [
        "--workers",
        "local",
        "--run-dir",
        run_dir.path().to_str().unwrap(),
        "--worker-command",
        &cmd,
    ];
    let conn = [
        "--brokers",
        "kafka:9092",
        "--redis",
        "redis://r",
        "--postgres",
        "postgres://p/db",
    ];
    run("deploy", dir.path(), &fake)
        .args(local)
        .args(conn)
        .assert()
        .code(0);
    assert!(run_dir.path().join("op-a.spring-slots.scoring").exists());
    change_the_points(&dir);
    let out = run_at("plan", dir.path(), &fake, DURING)
        .args(local)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("! refused       op-a/spring-slots: the scoring config"),
        "{}",
        stdout(&out)
    );
    let mut retire = tourney();
    retire
        .args([
            "retire",
            "spring-slots",
            "--operator",
            "op-a",
            "--ksqldb",
            &fake.url,
        ])
        .args(local);
    retire.assert().code(0);
}
