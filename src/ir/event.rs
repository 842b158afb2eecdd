//! A wager event as the scoring side sees it. Every field is optional because events
//! arrive best-effort; what a rule needs and does not find makes that rule fail.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WagerEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wager_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub player_id: Option<String>,
    /// The name other players see under `display name` (`playerName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub player_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wager_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub win_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub player_segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// Event time, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// Where the wager was recorded (`sourceId`): the gaming system's outbox, one
    /// server, one table. With `source_seq` it lets the engine notice wagers that never
    /// arrived (the book's chapter "Lost events and audits").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The wager's place in its source (`sourceSeq`), a whole number counting up by one
    /// per wager the source produced, as text or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_seq: Option<String>,
}
