#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The engine against a deliberately simple reference: random tournaments (every
//! aggregate, points on stakes and wins, multipliers, `only wins`, nested caps, every
//! tie-break alone and in pairs, percentage prizes) and random streams with
//! duplicates, reordering and late arrivals must give the same full board.

#[path = "engine_reference/reference.rs"]
mod reference;
#[path = "engine_reference/streams.rs"]
mod streams;

use proptest::prelude::*;
use tourney::engine::{Engine, EngineOptions};

fn options() -> EngineOptions {
    EngineOptions {
        allowed_lateness_ms: streams::LATENESS_MS,
        ..EngineOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_board_equals_the_reference(spec in streams::spec(), events in streams::events()) {
        let source = spec.source();
        let t = streams::compile(&source);
        let mut engine = Engine::new(&t, options());
        let mut out = Vec::new();
        for ev in &events {
            engine.process(ev, &mut out);
        }
        engine.flush(&mut out);
        let expected = reference::board(&t, &events, streams::LATENESS_MS);
        prop_assert_eq!(engine.result(), expected, "tournament:\n{}", source);
    }
}

/// The generated streams exercise what they claim to: over many draws some events
/// are late, some duplicated and several players tie on score.
#[test]
fn streams_contain_late_duplicate_and_tied_events() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let t = streams::compile(
        &streams::Spec {
            aggregate: "count",
            points: "5",
            only_wins: false,
            multipliers: vec![],
            caps: vec![],
            currency: true,
            ties: vec![],
            interval: false,
            prizes: "      1: \"gold\"",
        }
        .source(),
    );
    let mut runner = TestRunner::deterministic();
    let (mut late, mut dups, mut ties) = (0, 0, 0);
    for _ in 0..50 {
        let events = streams::events().new_tree(&mut runner).unwrap().current();
        let mut engine = Engine::new(&t, options());
        let mut out = Vec::new();
        for ev in &events {
            engine.process(ev, &mut out);
        }
        late += engine.stats.late;
        dups += engine.stats.duplicates;
        let board = engine.result();
        ties += board
            .windows(2)
            .filter(|w| w[0].score == w[1].score)
            .count();
    }
    assert!(
        late > 10 && dups > 10 && ties > 10,
        "late {late}, duplicates {dups}, ties {ties}"
    );
}
