//! The event fields a tournament can talk about, their types and ksqlDB columns.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The value types of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Money,
    Timestamp,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Money => "money",
            FieldType::Timestamp => "timestamp",
        }
    }
}

/// A field of the wager event, as the language names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    WagerId,
    PlayerId,
    OperatorId,
    GameId,
    GameCategory,
    WagerAmount,
    Currency,
    WinAmount,
    PlayerSegment,
    Jurisdiction,
    /// The name shown to other players under `display name`; carried on events, but
    /// no rule can read it (it is not in [`FIELDS`]).
    PlayerName,
    /// The source a wager was recorded in and its place there (`sourceId`,
    /// `sourceSeq`); read by the engine's gap tracking, by no rule.
    SourceId,
    SourceSeq,
    Time,
    /// `win.amount - wager.amount`
    WinNet,
    /// `win.amount / wager.amount`
    WinMultiplier,
}

/// Field name in the language, the field, and its type.
pub const FIELDS: &[(&str, Field, FieldType)] = &[
    ("wager.id", Field::WagerId, FieldType::Text),
    ("player.id", Field::PlayerId, FieldType::Text),
    ("game.id", Field::GameId, FieldType::Text),
    ("game.category", Field::GameCategory, FieldType::Text),
    ("wager.amount", Field::WagerAmount, FieldType::Money),
    ("wager.currency", Field::Currency, FieldType::Text),
    ("win.amount", Field::WinAmount, FieldType::Money),
    ("win.net", Field::WinNet, FieldType::Money),
    ("win.multiplier", Field::WinMultiplier, FieldType::Number),
    ("player.segment", Field::PlayerSegment, FieldType::Text),
    ("player.jurisdiction", Field::Jurisdiction, FieldType::Text),
    ("wager.time", Field::Time, FieldType::Timestamp),
];

impl Field {
    pub fn lookup(name: &str) -> Option<(Field, FieldType)> {
        FIELDS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, f, t)| (*f, *t))
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        FIELDS.iter().map(|(n, _, _)| *n)
    }

    /// The language's name for the field.
    pub fn name(self) -> &'static str {
        match self {
            Field::OperatorId => "operator.id",
            Field::PlayerName => "player.name",
            Field::SourceId => "source.id",
            Field::SourceSeq => "source.seq",
            _ => FIELDS
                .iter()
                .find(|(_, f, _)| *f == self)
                .map_or("?", |(n, _, _)| n),
        }
    }

    pub fn ty(self) -> FieldType {
        match self {
            Field::OperatorId | Field::PlayerName | Field::SourceId | Field::SourceSeq => {
                FieldType::Text
            }
            _ => FIELDS
                .iter()
                .find(|(_, f, _)| *f == self)
                .map_or(FieldType::Text, |(_, _, t)| *t),
        }
    }

    /// The key of the field in the JSON wager event.
    pub fn json_key(self) -> &'static str {
        match self {
            Field::WagerId => "wagerId",
            Field::PlayerId => "playerId",
            Field::OperatorId => "operatorId",
            Field::GameId => "gameId",
            Field::GameCategory => "gameCategory",
            Field::WagerAmount => "wagerAmount",
            Field::Currency => "currency",
            Field::WinAmount => "winAmount",
            Field::PlayerSegment => "playerSegment",
            Field::Jurisdiction => "jurisdiction",
            Field::PlayerName => "playerName",
            Field::SourceId => "sourceId",
            Field::SourceSeq => "sourceSeq",
            Field::Time => "timestamp",
            Field::WinNet | Field::WinMultiplier => "winAmount",
        }
    }
}
