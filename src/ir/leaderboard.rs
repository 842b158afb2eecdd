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
    /// Who may read the board: anyone, or only players holding a player token.
    #[serde(default)]
    pub visibility: Visibility,
    /// How a player sees the other players on the board.
    #[serde(default)]
    pub display: Display,
}

/// Who may read the board.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone may read the board (`public`, the default).
    #[default]
    Public,
    /// Players see the board only with a player token (`private`).
    Private,
}

impl Visibility {
    pub const NAMES: &'static [&'static str] = &["public", "private"];

    pub fn from_name(name: &str) -> Option<Visibility> {
        Some(match name {
            "public" => Visibility::Public,
            "private" => Visibility::Private,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Private => "private",
        }
    }
}

/// How other players are shown to a player (`display masked | name | id`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    /// The player id with its middle masked, such as `pl***49` (the default).
    #[default]
    Masked,
    /// The display name carried on the player's latest event; the masked id when
    /// no name was carried.
    Name,
    /// The raw player id.
    Id,
}

impl Display {
    pub const NAMES: &'static [&'static str] = &["masked", "name", "id"];

    pub fn from_name(name: &str) -> Option<Display> {
        Some(match name {
            "masked" => Display::Masked,
            "name" => Display::Name,
            "id" => Display::Id,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Display::Masked => "masked",
            Display::Name => "name",
            Display::Id => "id",
        }
    }
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
