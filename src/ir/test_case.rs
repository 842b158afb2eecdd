//! Inline test cases: sample wagers and what should come of them.

use super::event::WagerEvent;
use super::leaderboard::Prize;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TestCase {
    pub name: String,
    pub wagers: Vec<WagerEvent>,
    pub expect: Vec<Expectation>,
    /// Line of the test in its file, for reports.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "expect", rename_all = "snake_case")]
pub enum Expectation {
    Eligible {
        wager: String,
    },
    Ineligible {
        wager: String,
    },
    Score {
        player: String,
        score: Decimal,
    },
    Rank {
        player: String,
        rank: u32,
    },
    Prize {
        player: String,
        prize: Option<Prize>,
    },
}
