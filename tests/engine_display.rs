#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! What players see of each other: under `display name` the board carries each
//! player's latest display name, under `masked` no raw id is ever shown, and a
//! snapshot keeps the names across a restart.

use tourney::engine::ingest::parse_event;
use tourney::engine::{Engine, EngineOptions};
use tourney::ir::Tournament;

fn tournament(display: &str) -> Tournament {
    let source = format!(
        "tournament \"names\" {{\n  title \"Names\"\n  operator \"op-1\"\n  \
         runs 2025-03-01T00:00:00Z .. 2025-03-03T00:00:00Z\n\n  score {{\n    points = wager.amount\n    currency EUR\n  }}\n\n  \
         leaderboard {{\n    private\n    display {display}\n  }}\n}}\n"
    );
    tourney::gen::sample::tournament("names.tourney", &source).unwrap()
}

/// A wager of `amount` EUR by `player` at minute `minute`, carrying `name` if given.
fn wager(n: u32, player: &str, name: Option<&str>, minute: u32, amount: &str) -> String {
    let name = name.map_or(String::new(), |n| format!(r#","playerName":{n:?}"#));
    format!(
        r#"{{"wagerId":"w{n}","playerId":"{player}"{name},"operatorId":"op-1","wagerAmount":{amount},"currency":"EUR","timestamp":"2025-03-01T10:{minute:02}:00Z"}}"#
    )
}

fn feed(engine: &mut Engine, lines: &[String]) {
    let mut out = Vec::new();
    for line in lines {
        let ev = parse_event(line).unwrap();
        engine.process(&ev, &mut out);
    }
}

fn lines() -> Vec<String> {
    vec![
        wager(1, "player-000049", Some("Lucky Ann"), 0, "10"),
        wager(2, "player-000050", None, 1, "5"),
        wager(3, "player-000049", Some("Queen Ann"), 2, "1"),
        wager(4, "player-000049", None, 3, "1"),
        wager(5, "player-000051", Some("   "), 4, "2"),
    ]
}

/// How every ranked player is shown, best first.
fn shown(engine: &Engine) -> Vec<String> {
    engine
        .standings()
        .indices_from(1)
        .map(|(_, idx)| engine.shown(idx).unwrap())
        .collect()
}

#[test]
fn name_mode_shows_the_latest_name_and_the_masked_id_without_one() {
    let t = tournament("name");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &lines());
    assert_eq!(shown(&engine), ["Queen Ann", "pl***50", "pl***51"]);
    let result = engine.result();
    assert_eq!(result[0].player_id, "player-000049");
    assert_eq!(result[0].name.as_deref(), Some("Queen Ann"));
    assert_eq!(result[1].name, None);
}

#[test]
fn masked_mode_never_shows_a_raw_id_or_keeps_a_name() {
    let t = tournament("masked");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &lines());
    let shown = shown(&engine);
    assert_eq!(shown, ["pl***49", "pl***50", "pl***51"]);
    for player in ["player-000049", "player-000050", "player-000051"] {
        assert!(shown.iter().all(|s| !s.contains(player)), "{player}");
    }
    assert!(engine.result().iter().all(|s| s.name.is_none()));
    let (idx, _) = engine.standings().find("player-000049").unwrap();
    assert_eq!(engine.display_name(idx), None);
    assert!(engine.snapshot().names.is_empty());
}

#[test]
fn id_mode_shows_the_raw_id() {
    let t = tournament("id");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &lines());
    assert_eq!(
        shown(&engine),
        ["player-000049", "player-000050", "player-000051"]
    );
}

#[test]
fn names_survive_a_snapshot_and_a_changed_display_keeps_the_snapshot() {
    let t = tournament("name");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &lines()[..3]);
    let json = serde_json::to_string(&engine.snapshot()).unwrap();
    let restored = Engine::restore(
        &t,
        EngineOptions::default(),
        serde_json::from_str(&json).unwrap(),
    )
    .unwrap();
    assert_eq!(shown(&restored), ["Queen Ann", "pl***50"]);
    // Who may read the board and how players are shown do not change the ranking:
    // the snapshot restores under another display rule, without the names.
    let masked = tournament("masked");
    let restored = Engine::restore(
        &masked,
        EngineOptions::default(),
        serde_json::from_str(&json).unwrap(),
    )
    .unwrap();
    assert_eq!(shown(&restored), ["pl***49", "pl***50"]);
    assert!(restored.snapshot().names.is_empty());
}
