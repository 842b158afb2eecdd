//! Fuzzing the limits: generated deep nesting of every kind, long flat expressions and
//! `or` chains, many alternatives over many lines, and mutations of those files, through
//! the checker, the formatter and the emitter in-process. Nothing may panic or overflow
//! the stack; nesting past the limit is T0008 exactly when the levels say so, and the
//! flat inputs are accepted.

// A failing test panics; that is how it reports.
#![allow(clippy::panic)]

#[path = "support/hostile.rs"]
mod hostile;

use proptest::prelude::*;
use tourney::check::{check_project, CheckedProject, Project};
use tourney::emit::{emit, EmitOptions};
use tourney::syntax::nesting::MAX_NESTING;

const CASES: u32 = 32;

/// Braces around a condition line or points expression: the tournament's and the block's.
const AROUND: usize = 2;

fn run(text: &str) -> CheckedProject {
    let mut project = Project::new();
    project.add_file("fuzz.tourney", text);
    let checked = check_project(&project);
    for t in checked.tournaments() {
        let _ = emit(t, &EmitOptions::default());
    }
    let _ = tourney::fmt::format_source(text);
    checked
}

fn has(checked: &CheckedProject, code: &str) -> bool {
    checked
        .diagnostics
        .iter()
        .any(|d| d.code.info().code == code)
}

#[derive(Debug, Clone, Copy)]
enum Group {
    Paren,
    Any,
    All,
    Not,
}

fn group() -> impl Strategy<Value = Group> {
    prop_oneof![
        Just(Group::Paren),
        Just(Group::Any),
        Just(Group::All),
        Just(Group::Not)
    ]
}

/// A condition inside `groups`, innermost last.
fn nested_condition(groups: &[Group]) -> String {
    let mut cond = String::from("wager.amount > 1 EUR");
    for g in groups.iter().rev() {
        cond = match g {
            Group::Paren => format!("({cond} or game.id = \"x\")"),
            Group::Any => format!("any {{ {cond} }}"),
            Group::All => format!("all {{ {cond} }}"),
            Group::Not => format!("not {cond}"),
        };
    }
    cond
}

/// A flat expression of `n` operators over small non-zero numbers.
fn flat_expression(ops: &[u8]) -> String {
    let mut e = String::from("wager.amount");
    for (i, op) in ops.iter().enumerate() {
        let sym = ["+", "-", "*", "/"][usize::from(*op % 4)];
        e.push_str(&format!(" {sym} {}", i % 9 + 1));
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn nesting_is_t0008_exactly_past_the_limit(groups in prop::collection::vec(group(), 0..400)) {
        let text = hostile::tournament(&format!("    {}", nested_condition(&groups)), "wager.amount", "");
        let checked = run(&text);
        let levels = AROUND + groups.len();
        prop_assert_eq!(has(&checked, "T0008"), levels > MAX_NESTING, "levels {}", levels);
    }

    #[test]
    fn nested_points_are_t0008_exactly_past_the_limit(depth in 0usize..3000) {
        let checked = run(&hostile::nested_points(depth));
        prop_assert_eq!(has(&checked, "T0008"), AROUND + depth > MAX_NESTING);
    }

    #[test]
    fn flat_expressions_and_or_chains_are_accepted(
        ops in prop::collection::vec(any::<u8>(), 0..12_000),
        // Under the 2,000 values one query may hold (T0212).
        alternatives in 1usize..1_990,
    ) {
        let chain: Vec<String> = (0..alternatives).map(|i| format!("game.id = \"g{i}\"")).collect();
        let text = hostile::tournament(&format!("    {}", chain.join(" or ")), &flat_expression(&ops), "");
        let checked = run(&text);
        let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code.info().code).collect();
        prop_assert!(codes.is_empty(), "{:?}", codes);
    }

    #[test]
    fn many_alternatives_over_many_lines_are_decided_or_given_up(
        ors in 0usize..14,
        // With 2 values an `or` line, under the 2,000 values of T0212.
        plain in 0usize..1_960,
    ) {
        let checked = run(&hostile::or_lines(ors, plain));
        prop_assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    }

    #[test]
    fn mutated_hostile_files_never_crash(
        pick in 0usize..5,
        size in 0usize..2_000,
        edits in prop::collection::vec((any::<prop::sample::Index>(), "[(){}\"/* \nnot]{1,8}"), 1..8),
    ) {
        let mut text = match pick {
            0 => hostile::nested_parens(size),
            1 => hostile::nested_any(size),
            2 => hostile::flat_points(size),
            3 => hostile::or_lines(size % 12, size),
            _ => hostile::nested_not(size),
        };
        for (at, insert) in &edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, insert);
        }
        let checked = run(&text);
        for d in &checked.diagnostics {
            for label in &d.labels {
                prop_assert!(label.span.end <= text.len(), "{:?}", d);
            }
        }
    }
}
