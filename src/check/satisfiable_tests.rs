//! The analysis counts its work: plain comparisons cost their number, once, however
//! many alternatives there are; past the budget the verdict is unknown, not slow.

use super::*;
use crate::check::dnf::{MAX_CASES, MAX_WORK};

fn atom(field: Field, cmp: CmpOp, value: &str) -> SPred {
    SPred::Atom(
        Pred::Cmp {
            field,
            cmp,
            value: Literal::Text(value.to_string()),
        },
        Span::new(0, 1),
    )
}

/// `ors` lines of two alternatives, then `plain` lines of `player.id != "p<i>"`.
fn rules(ors: usize, plain: usize) -> SPred {
    let mut all = Vec::new();
    for i in 0..ors {
        all.push(SPred::Or(vec![
            atom(Field::GameId, CmpOp::Ne, &format!("a{i}")),
            atom(Field::PlayerSegment, CmpOp::Ne, &format!("b{i}")),
        ]));
    }
    for i in 0..plain {
        all.push(atom(Field::PlayerId, CmpOp::Ne, &format!("p{i}")));
    }
    SPred::And(all)
}

fn work(rule: &SPred) -> (Verdict, usize) {
    let mut budget = Budget::default();
    let verdict = analyze_counted(&[(SourceId(0), rule)], &mut budget);
    (verdict, budget.spent)
}

#[test]
fn plain_lines_cost_their_number_once_whatever_the_alternatives() {
    let (v10, w10) = work(&rules(9, 10_000));
    let (v20, w20) = work(&rules(9, 20_000));
    assert!(matches!(v10, Verdict::Satisfiable { .. }));
    assert!(matches!(v20, Verdict::Satisfiable { .. }));
    // 512 cases of 9 alternatives each, plus one unit per plain line.
    let alternatives = MAX_CASES * 9 * 4;
    assert!(w10 <= 10_000 + alternatives, "work {w10}");
    assert_eq!(
        w20 - w10,
        10_000,
        "10,000 more lines cost 10,000 more units"
    );
}

#[test]
fn too_many_alternatives_are_unknown() {
    let (verdict, _) = work(&rules(10, 0));
    assert!(matches!(verdict, Verdict::Unknown));
}

#[test]
fn copying_large_states_into_every_case_stops_at_the_budget() {
    // Alternatives on the field of a 10,000-value exclusion list copy it per case.
    let mut all = Vec::new();
    for i in 0..10_000 {
        all.push(atom(Field::PlayerId, CmpOp::Ne, &format!("p{i}")));
    }
    for i in 0..9 {
        all.push(SPred::Or(vec![
            atom(Field::PlayerId, CmpOp::Ne, &format!("x{i}")),
            atom(Field::GameId, CmpOp::Ne, &format!("g{i}")),
        ]));
    }
    let (verdict, spent) = work(&SPred::And(all));
    assert!(matches!(verdict, Verdict::Unknown));
    assert!(
        spent <= MAX_WORK + 2 * 10_010,
        "stopped after one case past the budget: {spent}"
    );
}

#[test]
fn excluding_every_allowed_value_is_a_conflict() {
    let allowed: Vec<Literal> = (0..1000).map(|i| Literal::Text(format!("p{i}"))).collect();
    let list = SPred::Atom(
        Pred::In {
            field: Field::PlayerId,
            values: allowed,
        },
        Span::new(0, 1),
    );
    let mut all = vec![list];
    for i in 0..999 {
        all.push(atom(Field::PlayerId, CmpOp::Ne, &format!("p{i}")));
    }
    assert!(matches!(
        work(&SPred::And(all.clone())).0,
        Verdict::Satisfiable { .. }
    ));
    all.push(atom(Field::PlayerId, CmpOp::Ne, "p999"));
    assert!(matches!(work(&SPred::And(all)).0, Verdict::Never(_)));
}
