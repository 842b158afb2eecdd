//! The checked tournament model (IR). Emitters, the scoring config and the engine read
//! only this, never the syntax tree. It serializes to JSON (`tourney compile --emit ir`).

pub mod event;
pub mod field;
pub mod leaderboard;
pub mod predicate;
pub mod scoring;
pub mod test_case;

pub use event::WagerEvent;
pub use field::{Field, FieldType};
pub use leaderboard::{
    Display, LeaderboardSpec, PlaceSpec, Prize, PrizeTier, TieBreak, Update, Visibility,
};
pub use predicate::{Literal, Pred};
pub use scoring::{Aggregate, Cap, Conversion, Multiplier, NumExpr, NumField, NumStep, Scoring};
pub use test_case::{Expectation, TestCase};

use crate::syntax::Span;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One checked tournament.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tournament {
    pub id: String,
    pub title: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    pub schedule: Schedule,
    pub eligibility: Eligibility,
    pub scoring: Scoring,
    pub leaderboard: LeaderboardSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestCase>,
}

/// When the tournament runs, as instants (epoch milliseconds, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Schedule {
    /// First instant that counts (inclusive), RFC 3339 in UTC.
    pub start: String,
    /// Last instant, RFC 3339 in UTC; included only when `end_inclusive`.
    pub end: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub end_inclusive: bool,
    /// IANA time zone the times were written in, `UTC` by default.
    pub timezone: String,
    /// How long before the start the workers should be up.
    pub prewarm_ms: u64,
}

impl Schedule {
    /// Whether an event time falls inside the window.
    pub fn contains(&self, ms: i64) -> bool {
        ms >= self.start_ms
            && if self.end_inclusive {
                ms <= self.end_ms
            } else {
                ms < self.end_ms
            }
    }
}

/// The eligibility filter: every rule must hold. Rules are kept apart so a dry-run can
/// say which one rejected a wager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Eligibility {
    pub rules: Vec<EligibilityRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EligibilityRule {
    /// `operator`, `window`, `currency`, `only wins`, or `eligible` for a written condition.
    pub kind: RuleKind,
    /// The rule as written (or described, for implied rules).
    pub source: String,
    /// Where it was written, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<SourceSpan>,
    pub pred: Pred,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Operator,
    Window,
    Condition,
    OnlyWins,
    Currency,
}

/// A span with the name of the file it points into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SourceSpan {
    pub file: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
}
