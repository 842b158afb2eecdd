#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The engine against a deliberately simple reference: random tournaments (every
//! aggregate, points on stakes and wins, multipliers, `only wins`, nested caps, every
//! tie-break alone and in pairs, percentage prizes) and random streams with
//! duplicates (some with another timestamp), reordering, late arrivals, zero stakes
//! and amounts past 2^31 must give the same full board; and any two delivery orders
//! within the allowed lateness must give the same board.

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

    /// Any two delivery orders within the allowed lateness give the same board.
    #[test]
    fn board_does_not_depend_on_delivery_order_within_the_lateness(
        spec in streams::spec(),
        events in streams::events_identical_copies(),
        delays in (prop::collection::vec(any::<i64>(), 140), prop::collection::vec(any::<i64>(), 140)),
    ) {
        let source = spec.source();
        let t = streams::compile(&source);
        let board = |events: &[tourney::ir::WagerEvent]| {
            let mut engine = Engine::new(&t, options());
            let mut out = Vec::new();
            for ev in events {
                engine.process(ev, &mut out);
            }
            engine.flush(&mut out);
            (engine.result(), engine.stats.late)
        };
        let (one, other) = (streams::redeliver(&events, &delays.0), streams::redeliver(&events, &delays.1));
        let (a, late_a) = board(&one);
        let (b, late_b) = board(&other);
        prop_assert_eq!((late_a, late_b), (0, 0));
        prop_assert_eq!(&a, &b, "tournament:\n{}", source);
        prop_assert_eq!(a, reference::board(&t, &one, streams::LATENESS_MS));
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
