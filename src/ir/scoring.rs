//! How counted wagers turn into points.

use super::predicate::Pred;
use crate::syntax::ast::ArithOp;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scoring {
    /// Points of one counted wager, before multipliers.
    pub points: NumExpr,
    /// Every multiplier whose condition holds applies; they multiply together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multipliers: Vec<Multiplier>,
    pub aggregate: Aggregate,
    /// At most `points` per player in each window; windows start at the tournament start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<Cap>,
    /// The scoring currency and the rates that convert other currencies into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Conversion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NumExpr {
    Const {
        value: Decimal,
    },
    Field {
        field: NumField,
    },
    /// `first op operand op operand ...`, evaluated left to right: one precedence level
    /// of the expression as written, kept flat however long it is.
    Chain {
        first: Box<NumExpr>,
        rest: Vec<NumStep>,
    },
}

/// One `op operand` of a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NumStep {
    pub op: ArithOp,
    pub operand: NumExpr,
}

/// Numeric event fields usable in a points expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NumField {
    WagerAmount,
    WinAmount,
    WinNet,
    WinMultiplier,
}

impl NumField {
    /// Whether the field is an amount of money (converted by the currency rates).
    pub fn is_money(self) -> bool {
        !matches!(self, NumField::WinMultiplier)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Multiplier {
    pub factor: Decimal,
    pub when: Pred,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// A player's score is the sum of their wagers' points.
    Sum,
    /// A player's score is their best single wager's points.
    Max,
    /// A player's score is the number of counted wagers.
    Count,
}

impl Aggregate {
    pub const NAMES: &'static [&'static str] = &["sum", "max", "count"];

    pub fn from_name(name: &str) -> Option<Aggregate> {
        match name {
            "sum" => Some(Aggregate::Sum),
            "max" => Some(Aggregate::Max),
            "count" => Some(Aggregate::Count),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Cap {
    pub points: Decimal,
    pub window_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Conversion {
    pub base: String,
    /// Units of `base` per unit of each other currency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rates: BTreeMap<String, Decimal>,
}
