#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The engine's edge-case rules, each on the smallest stream that shows it: copies of
//! a wager with different timestamps, exact `biggest_wager`, `first_to_reach` and the
//! final tie on event time, millisecond times in long tournaments, and the rules the
//! book states once for caps.

use tourney::check::{check_project, Project};
use tourney::engine::ingest::parse_event;
use tourney::engine::{Engine, EngineOptions, Stats};
use tourney::ir::Tournament;

/// A tournament over `runs` with the given score block and tie-breaks.
fn tournament(runs: &str, score: &str, ties: &str) -> Tournament {
    let ties = if ties.is_empty() {
        String::new()
    } else {
        format!("    ties {ties}\n")
    };
    let source = format!(
        "tournament \"rules\" {{\n  title \"Rules\"\n  operator \"op-1\"\n  runs {runs}\n\n  \
         eligible when {{\n    game.category = \"slots\"\n  }}\n\n  score {{\n{score}  }}\n\n  \
         leaderboard {{\n    update realtime\n{ties}    size 10\n    prizes {{\n      1: \"gold\"\n    }}\n  }}\n}}\n"
    );
    let mut project = Project::new();
    project.add_file("rules.tourney", source.clone());
    let checked = check_project(&project);
    assert!(
        !checked.has_errors(),
        "{:#?}\n{source}",
        checked.diagnostics
    );
    let t = checked.tournaments().next().cloned();
    t.unwrap()
}

const MARCH: &str = "2025-03-01T00:00:00Z .. 2025-03-03T00:00:00Z";

fn plain(ties: &str) -> Tournament {
    tournament(MARCH, "    points = wager.amount\n    currency EUR\n", ties)
}

/// `(wagerId, playerId, time, amount)`, the time after `2025-03-01T`.
fn event(w: &str, p: &str, time: &str, amount: &str) -> String {
    event_on("2025-03-01", w, p, time, amount)
}

fn event_on(day: &str, w: &str, p: &str, time: &str, amount: &str) -> String {
    format!(
        r#"{{"wagerId":"{w}","playerId":"{p}","operatorId":"op-1","gameCategory":"slots","wagerAmount":{amount},"winAmount":{amount},"currency":"EUR","timestamp":"{day}T{time}Z"}}"#
    )
}

/// The board as `player score wagers` lines, and the counters.
fn run(t: &Tournament, lines: &[String]) -> (Vec<String>, Stats) {
    let mut engine = Engine::new(t, EngineOptions::default());
    let mut out = Vec::new();
    for l in lines {
        engine.process(&parse_event(l).unwrap(), &mut out);
    }
    let board = engine
        .result()
        .iter()
        .map(|s| format!("{} {} {}", s.player_id, s.score, s.wagers))
        .collect();
    (board, engine.stats.clone())
}

#[test]
fn a_copy_with_another_timestamp_within_the_lateness_is_a_duplicate() {
    let t = plain("");
    let events = [
        event("w1", "p1", "10:00:00", "5"),
        event("w2", "p2", "10:06:00", "1"),
        event("w1", "p1", "10:05:00", "5"),
    ];
    let (board, stats) = run(&t, &events);
    assert_eq!(board, ["p1 5 1", "p2 1 1"]);
    assert_eq!(stats.duplicates, 1);
}

#[test]
fn a_later_copy_keeps_the_id_for_copies_near_it() {
    let t = plain("");
    // The second copy (10:05) is within the lateness of the first; the third (10:09)
    // within the lateness of the second, after the watermark left the first behind.
    let events = [
        event("w1", "p1", "10:00:00", "5"),
        event("w1", "p1", "10:05:00", "5"),
        event("w2", "p2", "10:11:00", "1"),
        event("w1", "p1", "10:09:00", "5"),
    ];
    let (board, stats) = run(&t, &events);
    assert_eq!(board, ["p1 5 1", "p2 1 1"]);
    assert_eq!(stats.duplicates, 2);
}

#[test]
fn biggest_wager_beside_another_tie_break_compares_past_two_to_the_31() {
    let t = plain("earliest_entry, biggest_wager");
    // Equal totals and entry times; p2's best wager is one more than p1's.
    let events = [
        event("w1", "p1", "10:00:00", "2147483647"),
        event("w2", "p1", "10:00:00", "1"),
        event("w3", "p2", "10:00:00", "2147483648"),
    ];
    let (board, _) = run(&t, &events);
    assert_eq!(board, ["p2 2147483648 1", "p1 2147483648 2"]);
}

#[test]
fn biggest_wager_compares_the_largest_amounts_exactly() {
    let t = plain("biggest_wager");
    let events = [
        event("w1", "p1", "10:00:00", "99999999999999.9998"),
        event("w2", "p1", "10:00:00", "0.0002"),
        event("w3", "p2", "10:00:00", "99999999999999.9999"),
        event("w4", "p2", "10:00:00", "0.0001"),
    ];
    let (board, _) = run(&t, &events);
    assert_eq!(board[0], "p2 100000000000000 2");
}

#[test]
fn first_to_reach_does_not_depend_on_arrival_order() {
    let t = plain("first_to_reach");
    let a = event("w1", "p1", "10:04:00", "0");
    let b = event("w2", "p1", "10:00:00", "5");
    let c = event("w3", "p2", "10:02:00", "5");
    let (one, _) = run(&t, &[a.clone(), b.clone(), c.clone()]);
    let (other, _) = run(&t, &[b, a, c]);
    // p1 reached 5 at 10:00 (the zero wager at 10:04 scored nothing), p2 at 10:02.
    assert_eq!(one, ["p1 5 2", "p2 5 1"]);
    assert_eq!(other, one);
}

#[test]
fn the_final_tie_is_the_first_wager_by_event_time() {
    let t = plain("");
    let late_first = [
        event("w1", "p1", "10:02:00", "10"),
        event("w2", "p2", "10:01:00", "10"),
    ];
    let (board, _) = run(&t, &late_first);
    assert_eq!(board, ["p2 10 1", "p1 10 1"]);
    let (swapped, _) = run(&t, &[late_first[1].clone(), late_first[0].clone()]);
    assert_eq!(swapped, board);
}

#[test]
fn first_to_reach_keeps_milliseconds_in_tournaments_longer_than_49_days() {
    let t = tournament(
        "2025-01-01T00:00:00Z .. 2025-04-01T00:00:00Z",
        "    points = wager.amount\n    currency EUR\n",
        "first_to_reach, most_wagers",
    );
    // Both reach 10 within one second, p1 300 ms earlier; p2 arrives first.
    let events = [
        event_on("2025-03-20", "w1", "p2", "10:00:00.700", "10"),
        event_on("2025-03-20", "w2", "p1", "10:00:00.400", "10"),
    ];
    let (board, _) = run(&t, &events);
    assert_eq!(board, ["p1 10 1", "p2 10 1"]);
}

#[test]
fn first_to_reach_counts_a_wager_capped_to_zero() {
    // Rule: the latest wager with non-zero points before caps. p1's 10:30 wager is
    // capped to 0 but had 5 points before caps, so p1 reached 10 at 10:30, after p2.
    let t = tournament(
        MARCH,
        "    points = wager.amount\n    cap 10 per 1h\n    currency EUR\n",
        "first_to_reach",
    );
    let events = [
        event("w1", "p1", "10:00:00", "10"),
        event("w3", "p2", "10:10:00", "10"),
        event("w2", "p1", "10:30:00", "5"),
    ];
    let (board, _) = run(&t, &events);
    assert_eq!(board, ["p2 10 1", "p1 10 2"]);
}

#[test]
fn biggest_wager_under_max_with_caps_compares_points_before_caps() {
    let t = tournament(
        MARCH,
        "    points = wager.amount\n    cap 10 per 1h\n    aggregate max\n    currency EUR\n",
        "biggest_wager",
    );
    // Both are capped to 10; p1's wager had 50 points before caps, p2's 20.
    let events = [
        event("w1", "p2", "10:00:00", "20"),
        event("w2", "p1", "10:00:00", "50"),
    ];
    let (board, _) = run(&t, &events);
    assert_eq!(board, ["p1 10 1", "p2 10 1"]);
}

#[test]
fn negative_points_count_against_the_window_sum_before_the_cap() {
    // Rule: a window's points are min(sum of its wagers' points, cap). 15 - 5 = 10,
    // within the cap of 10, whichever order the wagers arrive in.
    let t = tournament(
        MARCH,
        "    points = win.amount - 5\n    cap 10 per 1h\n    currency EUR\n",
        "",
    );
    let a = event("w1", "p1", "10:00:00", "20");
    let b = event("w2", "p1", "10:03:00", "0");
    let (one, _) = run(&t, &[a.clone(), b.clone()]);
    let (other, _) = run(&t, &[b, a]);
    assert_eq!(one, ["p1 10 2"]);
    assert_eq!(other, one);
}

/// A tournament whose eligibility is `cond` (and `extra` score lines), its statement
/// and whether the engine counts a wager of `stake` winning `win` in `currency`.
fn eligible(cond: &str, extra: &str, stake: &str, win: &str, currency: &str) -> (String, bool) {
    let source = format!(
        "tournament \"agree\" {{\n  title \"Agree\"\n  operator \"op-1\"\n  runs {MARCH}\n\n  \
         eligible when {{\n    {cond}\n  }}\n\n  score {{\n    points = 1\n{extra}  }}\n}}\n"
    );
    let mut project = Project::new();
    project.add_file("agree.tourney", source.clone());
    let checked = check_project(&project);
    assert!(
        !checked.has_errors(),
        "{:#?}\n{source}",
        checked.diagnostics
    );
    let t = checked.tournaments().next().cloned().unwrap();
    let sql = tourney::emit::emit(&t, &tourney::emit::EmitOptions::default())
        .unwrap()
        .statement;
    let line = format!(
        r#"{{"wagerId":"w","playerId":"p","operatorId":"op-1","wagerAmount":{stake},"winAmount":{win},"currency":"{currency}","timestamp":"2025-03-01T10:00:00Z"}}"#
    );
    let ev = parse_event(&line).unwrap();
    let counted = tourney::engine::eval::first_failing(&t.eligibility, &ev).is_none();
    (sql, counted)
}

#[test]
fn a_zero_stake_has_no_multiplier() {
    for cond in ["win.multiplier >= 100", "not win.multiplier < 100"] {
        let (sql, counted) = eligible(cond, "", "0", "50", "EUR");
        assert!(!counted, "{cond}: a free spin has no multiplier");
        assert!(
            sql.contains("(WAGERAMOUNT <> 0 AND WINAMOUNT >= 100.0 * WAGERAMOUNT)"),
            "{cond}:\n{sql}"
        );
        let (_, counted) = eligible(cond, "", "0.10", "50", "EUR");
        assert!(counted, "{cond}: 500x counts");
    }
}

#[test]
fn a_multiplier_condition_on_a_zero_stake_does_not_apply() {
    let t = tournament(
        MARCH,
        "    points = win.amount\n    x2 when win.multiplier > 100\n    currency EUR\n",
        "",
    );
    let free_spin = r#"{"wagerId":"w1","playerId":"p1","operatorId":"op-1","gameCategory":"slots","wagerAmount":0,"winAmount":5,"currency":"EUR","timestamp":"2025-03-01T10:00:00Z"}"#.to_string();
    let (board, _) = run(&t, &[free_spin]);
    assert_eq!(board, ["p1 5 1"]);
}

#[test]
fn not_equal_and_not_equal_spelled_with_not_agree_across_currencies() {
    for cond in ["wager.amount != 50.00 EUR", "not wager.amount = 50.00 EUR"] {
        let (sql, usd) = eligible(cond, "", "50", "0", "USD");
        assert!(!usd, "{cond}: money in another currency compares false");
        assert!(sql.contains("CURRENCY = 'EUR'"), "{cond}:\n{sql}");
        assert!(!sql.contains("CURRENCY <> 'EUR'"), "{cond}:\n{sql}");
        let (_, eur) = eligible(cond, "", "40", "0", "EUR");
        assert!(eur, "{cond}: 40 EUR is not 50 EUR");
        let (_, fifty) = eligible(cond, "", "50", "0", "EUR");
        assert!(!fifty, "{cond}: 50 EUR is 50 EUR");
    }
}

/// The codes the checker reports for a tournament with `cond` and `points`.
fn codes(cond: &str, points: &str, runs: &str) -> Vec<String> {
    let source = format!(
        "tournament \"codes\" {{\n  title \"Codes\"\n  operator \"op-1\"\n  runs {runs}\n\n  \
         eligible when {{\n    {cond}\n  }}\n\n  score {{\n    points = {points}\n    currency EUR\n  }}\n}}\n"
    );
    let mut project = Project::new();
    project.add_file("codes.tourney", source);
    let checked = check_project(&project);
    checked
        .diagnostics
        .iter()
        .map(|d| d.code.info().code.to_string())
        .collect()
}

#[test]
fn the_checker_refuses_what_the_engine_would_silently_change() {
    let slots = "game.category = \"slots\"";
    let cases = [
        // Division by a constant zero, however it is written.
        (slots, "wager.amount / (0)", MARCH, "T0308"),
        (slots, "wager.amount / (2 - 2)", MARCH, "T0308"),
        // Points beyond the engine's range, and a constant too large to compute.
        (slots, "wager.amount * 10000000", MARCH, "T0311"),
        (slots, "win.multiplier * 1000", MARCH, "T0311"),
        (
            slots,
            "79228162514264337593543950335 * 10 + wager.amount",
            MARCH,
            "T0311",
        ),
        (slots, "wager.amount / (win.amount / 3)", MARCH, "T0311"),
        // Sub-millisecond times, in `runs` and in a comparison.
        (
            slots,
            "wager.amount",
            "2025-03-01T00:00:00.0009Z .. 2025-03-03T00:00:00Z",
            "T0110",
        ),
        (
            slots,
            "wager.amount",
            "2025-03-01T00:00:00Z .. 2025-03-03T00:00:00.0000001Z",
            "T0110",
        ),
        (
            "wager.time >= 2025-03-01T10:00:00.0001Z",
            "wager.amount",
            MARCH,
            "T0110",
        ),
        // A literal that would be rounded.
        (
            "wager.amount >= 10.0000000000000000000000000000001 EUR",
            "1",
            MARCH,
            "T0006",
        ),
    ];
    for (cond, points, runs, code) in cases {
        assert_eq!(
            codes(cond, points, runs),
            [code],
            "{cond} / {points} / {runs}"
        );
    }
    let fine = [
        (slots, "wager.amount * 100000", MARCH),
        (slots, "win.multiplier * 10", MARCH),
        (slots, "wager.amount / win.amount", MARCH),
        (slots, "(wager.amount + win.amount) / 4", MARCH),
        (
            slots,
            "wager.amount",
            "2025-03-01T00:00:00.000000Z .. 2025-03-03T00:00:00.001Z",
        ),
        (
            "wager.amount >= 10.000000000000000000000000000000 EUR",
            "1",
            MARCH,
        ),
    ];
    for (cond, points, runs) in fine {
        assert_eq!(
            codes(cond, points, runs),
            Vec::<String>::new(),
            "{cond} / {points} / {runs}"
        );
    }
}
