//! `tourney run` as a user runs it: its final board equals `tourney dry-run`'s.

use assert_cmd::Command;

pub const FILE: &str = "examples/tournaments/weekend-slots.tourney";

fn tourney() -> Command {
    Command::cargo_bin("tourney").unwrap()
}

fn gen_args<'a>(n: &'a str, players: &'a str) -> Vec<&'a str> {
    vec!["--events", n, "--players", players, "--seed", "11"]
}

/// The table rows after the first header line, up to the first blank line.
fn board(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    text.lines()
        .skip_while(|l| !l.trim_start().starts_with("place"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Writes `n` generated wagers of `players` players (seed 11) to `events`.
fn generate(events: &std::path::Path, n: &str, players: &str) {
    let mut gen = vec!["gen-events", "--tournament", FILE];
    gen.extend(gen_args(n, players));
    tourney()
        .args(&gen)
        .arg("--out")
        .arg(events)
        .assert()
        .success();
}

/// `tourney run FILE --listen 127.0.0.1:0 --exit-when-done` plus `input`; it must succeed.
fn run_until_done(input: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = tourney()
        .args(["run", FILE, "--listen", "127.0.0.1:0", "--exit-when-done"])
        .args(input)
        .env_remove("TOURNEY_TOKENS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn dry_run(events: &std::path::Path) -> Vec<String> {
    let out = tourney()
        .args(["dry-run", FILE, "--events"])
        .arg(events)
        .output()
        .unwrap();
    assert!(out.status.success());
    board(&out.stdout)
}

#[test]
fn run_over_an_events_file_ends_on_the_dry_run_board() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    generate(&events, "5000", "300");
    let out = run_until_done(&["--events".as_ref(), events.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read API on http://127.0.0.1:"), "{stderr}");
    assert!(
        !stderr.contains("127.0.0.1:0 "),
        "the actual port is printed: {stderr}"
    );
    let run_board = board(&out.stdout);
    assert!(run_board.len() >= 3, "a board: {run_board:?}");
    assert_eq!(run_board, dry_run(&events));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("== weekend-slots-2024-11 (operator-123)"),
        "{stdout}"
    );
    assert!(stdout.contains("malformed"), "{stdout}");
}

/// The summary after the board: from the counters line to the players line.
fn summary(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    let mut lines: Vec<String> = text
        .lines()
        .skip_while(|l| !l.contains(" lines: "))
        .map(str::to_string)
        .collect();
    let end = lines.iter().position(|l| l.contains("players ranked"));
    lines.truncate(end.map_or(0, |e| e + 1));
    lines
}

#[test]
fn run_prints_the_dry_run_summary() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    generate(&events, "3000", "200");
    let out = run_until_done(&["--events".as_ref(), events.as_os_str()]);
    let dry = tourney()
        .args(["dry-run", FILE, "--events"])
        .arg(&events)
        .output()
        .unwrap();
    let expected = summary(&dry.stdout);
    assert!(
        expected.iter().any(|l| l.contains("ineligible by")),
        "per-rule lines: {expected:?}"
    );
    assert_eq!(summary(&out.stdout), expected);
}

#[test]
fn run_with_generate_equals_gen_events_then_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    generate(&events, "20000", "2000");
    let args = ["--generate", "20000", "--players", "2000", "--seed", "11"];
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let out = run_until_done(&args);
    let expected = dry_run(&events);
    assert!(expected.len() >= 20, "a full board: {expected:?}");
    assert_eq!(board(&out.stdout), expected);
}

#[test]
fn an_unreadable_events_file_stops_the_run_before_it_listens() {
    let out = tourney()
        .args([
            "run",
            FILE,
            "--listen",
            "127.0.0.1:0",
            "--events",
            "no/such.ndjson",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read `no/such.ndjson`"), "{stderr}");
    assert!(!stderr.contains("read API on"), "{stderr}");
}

#[test]
fn run_needs_events_or_generate() {
    let out = tourney()
        .args(["run", FILE, "--exit-when-done"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--events"));
}

/// Reads stderr lines until the API address shows.
pub fn api_address(stderr: std::process::ChildStderr) -> String {
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(stderr).lines();
    loop {
        let line = lines.next().expect("the address on stderr").unwrap();
        if let Some(rest) = line.strip_prefix("read API on ") {
            let addr = rest.split_whitespace().next().unwrap().to_string();
            // Keep draining stderr so the child never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return addr;
        }
    }
}

/// Kills the child if the test fails before it ends it.
pub struct Guard(pub Option<std::process::Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(c) = self.0.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_serves_the_board_until_interrupted() {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tourney"))
        .args([
            "run",
            FILE,
            "--listen",
            "127.0.0.1:0",
            "--generate",
            "20000",
            "--players",
            "2000",
            "--seed",
            "11",
            "--log-format",
            "json",
        ])
        .env("TOURNEY_TOKENS", "operator-123=demo-token")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut guard = Guard(Some(child));
    let stderr = guard.0.as_mut().unwrap().stderr.take().unwrap();
    let base = api_address(stderr);
    let client = reqwest::Client::new();
    let url = format!("{base}/v1/tournaments/weekend-slots-2024-11");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let status = get_json(&client, &url).await;
        if status["phase"] == "finished" {
            assert_eq!(status["events"], 20302, "{status}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never finished: {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let board = get_json(&client, &format!("{url}/leaderboard?top=1")).await;
    assert_eq!(board["entries"][0]["player"], "player-000549", "{board}");
    let status = client.get(&url).send().await.unwrap().status().as_u16();
    assert_eq!(status, 401, "no token, no board");

    let child = guard.0.take().unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "Ctrl-C ends the run cleanly");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("player-000549"), "{stdout}");
}

/// `GET url` with the demo token, as JSON.
async fn get_json(client: &reqwest::Client, url: &str) -> serde_json::Value {
    let resp = client
        .get(url)
        .bearer_auth("demo-token")
        .send()
        .await
        .unwrap();
    resp.json().await.unwrap()
}

/// Ctrl-C at any moment of a run ends it cleanly, even while the input is still being
/// read: the handler is in place before the API address is printed.
#[test]
fn ctrl_c_during_the_input_stops_it_and_ends_cleanly() {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tourney"))
        .args(["run", FILE, "--listen", "127.0.0.1:0"])
        .args(["--generate", "100000000", "--rate", "200"])
        .env_remove("TOURNEY_TOKENS")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut guard = Guard(Some(child));
    let stderr = guard.0.as_mut().unwrap().stderr.take().unwrap();
    api_address(stderr);
    let child = guard.0.take().unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "Ctrl-C ends the run cleanly: {:?}",
        out.status
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(" lines: "), "the boards so far: {stdout}");
}

/// A tournament is identified by (operator, id): two operators may use one id, and
/// `tourney run` scores both side by side, each with its own board.
#[test]
fn two_operators_with_the_same_id_validate_and_run_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(FILE).unwrap();
    let other = source.replace("operator \"operator-123\"", "operator \"operator-456\"");
    assert_ne!(source, other);
    std::fs::write(dir.path().join("a.tourney"), &source).unwrap();
    std::fs::write(dir.path().join("b.tourney"), &other).unwrap();
    tourney().arg("validate").arg(dir.path()).assert().success();

    let events = dir.path().join("events.ndjson");
    generate(&events, "3000", "200");
    // The second operator's copy of the traffic, other scores.
    let text = std::fs::read_to_string(&events).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for l in text.lines().step_by(2) {
        lines.push(
            l.replace("\"operator-123\"", "\"operator-456\"")
                .replace("\"wagerId\":\"", "\"wagerId\":\"b-"),
        );
    }
    std::fs::write(&events, lines.join("\n")).unwrap();
    let out = tourney()
        .args(["run"])
        .arg(dir.path().join("a.tourney"))
        .arg(dir.path().join("b.tourney"))
        .args(["--listen", "127.0.0.1:0", "--exit-when-done", "--events"])
        .arg(&events)
        .env_remove("TOURNEY_TOKENS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = stdout
        .find("== weekend-slots-2024-11 (operator-123)")
        .expect("board a");
    let b = stdout
        .find("== weekend-slots-2024-11 (operator-456)")
        .expect("board b");
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let boards = [
        board(stdout[first..second].as_bytes()),
        board(stdout[second..].as_bytes()),
    ];
    assert!(boards[0].len() >= 3 && boards[1].len() >= 3, "{stdout}");
    assert_ne!(boards[0], boards[1], "two boards, not one shared");

    // Output naming a tournament says whose it is.
    let out = tourney().arg("test").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    for op in ["operator-123", "operator-456"] {
        let line = format!("test {op}/weekend-slots-2024-11 :: ");
        assert!(stdout.contains(&line), "{stdout}");
    }
    let both = dir.path().join("both.tourney");
    std::fs::write(&both, format!("{source}\n{other}")).unwrap();
    let dry = |id: &str| {
        tourney()
            .args(["dry-run"])
            .arg(&both)
            .args(["--id", id, "--events"])
            .arg(&events)
            .output()
            .unwrap()
    };
    let out = dry("weekend-slots-2024-11");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give `--id OPERATOR/weekend-slots-2024-11`"),
        "{stderr}"
    );
    let out = dry("operator-456/weekend-slots-2024-11");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(board(&out.stdout), boards[if a < b { 1 } else { 0 }]);
}
