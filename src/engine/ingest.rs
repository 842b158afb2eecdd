//! Reading wager events from JSON, with a reason for every rejected line.
//!
//! An event is read the way the deployed query reads it: keys onto columns as
//! ksqlDB's JSON deserializer matches them ([`keys`]), each value as its column's
//! type reads it ([`value`]), the time as the source stream's `TIMESTAMP_FORMAT`
//! reads it ([`timestamp`]). A line is malformed when it is not a JSON object, lacks
//! `wagerId`, `playerId` or `timestamp`, has a value its column cannot hold (an object
//! or array for text, an amount that is not a number or does not fit `DECIMAL(18, 4)`
//! exactly), a negative amount, an unknown currency, or a time the source stream
//! drops. The rule is stated once in the book's engine chapter.

mod keys;
mod record;
mod timestamp;
mod value;
mod write;

pub use record::{parse_record, Record};
pub use write::wager_line;

use crate::ir::WagerEvent;
use rust_decimal::Decimal;
use serde_json::value::RawValue;

/// Why a line was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub reason: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

fn bad(reason: impl Into<String>) -> Malformed {
    Malformed {
        reason: reason.into(),
    }
}

/// Parses one JSON wager event.
pub fn parse_event(line: &str) -> Result<WagerEvent, Malformed> {
    let keys::Row(row) =
        keys::read(line).map_err(|e| bad(format!("not a JSON wager object: {e}")))?;
    // In `SOURCE_COLUMNS` order.
    let [wager_id, player_id, operator_id, game_id, game_category, wager_amount, currency, win_amount, player_segment, jurisdiction, timestamp, player_name, source_id, source_seq] =
        row;
    let ev = WagerEvent {
        wager_id: text(wager_id, "wagerId")?,
        player_id: text(player_id, "playerId")?,
        player_name: text(player_name, "playerName")?,
        operator_id: text(operator_id, "operatorId")?,
        game_id: text(game_id, "gameId")?,
        game_category: text(game_category, "gameCategory")?,
        wager_amount: amount(wager_amount, "wagerAmount")?,
        currency: text(currency, "currency")?,
        win_amount: amount(win_amount, "winAmount")?,
        player_segment: text(player_segment, "playerSegment")?,
        jurisdiction: text(jurisdiction, "jurisdiction")?,
        timestamp_ms: time(timestamp)?,
        source_id: tracking(source_id),
        source_seq: tracking(source_seq),
    };
    validate(&ev)?;
    Ok(ev)
}

fn present(v: Option<&RawValue>) -> Option<&RawValue> {
    v.filter(|v| v.get() != "null")
}

fn text(v: Option<&RawValue>, name: &str) -> Result<Option<String>, Malformed> {
    present(v)
        .map(|v| value::text(v, name).map_err(bad))
        .transpose()
}

/// The source and sequence number a line carries, read whether or not it is a
/// well-formed wager: a wager set aside as a dead letter still arrived, and must not
/// look like a gap.
pub fn source_marks(line: &str) -> Option<(String, String)> {
    let keys::Row(row) = keys::read(line).ok()?;
    let at = crate::emit::columns::SOURCE_COLUMNS.len();
    let source = tracking(*row.get(at)?)?;
    let seq = tracking(*row.get(at + 1)?)?;
    Some((source, seq))
}

/// A tracking key's text. The source stream does not declare these keys, so a value
/// that has no text (an object, an array) only leaves the wager untracked: it never
/// sets the wager aside, which ksqlDB would not do either.
fn tracking(v: Option<&RawValue>) -> Option<String> {
    present(v).and_then(|v| value::text(v, "").ok())
}

fn amount(v: Option<&RawValue>, name: &str) -> Result<Option<Decimal>, Malformed> {
    present(v)
        .map(|v| value::amount(v, name).map_err(bad))
        .transpose()
}

fn time(v: Option<&RawValue>) -> Result<Option<i64>, Malformed> {
    let Some(s) = text(v, "timestamp")? else {
        return Ok(None);
    };
    timestamp::parse(&s).map(Some).map_err(bad)
}

fn validate(ev: &WagerEvent) -> Result<(), Malformed> {
    for (value, name) in [(&ev.wager_id, "wagerId"), (&ev.player_id, "playerId")] {
        if value.as_deref().is_none_or(str::is_empty) {
            return Err(bad(format!("missing `{name}`")));
        }
    }
    if ev.timestamp_ms.is_none() {
        return Err(bad("missing `timestamp`"));
    }
    if let Some(c) = &ev.currency {
        if !crate::check::is_currency(c) {
            return Err(bad(format!("unknown currency {c:?}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exact_amounts() {
        let ev = parse_event(r#"{"wagerId":"w","playerId":"p","wagerAmount":10.10,"currency":"EUR","timestamp":"2024-11-15T10:00:00Z"}"#).unwrap();
        assert_eq!(ev.wager_amount, Some(Decimal::new(1010, 2)));
        assert_eq!(ev.timestamp_ms, Some(1_731_664_800_000));
    }

    #[test]
    fn reads_the_column_names_ksqldb_writes() {
        let ksql = parse_event(r#"{"WAGERID":"w","PLAYERID":"p","GAMECATEGORY":"slots","WAGERAMOUNT":10.1,"CURRENCY":"EUR","WINAMOUNT":null,"TIMESTAMP":"2024-11-15T10:00:00Z"}"#).unwrap();
        let plain = parse_event(r#"{"wagerId":"w","playerId":"p","gameCategory":"slots","wagerAmount":10.1,"currency":"EUR","timestamp":"2024-11-15T10:00:00Z"}"#).unwrap();
        assert_eq!(ksql, plain);
    }

    #[test]
    fn gives_reasons() {
        let cases = [
            ("{", "not a JSON wager object"),
            (
                r#"{"playerId":"p","timestamp":"2024-11-15T10:00:00Z"}"#,
                "missing `wagerId`",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","wagerAmount":-1,"timestamp":"2024-11-15T10:00:00Z"}"#,
                "negative",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","wagerAmount":"x","timestamp":"2024-11-15T10:00:00Z"}"#,
                "not a number",
            ),
            (
                r#"{"wagerId":"w","playerId":{"id":5},"timestamp":"2024-11-15T10:00:00Z"}"#,
                "not a string",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","currency":"XXQ","timestamp":"2024-11-15T10:00:00Z"}"#,
                "unknown currency",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","timestamp":"yesterday"}"#,
                "RFC 3339",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","timestamp":"2024-11-15T10:00:00.5Z"}"#,
                "0, 3, 6 or 9 fraction digits",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","wagerAmount":123456789012345,"timestamp":"2024-11-15T10:00:00Z"}"#,
                "fourteen",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","wagerAmount":0.99999999999999999999999999999,"timestamp":"2024-11-15T10:00:00Z"}"#,
                "more than four decimal places",
            ),
        ];
        for (line, reason) in cases {
            let err = parse_event(line).unwrap_err();
            assert!(err.reason.contains(reason), "{line}: {}", err.reason);
        }
    }

    #[test]
    fn reads_keys_and_values_as_the_deployed_query_does() {
        let plain =
            parse_event(r#"{"wagerId":"w","playerId":"12345","timestamp":"2024-11-15T10:00:00Z"}"#)
                .unwrap();
        for line in [
            r#"{"wagerId":"w","PlayerID":"12345","timestamp":"2024-11-15T10:00:00Z"}"#,
            r#"{"wagerId":"w","PLAYERID":"12345","timestamp":"2024-11-15T10:00:00Z"}"#,
            r#"{"wagerId":"w","playerId":12345,"timestamp":"2024-11-15T10:00:00Z"}"#,
            r#"{"WagerId":"w","playerid":12345,"TimeStamp":"2024-11-15T10:00:00Z"}"#,
        ] {
            assert_eq!(parse_event(line), Ok(plain.clone()), "{line}");
        }
    }

    #[test]
    fn an_amount_that_cannot_be_held_exactly_is_set_aside() {
        let line = |amount: &str| {
            format!(
                r#"{{"wagerId":"w","playerId":"p","wagerAmount":{amount},"timestamp":"2024-11-15T10:00:00Z"}}"#
            )
        };
        for amount in [
            "0.99999999999999999999999999999",
            "1.00001",
            "\"0.99999999999999999999999999999\"",
            "1e-5",
            "99999999999999.99995",
        ] {
            let err = parse_event(&line(amount)).unwrap_err();
            assert!(
                err.reason.contains("more than four decimal places"),
                "{amount}: {err}"
            );
        }
        for (amount, want) in [
            ("1.00000", "1"),
            ("1.2345000000000000000000000000000", "1.2345"),
            ("12e3", "12000"),
            ("\"10.10\"", "10.10"),
        ] {
            let ev = parse_event(&line(amount)).unwrap();
            assert_eq!(ev.wager_amount, Some(want.parse().unwrap()), "{amount}");
        }
    }
}
