#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Snapshot and restore: stopping anywhere, writing the state as JSON and carrying on
//! from it gives exactly what one uninterrupted run gives.

#[path = "engine_reference/streams.rs"]
mod streams;

use proptest::prelude::*;
use tourney::engine::{Engine, EngineOptions, EngineSnapshot, RestoreError};

fn options() -> EngineOptions {
    EngineOptions {
        allowed_lateness_ms: streams::LATENESS_MS,
        dedup_bucket_ms: 60_000,
        gap_grace_ms: 60_000,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn restoring_a_snapshot_continues_exactly(
        spec in streams::spec(),
        events in streams::events(),
        split in any::<prop::sample::Index>(),
    ) {
        let t = streams::compile(&spec.source());
        let split = split.index(events.len() + 1);

        let mut whole = Engine::new(&t, options());
        let mut whole_changes = Vec::new();
        let mut at_split = 0;
        for (i, ev) in events.iter().enumerate() {
            if i == split {
                at_split = whole_changes.len();
            }
            whole.process(ev, &mut whole_changes);
        }
        if split == events.len() {
            at_split = whole_changes.len();
        }
        whole.flush(&mut whole_changes);

        let mut first = Engine::new(&t, options());
        let mut ignored = Vec::new();
        for ev in &events[..split] {
            first.process(ev, &mut ignored);
        }
        let json = serde_json::to_string(&first.snapshot()).unwrap();
        let snap: EngineSnapshot = serde_json::from_str(&json).unwrap();
        let mut resumed = Engine::restore(&t, options(), snap).unwrap();
        prop_assert_eq!(resumed.watermark(), first.watermark());
        let mut changes = Vec::new();
        for ev in &events[split..] {
            resumed.process(ev, &mut changes);
        }
        resumed.flush(&mut changes);

        prop_assert_eq!(resumed.result(), whole.result());
        prop_assert_eq!(&changes[..], &whole_changes[at_split..]);
        prop_assert_eq!(resumed.stats(), whole.stats());
        prop_assert_eq!(resumed.snapshot(), whole.snapshot());
    }
}

fn played(source: &str) -> (tourney::ir::Tournament, Engine) {
    let t = streams::compile(source);
    let mut engine = Engine::new(&t, options());
    let mut out = Vec::new();
    let ev = tourney::ir::WagerEvent {
        wager_id: Some("w1".into()),
        player_id: Some("p1".into()),
        player_name: None,
        operator_id: Some("op-1".into()),
        game_id: Some("g1".into()),
        game_category: Some("slots".into()),
        wager_amount: Some(rust_decimal::Decimal::new(1000, 2)),
        currency: Some("EUR".into()),
        win_amount: Some(rust_decimal::Decimal::new(500, 2)),
        player_segment: None,
        jurisdiction: None,
        timestamp_ms: Some(streams::START_MS + 60_000),
        source_id: None,
        source_seq: None,
    };
    engine.process(&ev, &mut out);
    assert_eq!(engine.stats.counted, 1);
    (t, engine)
}

fn spec() -> streams::Spec {
    streams::Spec {
        aggregate: "sum",
        points: "wager.amount",
        only_wins: false,
        multipliers: vec![],
        caps: vec!["cap 30 per 1h"],
        currency: false,
        ties: vec!["most_wagers"],
        interval: false,
        prizes: "      1: \"gold\"",
    }
}

#[test]
fn a_snapshot_of_another_tournament_is_refused() {
    let (_, engine) = played(&spec().source());
    let other_source = spec().source().replace("prop-race", "other-race");
    let other = streams::compile(&other_source);
    let err = Engine::restore(&other, options(), engine.snapshot())
        .err()
        .unwrap();
    assert!(matches!(err, RestoreError::OtherTournament { .. }));
    assert_eq!(
        err.to_string(),
        "the snapshot belongs to tournament `op-1/prop-race`, not `op-1/other-race` (operator and id differ)"
    );
}

#[test]
fn a_snapshot_taken_under_other_rules_is_refused() {
    let (_, engine) = played(&spec().source());
    let changed = streams::compile(&spec().source().replace("cap 30 per 1h", "cap 40 per 1h"));
    let err = Engine::restore(&changed, options(), engine.snapshot())
        .err()
        .unwrap();
    assert!(matches!(err, RestoreError::RulesChanged { .. }), "{err}");
    // The title is not a rule: the snapshot still fits.
    let retitled = streams::compile(&spec().source().replace("Property race", "Renamed"));
    assert!(Engine::restore(&retitled, options(), engine.snapshot()).is_ok());
}

#[test]
fn a_snapshot_of_another_format_version_is_refused() {
    let (t, engine) = played(&spec().source());
    let mut snap = engine.snapshot();
    snap.format_version += 1;
    let err = Engine::restore(&t, options(), snap).err().unwrap();
    assert_eq!(
        err,
        RestoreError::Version {
            found: 2,
            expected: 1
        }
    );
}

#[test]
fn a_snapshot_listing_a_player_twice_is_refused() {
    let (t, engine) = played(&spec().source());
    let mut snap = engine.snapshot();
    let again = snap.players[0].clone();
    snap.players.push(again);
    let err = Engine::restore(&t, options(), snap).err().unwrap();
    assert!(matches!(err, RestoreError::Inconsistent(_)), "{err}");
}

#[test]
fn the_snapshot_is_json_with_its_version_and_state() {
    let (_, engine) = played(&spec().source());
    let v: serde_json::Value = serde_json::to_value(engine.snapshot()).unwrap();
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["tournament_id"], "prop-race");
    assert_eq!(v["players"][0]["id"], "p1");
    assert_eq!(v["players"][0]["score"], "10");
    assert_eq!(
        v["players"][0]["caps"]["sums"],
        serde_json::json!([[0, 0, "10"]])
    );
    assert_eq!(v["watermark"], streams::START_MS + 60_000);
    assert_eq!(v["dedup"]["buckets"].as_array().unwrap().len(), 1);
}
