#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]
//! The wager router of the pool's `--source raw` mode never leaves out a tournament
//! whose rules hold for a wager, and names few of the others.

use proptest::prelude::*;
use tourney::engine::eval::first_failing;
use tourney::engine::route::Router;
use tourney::gen::sample::{tournament, wager};
use tourney::ir::Tournament;

/// Tournaments of two operators with every shape of game condition.
fn tournaments() -> Vec<Tournament> {
    let conditions = [
        r#"game.category = "slots""#,
        r#"game.category in ("slots", "live")"#,
        r#"game.id in ("slot-1", "slot-2")"#,
        r#"game.id = "slot-3""#,
        r#"game.category = "slots" or game.category = "table""#,
        r#"game.category != "table""#,
        r#"wager.amount >= 1.00 EUR"#,
    ];
    let mut out = Vec::new();
    for op in ["op-a", "op-b"] {
        for (i, cond) in conditions.iter().enumerate() {
            let text = format!(
                "tournament \"t{i}\" {{\n  title \"T\"\n  operator \"{op}\"\n  runs 2024-01-01T00:00:00Z .. 2024-12-31T00:00:00Z\n  eligible when {{\n    {cond}\n    wager.amount >= 0.01 EUR\n  }}\n  score {{\n    points = wager.amount\n  }}\n}}\n"
            );
            out.push(tournament("t.tourney", &text).unwrap());
        }
    }
    out
}

proptest! {
    #[test]
    fn every_tournament_whose_rules_hold_is_named(
        op in prop::sample::select(vec!["op-a", "op-b", "op-c"]),
        game in prop::option::of(prop::sample::select(vec!["slot-1", "slot-2", "slot-3", "rl-1"])),
        category in prop::option::of(prop::sample::select(vec!["slots", "live", "table", "Slots"])),
        cents in 0i64..500,
    ) {
        let ts = tournaments();
        let router = Router::new(ts.iter().enumerate());
        let mut ev = wager(1, 1, cents, 1_717_200_000_000);
        ev.operator_id = Some(op.to_string());
        ev.game_id = game.map(str::to_string);
        ev.game_category = category.map(str::to_string);
        let mut named = Vec::new();
        router.candidates(&ev, &mut named);
        let mut seen = named.clone();
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), named.len(), "a tournament named twice");
        for (i, t) in ts.iter().enumerate() {
            if first_failing(&t.eligibility, &ev).is_none() {
                prop_assert!(named.contains(&i), "{} / {} left out", t.operator, t.id);
            }
            if t.operator != op {
                prop_assert!(!named.contains(&i), "another operator's tournament named");
            }
        }
    }
}

#[test]
fn a_wager_is_handed_only_to_the_tournaments_that_could_count_it() {
    let ts = tournaments();
    let router = Router::new(ts.iter().enumerate());
    let mut ev = wager(1, 1, 500, 1_717_200_000_000);
    ev.operator_id = Some("op-a".into());
    ev.game_id = Some("rl-9".into());
    ev.game_category = Some("table".into());
    let mut named = Vec::new();
    router.candidates(&ev, &mut named);
    let ids: Vec<&str> = named.iter().map(|&i| ts[i].id.as_str()).collect();
    // The `or`, `!=` and amount-only tournaments cannot be filed under a game.
    assert_eq!(ids, ["t4", "t5", "t6"]);
}
