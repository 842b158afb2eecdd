//! How the board is published, tie-broken and paid out.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LeaderboardSpec {
    pub update: Update,
    /// Applied in order after the score; the player counted first decides last.
    pub ties: Vec<TieBreak>,
    /// Number of places published.
    pub size: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prizes: Vec<PrizeTier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Update {
    Realtime,
    Every { interval_ms: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Who reached their current score first ranks higher.
    FirstToReach,
    /// More counted wagers rank higher.
    MostWagers,
    /// Fewer counted wagers rank higher.
    FewestWagers,
    /// Whose first counted wager came earlier ranks higher.
    EarliestEntry,
    /// The bigger single-wager points rank higher.
    BiggestWager,
}

impl TieBreak {
    pub const NAMES: &'static [&'static str] = &[
        "first_to_reach",
        "most_wagers",
        "fewest_wagers",
        "earliest_entry",
        "biggest_wager",
    ];

    pub fn from_name(name: &str) -> Option<TieBreak> {
        Some(match name {
            "first_to_reach" => TieBreak::FirstToReach,
            "most_wagers" => TieBreak::MostWagers,
            "fewest_wagers" => TieBreak::FewestWagers,
            "earliest_entry" => TieBreak::EarliestEntry,
            "biggest_wager" => TieBreak::BiggestWager,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrizeTier {
    pub places: PlaceSpec,
    pub prize: Prize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlaceSpec {
    /// Places `from..=to`, both one-based.
    Places { from: u32, to: u32 },
    /// From place `from` up to the last place within the top `percent` of ranked
    /// players (rounded up); empty when that is above `from`.
    Percent { from: u32, percent: Decimal },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prize {
    Text { text: String },
    Money { amount: Decimal, currency: String },
}
