//! Workers: Kubernetes manifests (snapshot) and local processes with pid files.

use super::*;

#[test]
fn k8s_writes_one_pool_and_the_tournament_into_its_shard() {
    let fake = FakeKsqlDb::start();
    let dir = files(&[(
        "spring.tourney",
        tournament("op-a", "spring-slots", "slots"),
    )]);
    let out_dir = tempfile::tempdir().unwrap();
    let args = [
        "--workers",
        "k8s",
        "--out",
        out_dir.path().to_str().unwrap(),
        "--image",
        "registry.example/tourney:1.0",
        "--namespace",
        "tournaments",
    ];
    // Run from the files' directory, so the spans in the config name `spring.tourney`.
    let deploy = || {
        let mut c = tourney();
        c.current_dir(dir.path())
            .args([
                "deploy",
                "spring.tourney",
                "--ksqldb",
                &fake.url,
                "--now",
                BEFORE,
            ])
            .args(args);
        c
    };
    let out = deploy().output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("run: kubectl apply -f"),
        "{}",
        stdout(&out)
    );
    let read = |name: &str| std::fs::read_to_string(out_dir.path().join(name)).unwrap();
    let shard = format!(
        "tournaments-{:02}.yaml",
        tourney::deploy::k8s::shards::shard_of("op-a", "spring-slots")
    );
    let written = [read("pool.yaml"), read("autoscale.yaml"), read(&shard)];
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("k8s_pool", written[0]);
        insta::assert_snapshot!("k8s_autoscale_keda", written[1]);
        insta::assert_snapshot!("k8s_shard_spring_slots", written[2]);
    });
    // Every shard exists, so the pod's projected volume never names a missing one;
    // the others are empty.
    for n in 0..tourney::deploy::k8s::shards::SHARDS {
        let text = read(&format!("tournaments-{n:02}.yaml"));
        assert_eq!(
            text.contains("spring-slots"),
            format!("tournaments-{n:02}.yaml") == shard
        );
    }
    // Deploying again changes nothing.
    let again = deploy().output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("up to date"), "{}", stdout(&again));
    assert_eq!(read(&shard), written[2]);
    // Retiring removes the tournament from its shard; the pool stays.
    let out = tourney()
        .args([
            "retire",
            "spring-slots",
            "--operator",
            "op-a",
            "--ksqldb",
            &fake.url,
        ])
        .args([
            "--workers",
            "k8s",
            "--out",
            out_dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("removed op-a/spring-slots from the pool's tournaments"),
        "{}",
        stdout(&out)
    );
    assert!(!read(&shard).contains("spring-slots"));
    assert!(read("pool.yaml").contains("kind: Deployment"));
    assert!(read("observability/alerts.yaml").contains("alert: TourneySourceGapsOpen"));
}

#[test]
fn k8s_needs_an_output_directory_before_anything_is_sent() {
    let fake = FakeKsqlDb::start();
    let out = run("deploy", two().path(), &fake)
        .args(["--workers", "k8s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--workers k8s needs --out DIR"));
    assert!(fake.with(|s| s.requests.is_empty()));
}

pub const WORKER: &str = r#"#!/bin/sh
# A stand-in for `tourney worker`: records its arguments, writes a final record on SIGUSR1.
dir=$(dirname "$0")
echo "$@" > "$dir/args.$$"
trap 'echo final > "$dir/final.$$"; exit 0' USR1
while true; do sleep 0.05; done
"#;

#[test]
fn local_workers_start_once_and_stop_on_retire() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    let bin = tempfile::tempdir().unwrap();
    let script = bin.path().join("worker.sh");
    std::fs::write(&script, WORKER).unwrap();
    let run_dir = tempfile::tempdir().unwrap();
    let cmd = format!("sh {}", script.display());
    let local = |c: &mut Command| {
        c.args([
            "--workers",
            "local",
            "--run-dir",
            run_dir.path().to_str().unwrap(),
        ])
        .args(["--worker-command", &cmd]);
    };
    let mut deploy = run("deploy", dir.path(), &fake);
    local(&mut deploy);
    deploy.args([
        "--brokers",
        "kafka:9092",
        "--redis",
        "redis://r:6379",
        "--postgres",
        "postgres://p/db",
    ]);
    let out = deploy.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("started worker op-a/spring-slots (pid "));
    let pid_file = run_dir.path().join("op-a.spring-slots.pid");
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    // The worker got its file and connections.
    let args_file = bin.path().join(format!("args.{pid}"));
    let args = wait_for(&args_file);
    assert!(args.ends_with("spring.tourney --brokers kafka:9092 --redis redis://r:6379 --postgres postgres://p/db\n"), "{args}");
    // A second deploy does not start a second worker; one whose rules changed is
    // named, since it read its file when it started.
    std::fs::write(
        path(&dir, "live.tourney"),
        tournament("op-a", "live-race", "table"),
    )
    .unwrap();
    let mut again = run("deploy", dir.path(), &fake);
    local(&mut again);
    again.args([
        "--brokers",
        "kafka:9092",
        "--redis",
        "redis://r:6379",
        "--postgres",
        "postgres://p/db",
    ]);
    let out = again.output().unwrap();
    assert!(
        stdout(&out).contains(&format!(
            "worker op-a/spring-slots already running (pid {pid})\n"
        )),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("worker op-a/live-race already running (pid ")
            && stdout(&out).contains("restart it to score with the changed rules"),
        "{}",
        stdout(&out)
    );
    // Retire sends SIGUSR1 and waits; the worker writes its final record.
    for id in ["spring-slots", "live-race"] {
        let mut retire = tourney();
        retire.args(["retire", id, "--operator", "op-a", "--ksqldb", &fake.url]);
        local(&mut retire);
        let out = retire.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("stopped worker op-a/{id} (pid ")),
            "{}",
            stdout(&out)
        );
    }
    wait_for(&bin.path().join(format!("final.{pid}")));
    assert!(!pid_file.exists());
}

/// The content of `file` once a worker has written it (up to 10 s on a busy machine).
fn wait_for(file: &Path) -> String {
    for _ in 0..200 {
        if let Ok(text) = std::fs::read_to_string(file) {
            if text.ends_with('\n') {
                return text;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{} was not written", file.display());
}

/// The manifests pass Kubernetes' own schemas (strict: no unknown field), with the HPA
/// fallback as the autoscaler. The KEDA ScaledObject is a custom resource whose
/// schema is not published with Kubernetes; its snapshot is reviewed instead.
#[test]
fn k8s_manifests_pass_the_kubernetes_schemas() {
    let fake = FakeKsqlDb::start();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run("deploy", two().path(), &fake)
        .args([
            "--workers",
            "k8s",
            "--autoscaler",
            "hpa",
            "--namespace",
            "t",
        ])
        .arg("--out")
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let autoscale = std::fs::read_to_string(out_dir.path().join("autoscale.yaml")).unwrap();
    assert!(
        autoscale.contains("kind: HorizontalPodAutoscaler"),
        "{autoscale}"
    );
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 2 + tourney::deploy::k8s::shards::SHARDS);
    let path = std::env::var("TOURNEY_TEST_K8S_VALIDATE_PATH").expect(
        "TOURNEY_TEST_K8S_VALIDATE_PATH is not set: run `make services` (it installs kubernetes-validate)",
    );
    let check = std::process::Command::new("python3")
        .args(["-m", "kubernetes_validate", "--strict", "--no-warn"])
        .args(&files)
        .env("PYTHONPATH", path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{report}");
    for kind in [
        "deployment",
        "service",
        "poddisruptionbudget",
        "horizontalpodautoscaler",
        "configmap",
    ] {
        assert!(
            report.contains(&format!("passed for resource {kind}/")),
            "{kind}: {report}"
        );
    }
}
