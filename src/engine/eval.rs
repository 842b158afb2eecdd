//! Evaluating eligibility predicates on one event, exactly as the emitted ksqlDB filter
//! decides: a comparison reading a missing field is false; `not in` carries its own
//! presence guard; decimals compare by value whatever their scale; text compares
//! case-sensitively, code unit by code unit; a zero stake has no `win.multiplier`.

use crate::ir::{Eligibility, Field, Literal, Pred, WagerEvent};
use crate::syntax::ast::CmpOp;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Whether `pred` holds for `ev`.
pub fn eval(pred: &Pred, ev: &WagerEvent) -> bool {
    match pred {
        Pred::True => true,
        Pred::False => false,
        Pred::And { all } => all.iter().all(|p| eval(p, ev)),
        Pred::Or { any } => any.iter().any(|p| eval(p, ev)),
        Pred::Cmp { field, cmp, value } => compare(*field, *cmp, value, ev),
        Pred::In { field, values } => text(*field, ev).is_some_and(|t| {
            values
                .iter()
                .any(|v| matches!(v, Literal::Text(s) if s == t))
        }),
        Pred::NotIn { field, values } => text(*field, ev).is_some_and(|t| {
            !values
                .iter()
                .any(|v| matches!(v, Literal::Text(s) if s == t))
        }),
        Pred::Present { field } => present(*field, ev),
        Pred::Missing { field } => !present(*field, ev),
        Pred::Net { cmp, value } => match (ev.win_amount, ev.wager_amount) {
            (Some(win), Some(wager)) => win
                .checked_sub(wager)
                .is_some_and(|net| holds(net.cmp(value), *cmp)),
            _ => false,
        },
        // A zero stake has no multiplier: every comparison on it is false.
        Pred::Ratio { cmp, value } => match (ev.win_amount, ev.wager_amount) {
            (Some(win), Some(wager)) if !wager.is_zero() => value
                .checked_mul(wager)
                .is_some_and(|rhs| holds(win.cmp(&rhs), *cmp)),
            _ => false,
        },
    }
}

/// The index of the first rule of `elig` that `ev` fails, if any.
pub fn first_failing(elig: &Eligibility, ev: &WagerEvent) -> Option<usize> {
    elig.rules.iter().position(|r| !eval(&r.pred, ev))
}

fn holds(ord: Ordering, cmp: CmpOp) -> bool {
    match cmp {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

fn text(field: Field, ev: &WagerEvent) -> Option<&str> {
    match field {
        Field::WagerId => ev.wager_id.as_deref(),
        Field::PlayerId => ev.player_id.as_deref(),
        Field::OperatorId => ev.operator_id.as_deref(),
        Field::GameId => ev.game_id.as_deref(),
        Field::GameCategory => ev.game_category.as_deref(),
        Field::Currency => ev.currency.as_deref(),
        Field::PlayerSegment => ev.player_segment.as_deref(),
        Field::Jurisdiction => ev.jurisdiction.as_deref(),
        Field::PlayerName => ev.player_name.as_deref(),
        Field::SourceId => ev.source_id.as_deref(),
        Field::SourceSeq => ev.source_seq.as_deref(),
        _ => None,
    }
}

fn decimal(field: Field, ev: &WagerEvent) -> Option<Decimal> {
    match field {
        Field::WagerAmount => ev.wager_amount,
        Field::WinAmount => ev.win_amount,
        Field::WinNet => ev.win_amount?.checked_sub(ev.wager_amount?),
        _ => None,
    }
}

fn present(field: Field, ev: &WagerEvent) -> bool {
    match field {
        Field::WagerAmount | Field::WinAmount | Field::WinNet => decimal(field, ev).is_some(),
        Field::WinMultiplier => {
            ev.win_amount.is_some() && ev.wager_amount.is_some_and(|w| !w.is_zero())
        }
        Field::Time => ev.timestamp_ms.is_some(),
        _ => text(field, ev).is_some(),
    }
}

fn compare(field: Field, cmp: CmpOp, value: &Literal, ev: &WagerEvent) -> bool {
    match value {
        // Java's String.compareTo orders by UTF-16 code units.
        // Equality is the same in any encoding: compare bytes.
        Literal::Text(s) if matches!(cmp, CmpOp::Eq | CmpOp::Ne) => {
            text(field, ev).is_some_and(|t| (t == s) == (cmp == CmpOp::Eq))
        }
        Literal::Text(s) => {
            text(field, ev).is_some_and(|t| holds(t.encode_utf16().cmp(s.encode_utf16()), cmp))
        }
        Literal::Decimal(d) => decimal(field, ev).is_some_and(|v| holds(v.cmp(d), cmp)),
        Literal::Time(ms) => {
            field == Field::Time && ev.timestamp_ms.is_some_and(|t| holds(t.cmp(ms), cmp))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev() -> WagerEvent {
        WagerEvent {
            game_category: Some("slots".into()),
            wager_amount: Some(Decimal::new(1000, 2)),
            ..WagerEvent::default()
        }
    }

    #[test]
    fn missing_fields_fail_every_comparison() {
        let e = ev();
        let ne = Pred::Cmp {
            field: Field::Jurisdiction,
            cmp: CmpOp::Ne,
            value: Literal::Text("GB".into()),
        };
        let not_in = Pred::NotIn {
            field: Field::Jurisdiction,
            values: vec![Literal::Text("GB".into())],
        };
        assert!(!eval(&ne, &e));
        assert!(!eval(&not_in, &e));
        assert!(eval(
            &Pred::Missing {
                field: Field::Jurisdiction
            },
            &e
        ));
    }

    #[test]
    fn decimals_compare_by_value() {
        let p = Pred::Cmp {
            field: Field::WagerAmount,
            cmp: CmpOp::Eq,
            value: Literal::Decimal(Decimal::new(10, 0)),
        };
        assert!(eval(&p, &ev()));
    }

    #[test]
    fn text_is_case_sensitive() {
        let p = Pred::Cmp {
            field: Field::GameCategory,
            cmp: CmpOp::Eq,
            value: Literal::Text("Slots".into()),
        };
        assert!(!eval(&p, &ev()));
    }
}
