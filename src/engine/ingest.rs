//! Reading wager events from JSON, with a reason for every rejected line.
//!
//! Amounts are read from the number's text, never through a float, so `10.10` stays
//! exactly `10.10`. A line is malformed when it is not a JSON object, lacks `wagerId`,
//! `playerId` or `timestamp`, has a field of the wrong type, a negative amount, more
//! than four decimal places (the ksqlDB column is `DECIMAL(18, 4)`), an unknown
//! currency, or a timestamp that is not RFC 3339 with whole seconds and an optional
//! three-digit fraction (what the source stream's `TIMESTAMP_FORMAT` reads).

use crate::ir::WagerEvent;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

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

/// A wager as JSON: the camelCase keys of the source topic, or the upper-case column
/// names ksqlDB writes to a tournament's eligible topic (`SELECT *` of `WAGER_EVENTS`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw<'a> {
    #[serde(borrow, default, alias = "WAGERID")]
    wager_id: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "PLAYERID")]
    player_id: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "OPERATORID")]
    operator_id: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "GAMEID")]
    game_id: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "GAMECATEGORY")]
    game_category: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "WAGERAMOUNT")]
    wager_amount: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "CURRENCY")]
    currency: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "WINAMOUNT")]
    win_amount: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "PLAYERSEGMENT")]
    player_segment: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "JURISDICTION")]
    jurisdiction: Option<&'a RawValue>,
    #[serde(borrow, default, alias = "TIMESTAMP")]
    timestamp: Option<&'a RawValue>,
}

/// Parses one JSON wager event.
pub fn parse_event(line: &str) -> Result<WagerEvent, Malformed> {
    let raw: Raw<'_> =
        serde_json::from_str(line).map_err(|e| bad(format!("not a JSON wager object: {e}")))?;
    let ev = WagerEvent {
        wager_id: text(raw.wager_id, "wagerId")?,
        player_id: text(raw.player_id, "playerId")?,
        operator_id: text(raw.operator_id, "operatorId")?,
        game_id: text(raw.game_id, "gameId")?,
        game_category: text(raw.game_category, "gameCategory")?,
        wager_amount: amount(raw.wager_amount, "wagerAmount")?,
        currency: text(raw.currency, "currency")?,
        win_amount: amount(raw.win_amount, "winAmount")?,
        player_segment: text(raw.player_segment, "playerSegment")?,
        jurisdiction: text(raw.jurisdiction, "jurisdiction")?,
        timestamp_ms: time(raw.timestamp)?,
    };
    validate(&ev)?;
    Ok(ev)
}

fn is_null(v: &RawValue) -> bool {
    v.get() == "null"
}

fn text(v: Option<&RawValue>, name: &str) -> Result<Option<String>, Malformed> {
    let Some(v) = v.filter(|v| !is_null(v)) else {
        return Ok(None);
    };
    match serde_json::from_str::<Cow<'_, str>>(v.get()) {
        Ok(s) => Ok(Some(s.into_owned())),
        Err(_) => Err(bad(format!("`{name}` is not a string"))),
    }
}

fn amount(v: Option<&RawValue>, name: &str) -> Result<Option<Decimal>, Malformed> {
    let Some(v) = v.filter(|v| !is_null(v)) else {
        return Ok(None);
    };
    let raw = v.get();
    let text = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner,
        None => raw,
    };
    let d: Decimal = text
        .parse()
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| bad(format!("`{name}` is not a number: {raw}")))?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(bad(format!("`{name}` is negative: {raw}")));
    }
    if d.normalize().scale() > 4 {
        return Err(bad(format!(
            "`{name}` has more than four decimal places: {raw}"
        )));
    }
    if d.abs() >= Decimal::from(100_000_000_000_000i64) {
        return Err(bad(format!(
            "`{name}` has more than fourteen integer digits: {raw}"
        )));
    }
    Ok(Some(d))
}

fn time(v: Option<&RawValue>) -> Result<Option<i64>, Malformed> {
    let Some(s) = text(v, "timestamp")? else {
        return Ok(None);
    };
    // The source stream reads `yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX`: seconds are required and
    // a fraction, when present, has exactly three digits; ksqlDB drops anything else.
    let fraction = s.get(19..).map_or("", |rest| {
        rest.split(['Z', 'z', '+', '-']).next().unwrap_or("")
    });
    if s.len() < 20 || !(fraction.is_empty() || (fraction.len() == 4 && fraction.starts_with('.')))
    {
        return Err(bad(format!(
            "`timestamp` is not an RFC 3339 time of the form `YYYY-MM-DDTHH:MM:SS[.mmm]` with an offset: {s:?}"
        )));
    }
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|dt| Some(dt.timestamp_millis()))
        .map_err(|_| bad(format!("`timestamp` is not an RFC 3339 time: {s:?}")))
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
                r#"{"wagerId":"w","playerId":5,"timestamp":"2024-11-15T10:00:00Z"}"#,
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
                "of the form",
            ),
            (
                r#"{"wagerId":"w","playerId":"p","wagerAmount":123456789012345,"timestamp":"2024-11-15T10:00:00Z"}"#,
                "fourteen",
            ),
        ];
        for (line, reason) in cases {
            let err = parse_event(line).unwrap_err();
            assert!(err.reason.contains(reason), "{line}: {}", err.reason);
        }
    }
}
