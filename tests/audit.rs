#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Gaps, reconciliation and verification as an operator or an auditor runs them:
//! `tourney dry-run` reports the gaps and control mismatches of what it replayed,
//! `tourney reconcile` finds what an export has and the input lacks, and `tourney
//! verify` accepts a result only against the wagers it was computed from, with its
//! rules.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const RULES: &str = r#"tournament "audit" {
  title "Audit"
  operator "op-a"
  runs 2026-12-01T00:00:00Z .. 2026-12-02T00:00:00Z

  eligible when {
    game.category = "slots"
  }

  score {
    points = wager.amount
    currency EUR
  }

  leaderboard {
    size 10
    prizes {
      1: "100 EUR"
    }
  }
}
"#;

fn tourney() -> Command {
    Command::cargo_bin("tourney").unwrap()
}

/// Wager `i` of source `pos-1`, numbered `i`, a second apart.
fn wager(i: u64) -> String {
    let category = if i % 5 == 0 { "table" } else { "slots" };
    format!(
        r#"{{"wagerId":"w-{i}","playerId":"p-{}","operatorId":"op-a","gameCategory":"{category}","wagerAmount":{}.25,"currency":"EUR","timestamp":"2026-12-01T10:{:02}:{:02}Z","sourceId":"pos-1","sourceSeq":{i}}}"#,
        i % 7,
        i % 13 + 1,
        i / 60,
        i % 60
    )
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let f = Files {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(f.path("audit.tourney"), RULES).unwrap();
        f
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn lines(&self, name: &str, lines: impl Iterator<Item = String>) -> PathBuf {
        let text: String = lines.map(|l| l + "\n").collect();
        std::fs::write(self.path(name), text).unwrap();
        self.path(name)
    }
}

fn all() -> impl Iterator<Item = String> {
    (1..=600).map(wager)
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = tourney().args(args).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// `tourney COMMAND audit.tourney --FLAG PATH ... EXTRA...`.
fn on(f: &Files, command: &str, flags: &[(&str, &Path)], extra: &[&str]) -> (i32, String) {
    let file = f.path("audit.tourney");
    let mut args = vec![os(command), file.as_os_str()];
    for (flag, path) in flags {
        args.push(os(flag));
        args.push(path.as_os_str());
    }
    args.extend(extra.iter().map(|e| os(e)));
    run(&args)
}

fn audit(f: &Files, events: &Path) -> PathBuf {
    let record = f.path("result.json");
    let (code, text) = on(
        f,
        "dry-run",
        &[("--events", events), ("--audit", &record)],
        &[],
    );
    assert_eq!(code, 0, "{text}");
    record
}

fn verify(record: &Path, events: &Path, extra: &[&std::ffi::OsStr]) -> (i32, String) {
    let mut args = vec![
        os("verify"),
        record.as_os_str(),
        os("--events"),
        events.as_os_str(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn the_dry_run_reports_a_lost_range_and_only_that() {
    let f = Files::new();
    let whole = f.lines("all.ndjson", all());
    let (code, text) = on(&f, "dry-run", &[("--events", &whole)], &[]);
    assert_eq!(code, 0);
    assert!(text.contains("1 sources tracked: 0 gaps open"), "{text}");
    let lost = f.lines(
        "lost.ndjson",
        (1..=600).filter(|i| !(200..250).contains(i)).map(wager),
    );
    let (_, text) = on(&f, "dry-run", &[("--events", &lost)], &[]);
    assert!(text.contains("1 gaps open (50 wagers missing)"), "{text}");
    assert!(
        text.contains(r#"gap: source "pos-1" wagers 200-249 (50 missing)"#),
        "{text}"
    );
    let (_, json) = on(&f, "dry-run", &[("--events", &lost)], &["--format", "json"]);
    let report: serde_json::Value =
        serde_json::from_str(&json[..json.rfind('}').unwrap() + 1]).unwrap();
    assert_eq!(report["summary"]["sources"]["missing"], 50);
}

#[test]
fn a_control_record_that_does_not_match_is_reported() {
    let f = Files::new();
    let unnumbered = all()
        .take(30)
        .map(|l| l.replace(r#","sourceSeq":"#, r#","seq":"#));
    let control = r#"{"control":{"sourceId":"pos-1","from":"2026-12-01T10:00:00Z","to":"2026-12-01T10:01:00Z","wagers":31,"stakes":"1000"}}"#;
    let later = r#"{"wagerId":"z","playerId":"p-1","gameCategory":"slots","wagerAmount":1,"currency":"EUR","timestamp":"2026-12-01T11:00:00Z"}"#;
    let events = f.lines(
        "control.ndjson",
        unnumbered.chain([control.to_owned(), later.to_owned()]),
    );
    let (code, text) = on(&f, "dry-run", &[("--events", &events)], &[]);
    assert_eq!(code, 0);
    assert!(text.contains("1 control windows not matching"), "{text}");
    assert!(
        text.contains("31 wagers (1000 staked) produced, 30"),
        "{text}"
    );
}

#[test]
fn verify_accepts_only_the_wagers_and_rules_of_the_result() {
    let f = Files::new();
    let whole = f.lines("all.ndjson", all());
    let record = audit(&f, &whole);
    let (code, text) = verify(&record, &whole, &[]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with("ok: the result of `op-a/audit` matches"),
        "{text}"
    );

    // One counted wager removed (w-1 is a slots wager).
    let less = f.lines("less.ndjson", all().filter(|l| !l.contains(r#""w-1""#)));
    let (code, text) = verify(&record, &less, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("counted wagers: the record has 480"),
        "{text}"
    );
    assert!(text.contains("digest of the counted wagers"), "{text}");

    // One amount changed.
    let changed = f.lines("changed.ndjson", all().map(|l| l.replace(r#""w-2","playerId":"p-2","operatorId":"op-a","gameCategory":"slots","wagerAmount":3.25"#, r#""w-2","playerId":"p-2","operatorId":"op-a","gameCategory":"slots","wagerAmount":4.25"#)));
    let (code, text) = verify(&record, &changed, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("place "), "{text}");

    // Other rules.
    let other = f.path("other.tourney");
    std::fs::write(&other, RULES.replace("size 10", "size 20")).unwrap();
    let (code, text) = verify(&record, &whole, &[os("--tournament"), other.as_os_str()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("other rules"), "{text}");
    let (code, _) = verify(
        &record,
        &whole,
        &[os("--tournament"), f.path("audit.tourney").as_os_str()],
    );
    assert_eq!(code, 0);

    // A record edited by hand no longer matches its own fingerprint.
    let edited = std::fs::read_to_string(&record)
        .unwrap()
        .replace("\"size\": 10", "\"size\": 11");
    std::fs::write(&record, edited).unwrap();
    let (code, text) = verify(&record, &whole, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("the record was altered"), "{text}");
}

#[test]
fn reconcile_lists_the_missing_wagers_and_what_they_change() {
    let f = Files::new();
    let whole = f.lines("all.ndjson", all());
    let read = f.lines(
        "read.ndjson",
        all().filter(|l| !l.contains(r#""w-501""#) && !l.contains(r#""w-505""#)),
    );
    let missing = f.path("missing.ndjson");
    let (code, text) = on(
        &f,
        "reconcile",
        &[
            ("--expected", &whole),
            ("--counted", &read),
            ("--missing-out", &missing),
        ],
        &[],
    );
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("600 wagers expected, 598 read by the tournament: 2 missing (1 eligible, 1 of them count once sent), 0 unexpected"), "{text}");
    assert!(text.contains("missing: w-501 of p-4 (8.25)"), "{text}");
    assert!(
        text.contains("once the missing wagers are sent now:\n  p-4: place"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&missing).unwrap().lines().count(),
        2
    );
    let (code, text) = on(
        &f,
        "reconcile",
        &[("--expected", &whole), ("--counted", &whole)],
        &[],
    );
    assert_eq!(code, 0, "{text}");
}
