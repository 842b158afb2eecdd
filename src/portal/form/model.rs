//! The form: the JSON the portal's browser form sends and receives.
//!
//! Every value is text as the operator wrote it in the source (`"0.10"`, not `0.1`;
//! `"2024-12-31T18:00"`, not a UTC instant), so reading a file and writing the same
//! form back changes nothing. A field that is absent from the source is `null`, an
//! empty list or `false`; writing such a field adds the item, emptying it removes the
//! item.

use serde::{Deserialize, Serialize};

/// The editable fields of one `tournament` (or `template`) block.
///
/// `POST /v1/portal/form/read` answers `{"form": Form, "kept": [Kept], ...}` and
/// `POST /v1/portal/form/write` takes `{"source", "form": Form}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    /// `tournament` or `template`: the keyword that opens the block.
    pub kind: Kind,
    /// The block's name: the tournament id (`tournament "ID"`).
    pub id: String,
    /// The template the block starts from (`from "slots-race"`), if any.
    pub from: Option<String>,
    /// `title "..."`.
    pub title: Option<String>,
    /// `description "..."`.
    pub description: Option<String>,
    /// `operator "..."`.
    pub operator: Option<String>,
    /// Who and what may take part: the simple lines of `eligible when { ... }`.
    pub eligibility: Eligibility,
    /// `timezone`, `runs` and `prewarm`.
    pub schedule: Schedule,
    /// The `score { ... }` block.
    pub scoring: Scoring,
    /// The `leaderboard { ... }` block.
    pub leaderboard: Board,
}

/// The keyword that opens the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Tournament,
    Template,
}

/// The conditions of `eligible when` that the form shows, one source line each.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Eligibility {
    /// `game.id = "a"` or `game.id in ("a", "b")`: the games included by id.
    pub game_ids: Vec<String>,
    /// `game.category = "slots"` or `game.category in (...)`: the categories included.
    pub categories: Vec<String>,
    /// `wager.amount >= 0.10 EUR`: the minimum bet.
    pub min_bet: Option<Money>,
    /// `wager.amount <= 500.00 EUR`: the maximum bet.
    pub max_bet: Option<Money>,
    /// `player.segment = "VIP"` or `player.segment in (...)`: the player segments.
    pub segments: Vec<String>,
    /// `player.jurisdiction in (...)` and `player.jurisdiction not in (...)`.
    pub jurisdictions: Jurisdictions,
}

/// An amount of money as written: decimal text and a three-letter currency code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Money {
    /// Decimal text such as `"0.10"` or `"25000.00"`.
    pub amount: String,
    /// An ISO 4217 code in capitals, such as `"EUR"`.
    pub currency: String,
}

/// Jurisdictions allowed (only these take part) or excluded (all but these).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Jurisdictions {
    /// `player.jurisdiction in ("SE", "FI")`.
    pub allowed: Vec<String>,
    /// `player.jurisdiction not in ("GB", "US")`.
    pub excluded: Vec<String>,
    /// With an excluded list, also admit wagers with no jurisdiction on record:
    /// `player.jurisdiction is missing or player.jurisdiction not in (...)`.
    pub admit_missing: bool,
}

/// When the tournament runs, in the time zone the source writes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    /// `timezone "Europe/Malta"`: the IANA zone local times are read in.
    pub timezone: Option<String>,
    /// The first instant of `runs`, as written: `2024-12-31T18:00` (local, in
    /// `timezone`) or `2024-12-01T00:00:00Z` (with an offset).
    pub start: Option<String>,
    /// The end of `runs`, written like `start`.
    pub end: Option<String>,
    /// `..=` (the end instant counts) rather than `..` (it does not).
    pub end_inclusive: bool,
    /// `prewarm 45m`: a duration (`ms`, `s`, `m`, `h`, `d` or `w`).
    pub prewarm: Option<String>,
}

/// The scoring model.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Scoring {
    /// The points expression as text: `points = wager.amount * 10` gives
    /// `"wager.amount * 10"`.
    pub points: Option<String>,
    /// `aggregate sum` (or `max`, ...): how a player's points add up.
    pub aggregate: Option<String>,
    /// `only wins`: only winning wagers score.
    pub only_wins: bool,
    /// `x1.5 when player.segment = "VIP"`, in source order.
    pub multipliers: Vec<Multiplier>,
    /// `cap 1000 per 1w`, in source order.
    pub caps: Vec<Cap>,
    /// `currency EUR { USD 0.92 }`: the scoring currency and its rates.
    pub currency: Option<Currency>,
}

/// One multiplier line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Multiplier {
    /// The factor without its `x`: `"1.5"` for `x1.5`.
    pub factor: String,
    /// The condition after `when`, as text.
    pub when: String,
}

/// One cap line: at most `points` points per `per`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cap {
    /// Decimal text.
    pub points: String,
    /// A duration such as `"1w"`.
    pub per: String,
}

/// The scoring currency and conversion rates into it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Currency {
    /// The currency points are counted in, such as `"EUR"`.
    pub code: String,
    /// How much one unit of another currency is worth in `code`.
    pub rates: Vec<Rate>,
}

/// `USD 0.92` inside a currency block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rate {
    pub code: String,
    /// Decimal text.
    pub rate: String,
}

/// The leaderboard: update frequency, tie-breaks, size and prizes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Board {
    /// `"realtime"` (`update realtime`) or a duration such as `"10s"`
    /// (`update every 10s`).
    pub update: Option<String>,
    /// Tie-break rules in order, such as `["first_to_reach", "most_wagers"]`.
    pub ties: Vec<String>,
    /// `size 100`: how many places the board shows, as written.
    pub size: Option<String>,
    /// The lines of `prizes { ... }`, in source order.
    pub prizes: Vec<Prize>,
}

/// One prize line: `2..3: "€100"` or `1: 500.00 EUR`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Prize {
    /// `"1"`, `"2..3"`, `"top 10"` or `"top 5%"`.
    pub places: String,
    /// What those places win.
    pub prize: PrizeValue,
}

/// A prize: a text such as `"20 free spins"`, or money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrizeValue {
    /// `{"text": "20 free spins"}`
    Text(String),
    /// `{"money": {"amount": "500.00", "currency": "EUR"}}`
    Money(Money),
}

impl Default for PrizeValue {
    fn default() -> Self {
        PrizeValue::Text(String::new())
    }
}

/// The name of a form field, for read-only marks and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Kind,
    Id,
    From,
    Title,
    Description,
    Operator,
    GameIds,
    Categories,
    MinBet,
    MaxBet,
    Segments,
    JurisdictionsAllowed,
    JurisdictionsExcluded,
    Timezone,
    Runs,
    Prewarm,
    Points,
    Aggregate,
    OnlyWins,
    Multipliers,
    Caps,
    Currency,
    Update,
    Ties,
    Size,
    Prizes,
}

impl Field {
    /// The field's name as the JSON writes it, such as `min_bet`.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name,
            _ => format!("{self:?}"),
        }
    }
}

/// A part of the source the form cannot show; `write` leaves it byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// Byte offsets `[start, end)` into the source.
    pub start: usize,
    pub end: usize,
    /// A short description: `a test "who may enter"`, `a comment`, ...
    pub what: String,
    /// The form fields this part would have held, which the form shows read-only.
    pub fields: Vec<Field>,
}

/// What [`super::read`] makes of a source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormRead {
    /// The fields the form shows, filled from the first block of the file.
    pub form: Form,
    /// Everything else, in source order.
    pub kept: Vec<Kept>,
    /// The fields the UI must disable: what the source writes there is not a shape
    /// the form can show (the union of the `fields` of `kept`).
    pub read_only: Vec<Field>,
    /// Why the source cannot be edited through the form (lines the parser could not
    /// read, no block at all); empty when it can.
    pub problems: Vec<String>,
}
