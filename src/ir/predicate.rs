//! Eligibility predicates in negation normal form, with ksqlDB's null semantics.
//!
//! The checker pushes every `not` down to the comparisons, so no negation remains
//! above a comparison. Each comparison is false when a field it reads is missing,
//! which is how ksqlDB evaluates a positive comparison on a null column; negated
//! list tests carry an explicit presence guard because ksqlDB's `NOT (x IN (...))` is
//! true on null. So "missing makes a comparison fail" holds everywhere, and the
//! emitted filter and the in-process evaluator agree on every event.

use super::field::Field;
use crate::syntax::ast::CmpOp;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A literal in a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Literal {
    Text(String),
    Decimal(Decimal),
    /// Epoch milliseconds.
    Time(i64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Pred {
    True,
    False,
    And {
        all: Vec<Pred>,
    },
    Or {
        any: Vec<Pred>,
    },
    /// `field op value`; false when the field is missing.
    Cmp {
        field: Field,
        cmp: CmpOp,
        value: Literal,
    },
    /// `field in (values)`; false when the field is missing.
    In {
        field: Field,
        values: Vec<Literal>,
    },
    /// `field not in (values)`; false when the field is missing (guarded).
    NotIn {
        field: Field,
        values: Vec<Literal>,
    },
    Present {
        field: Field,
    },
    Missing {
        field: Field,
    },
    /// `win.amount - wager.amount op value`; false when either is missing.
    Net {
        cmp: CmpOp,
        value: Decimal,
    },
    /// `win.amount op value * wager.amount`; false when either is missing.
    Ratio {
        cmp: CmpOp,
        value: Decimal,
    },
}

impl Pred {
    /// A conjunction, flattened, with `True` parts dropped.
    pub fn and(parts: Vec<Pred>) -> Pred {
        let mut all = Vec::new();
        for p in parts {
            match p {
                Pred::True => {}
                Pred::And { all: inner } => all.extend(inner),
                other => all.push(other),
            }
        }
        match all.len() {
            0 => Pred::True,
            1 => all.remove(0),
            _ => Pred::And { all },
        }
    }

    /// A disjunction, flattened, with `False` parts dropped.
    pub fn or(parts: Vec<Pred>) -> Pred {
        let mut any = Vec::new();
        for p in parts {
            match p {
                Pred::False => {}
                Pred::Or { any: inner } => any.extend(inner),
                other => any.push(other),
            }
        }
        match any.len() {
            0 => Pred::False,
            1 => any.remove(0),
            _ => Pred::Or { any },
        }
    }
}
