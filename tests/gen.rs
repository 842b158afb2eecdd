#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! `tourney gen-events` and the `gen` library, judged from the outside: only the text
//! of the lines and the ingest parser are used to check what the traffic looks like.

use assert_cmd::Command;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use tourney::engine::ingest::parse_event;
use tourney::gen::{generate, traffic::burst_ms, GenOptions, Generator, LineKind};
use tourney::ir::WagerEvent;

const EVENTS: u64 = 100_000;

fn options() -> GenOptions {
    GenOptions {
        seed: 2024,
        events: EVENTS,
        players: 5_000,
        ..GenOptions::default()
    }
}

/// Every line of one run, parsed.
struct Run {
    lines: Vec<String>,
    parsed: Vec<Result<WagerEvent, String>>,
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let mut out = Vec::new();
        generate(&options(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with('\n'));
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let parsed = lines
            .iter()
            .map(|l| parse_event(l).map_err(|e| e.reason))
            .collect();
        Run { lines, parsed }
    })
}

fn accepted() -> impl Iterator<Item = (usize, &'static WagerEvent)> {
    run()
        .parsed
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().ok().map(|e| (i, e)))
}

/// Accepted events, first copy of each wager only.
fn unique() -> Vec<&'static WagerEvent> {
    let mut seen = std::collections::HashSet::new();
    accepted()
        .map(|(_, e)| e)
        .filter(|e| seen.insert(e.wager_id.clone()))
        .collect()
}

fn within(value: f64, want: f64, tolerance: f64) -> bool {
    (value - want).abs() <= tolerance
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let o = GenOptions {
        events: 20_000,
        ..options()
    };
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    generate(&o, &mut a).unwrap();
    generate(&o, &mut b).unwrap();
    generate(&GenOptions { seed: 2025, ..o }, &mut c).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn every_line_is_accepted_or_malformed_on_purpose() {
    let allowed = [
        "not a JSON wager object",
        "missing `wagerId`",
        "is negative",
        "is not a number",
        "unknown currency",
        "is not an RFC 3339 time",
    ];
    let mut by_reason: BTreeMap<&str, u64> = BTreeMap::new();
    for (line, p) in run().lines.iter().zip(&run().parsed) {
        if let Err(reason) = p {
            let kind = allowed
                .iter()
                .find(|a| reason.contains(*a))
                .unwrap_or_else(|| panic!("unintended rejection {reason:?}: {line}"));
            *by_reason.entry(kind).or_default() += 1;
        }
    }
    let malformed: u64 = by_reason.values().sum();
    // 0.5 % of 100,000: 500, standard deviation ~22.
    assert!((400..=600).contains(&malformed), "{malformed}");
    assert_eq!(by_reason.len(), allowed.len(), "{by_reason:?}");
    assert!(by_reason.values().all(|&n| n >= 40), "{by_reason:?}");
}

#[test]
fn well_formed_lines_follow_the_schema() {
    for (i, e) in accepted() {
        let line = &run().lines[i];
        let id = e.wager_id.as_deref().unwrap();
        assert!(id.starts_with("w-2024-"), "{line}");
        let player = e.player_id.as_deref().unwrap();
        assert!(
            player.len() >= 13 && player.starts_with("player-"),
            "{line}"
        );
        assert_eq!(e.operator_id.as_deref(), Some("operator-123"));
        let stake = e.wager_amount.unwrap();
        assert!(stake.scale() == 2 && stake >= "0.10".parse().unwrap());
        assert!(stake <= "500.00".parse().unwrap(), "{line}");
        let win = e.win_amount.unwrap();
        assert!(win.scale() == 2 && win <= stake * rust_decimal::Decimal::from(1000));
        let game = e.game_id.as_deref().unwrap();
        let category = match game {
            g if g.starts_with("slot-") => {
                let n: u32 = g[5..].parse().unwrap();
                assert!((1..=20).contains(&n), "{line}");
                "slots"
            }
            "live-roulette" | "live-blackjack" => "live",
            "crash-1" => "crash",
            "table-bj" => "table",
            other => panic!("unknown game {other}"),
        };
        assert_eq!(e.game_category.as_deref(), Some(category));
        assert!(["EUR", "USD", "GBP"].contains(&e.currency.as_deref().unwrap()));
        // RFC 3339 in UTC with milliseconds.
        let ts = line.rsplit("\"timestamp\":\"").next().unwrap();
        assert_eq!(ts.len(), "2024-11-15T10:00:00.123Z\"}".len(), "{line}");
        assert!(ts.ends_with("Z\"}") && ts.as_bytes()[19] == b'.', "{line}");
    }
}

#[test]
fn timestamps_fall_inside_the_window() {
    let o = options();
    for (_, e) in accepted() {
        let t = e.timestamp_ms.unwrap();
        assert!(t >= o.start_ms && t < o.end_ms(), "{t}");
    }
}

#[test]
fn duplicates_are_byte_identical_copies_shortly_after() {
    // The newest timestamp seen so far tracks the emission clock.
    let mut newest = Vec::with_capacity(run().lines.len());
    let mut max = i64::MIN;
    for p in &run().parsed {
        if let Ok(e) = p {
            max = max.max(e.timestamp_ms.unwrap());
        }
        newest.push(max);
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut copies = 0u64;
    for (i, e) in accepted() {
        let id = e.wager_id.as_deref().unwrap();
        let Some(&j) = first.get(id) else {
            first.insert(id, i);
            continue;
        };
        copies += 1;
        assert_eq!(run().lines[i], run().lines[j]);
        // Up to 5 s after the original, give or take the gap between two wagers.
        assert!(newest[i] - newest[j] <= 6_000, "copy of {id} too late");
    }
    // 2 % of the ~99,500 well-formed wagers: ~1,990, standard deviation ~44.
    assert!((1_750..=2_250).contains(&copies), "{copies}");
}

#[test]
fn a_few_wagers_arrive_minutes_late() {
    let mut newest = i64::MIN;
    let mut late = 0u64;
    for (_, e) in accepted() {
        let t = e.timestamp_ms.unwrap();
        if t < newest.saturating_sub(30_000) {
            late += 1;
        }
        newest = newest.max(t);
    }
    // 1 % of 100,000, plus their duplicates: ~1,000.
    assert!((850..=1_200).contains(&late), "{late}");
}

#[test]
fn the_burst_is_ten_times_denser() {
    let o = options();
    let b = burst_ms(o.duration_ms);
    let (mut inside, mut outside) = (0f64, 0f64);
    for e in unique() {
        if e.timestamp_ms.unwrap() < o.start_ms + b {
            inside += 1.0;
        } else {
            outside += 1.0;
        }
    }
    let ratio = (inside / b as f64) / (outside / (o.duration_ms - b) as f64);
    assert!(within(ratio, 10.0, 0.6), "{ratio}");

    let flat = GenOptions {
        burst: false,
        events: 20_000,
        ..options()
    };
    let times: Vec<i64> = Generator::new(&flat)
        .unwrap()
        .filter(|l| l.kind == LineKind::Wager)
        .map(|l| l.timestamp_ms)
        .collect();
    let early = times.iter().filter(|&&t| t < flat.start_ms + b).count() as f64;
    let ratio = (early / b as f64) / ((times.len() as f64 - early) / (o.duration_ms - b) as f64);
    assert!(within(ratio, 1.0, 0.15), "{ratio}");
}

#[test]
fn a_few_whales_place_a_large_share() {
    let events = unique();
    let mut per_player: HashMap<&str, u64> = HashMap::new();
    for e in &events {
        *per_player
            .entry(e.player_id.as_deref().unwrap())
            .or_default() += 1;
    }
    let mut counts: Vec<u64> = per_player.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top = options().players as usize / 100;
    let share = counts[..top].iter().sum::<u64>() as f64 / events.len() as f64;
    assert!(share > 0.25, "top 1 % share {share}");
    // And a long tail: most players appear.
    assert!(per_player.len() > 4_000, "{}", per_player.len());
}

#[test]
fn players_keep_their_traits_and_the_mix_is_right() {
    type Traits = (Option<String>, Option<String>, Option<String>);
    let mut traits: HashMap<&str, Traits> = HashMap::new();
    for e in unique() {
        let t = (
            e.player_segment.clone(),
            e.jurisdiction.clone(),
            e.currency.clone(),
        );
        let known = traits
            .entry(e.player_id.as_deref().unwrap())
            .or_insert_with(|| t.clone());
        assert_eq!(*known, t, "{:?}", e.player_id);
    }
    let players = traits.len() as f64;
    let share =
        |f: &dyn Fn(&Traits) -> bool| traits.values().filter(|t| f(t)).count() as f64 / players;
    let cur = |c: &'static str| move |t: &Traits| t.2.as_deref() == Some(c);
    assert!(within(share(&cur("EUR")), 0.60, 0.04));
    assert!(within(share(&cur("USD")), 0.25, 0.04));
    assert!(within(share(&cur("GBP")), 0.15, 0.04));
    assert!(within(share(&|t| t.0.is_none()), 0.01, 0.01));
    assert!(within(share(&|t| t.1.is_none()), 0.02, 0.015));
    for s in ["VIP", "Gold", "Silver", "Regular"] {
        assert!(share(&|t| t.0.as_deref() == Some(s)) > 0.005, "{s}");
    }
    let jurisdictions: std::collections::BTreeSet<&str> =
        traits.values().filter_map(|t| t.1.as_deref()).collect();
    for j in ["MT", "DE", "SE", "GB", "CA-ON"] {
        assert!(jurisdictions.contains(j), "{j}");
    }
}

#[test]
fn most_wagers_lose_and_stakes_are_skewed() {
    let events = unique();
    let zero = events
        .iter()
        .filter(|e| e.win_amount.unwrap().is_zero())
        .count() as f64;
    assert!(within(zero / events.len() as f64, 0.70, 0.02));
    let mut stakes: Vec<rust_decimal::Decimal> =
        events.iter().map(|e| e.wager_amount.unwrap()).collect();
    stakes.sort_unstable();
    let median = stakes[stakes.len() / 2];
    assert!(median < "5.00".parse().unwrap(), "{median}");
    assert!(stakes[stakes.len() - 1] > "250.00".parse().unwrap());
}

// ---- the command line ----

fn tourney() -> Command {
    Command::cargo_bin("tourney").unwrap()
}

const BASE: [&str; 6] = ["--events", "3000", "--players", "200", "--seed", "11"];

#[test]
fn cli_is_reproducible_and_summarises_on_stderr() {
    let a = tourney().arg("gen-events").args(BASE).output().unwrap();
    let b = tourney().arg("gen-events").args(BASE).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let lines = a.stdout.iter().filter(|&&b| b == b'\n').count();
    assert!(lines >= 3_000);
    let stderr = String::from_utf8(a.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("generated {lines} lines")),
        "{stderr}"
    );
    assert!(stderr.contains("3000 wagers"), "{stderr}");

    // The library gives the same bytes.
    let mut lib = Vec::new();
    let o = GenOptions {
        seed: 11,
        events: 3_000,
        players: 200,
        ..GenOptions::default()
    };
    generate(&o, &mut lib).unwrap();
    assert_eq!(a.stdout, lib);
}

#[test]
fn cli_writes_a_file_with_the_given_rates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w.ndjson");
    tourney()
        .arg("gen-events")
        .args(BASE)
        .args(["--operator", "op-9", "--start", "2025-01-01T12:00:00+01:00"])
        .args(["--hours", "0.5", "--duplicates", "0", "--malformed", "0"])
        .args(["--late", "0", "--no-burst", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    let events: Vec<WagerEvent> = text.lines().map(|l| parse_event(l).unwrap()).collect();
    assert_eq!(events.len(), 3_000);
    let start = 1_735_729_200_000; // 2025-01-01T11:00:00Z
    assert!(events.iter().all(|e| {
        let t = e.timestamp_ms.unwrap();
        e.operator_id.as_deref() == Some("op-9") && t >= start && t < start + 1_800_000
    }));
    assert!(events
        .windows(2)
        .all(|w| w[0].timestamp_ms <= w[1].timestamp_ms));
}

const TOURNAMENTS: &str = r#"
tournament "first" {
  title "First"
  operator "operator-7"
  runs 2024-12-01T00:00:00Z .. 2024-12-01T02:00:00Z
  score {
    points = wager.amount
    currency EUR
  }
}

tournament "second" {
  title "Second"
  operator "operator-8"
  runs 2024-12-02T10:00:00Z .. 2024-12-02T10:30:00Z
  score {
    points = wager.amount
    currency EUR
  }
}
"#;

fn window_of(stdout: &[u8]) -> (String, i64, i64) {
    let text = std::str::from_utf8(stdout).unwrap();
    let events: Vec<WagerEvent> = text.lines().filter_map(|l| parse_event(l).ok()).collect();
    let times = events.iter().map(|e| e.timestamp_ms.unwrap());
    (
        events[0].operator_id.clone().unwrap(),
        times.clone().min().unwrap(),
        times.max().unwrap(),
    )
}

#[test]
fn cli_takes_operator_and_window_from_a_tournament() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.tourney");
    std::fs::write(&file, TOURNAMENTS).unwrap();

    let first = tourney()
        .arg("gen-events")
        .args(BASE)
        .arg("--tournament")
        .arg(&file)
        .output()
        .unwrap();
    assert!(first.status.success(), "{first:?}");
    let (op, lo, hi) = window_of(&first.stdout);
    assert_eq!(op, "operator-7");
    assert!(lo >= 1_733_011_200_000 && hi < 1_733_011_200_000 + 7_200_000);

    let second = tourney()
        .arg("gen-events")
        .args(BASE)
        .arg("--tournament")
        .arg(&file)
        .args(["--id", "second"])
        .output()
        .unwrap();
    assert!(second.status.success());
    let (op, lo, hi) = window_of(&second.stdout);
    assert_eq!(op, "operator-8");
    assert!(lo >= 1_733_133_600_000 && hi < 1_733_133_600_000 + 1_800_000);

    tourney()
        .arg("gen-events")
        .args(BASE)
        .arg("--tournament")
        .arg(&file)
        .args(["--id", "third"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("found: first, second"));

    tourney()
        .arg("gen-events")
        .args(BASE)
        .arg("--tournament")
        .arg(&file)
        .args(["--operator", "x"])
        .assert()
        .code(2);
}

#[test]
fn cli_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.tourney");
    std::fs::write(&file, "tournament \"x\" { title 5 }\n").unwrap();
    tourney()
        .arg("gen-events")
        .args(BASE)
        .arg("--tournament")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("");
    for bad in [
        "--late 1.5",
        "--hours 0",
        "--hours x",
        "--start yesterday",
        "--duplicates -0.1",
    ] {
        tourney()
            .arg("gen-events")
            .args(BASE)
            .args(bad.split(' '))
            .assert()
            .code(2);
    }
    tourney()
        .arg("gen-events")
        .args(["--events", "10", "--players", "0", "--seed", "1"])
        .assert()
        .code(2);
    tourney()
        .arg("gen-events")
        .args(BASE)
        .args(["--late", "0.6", "--malformed", "0.6"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add up to more than 1"));
}
