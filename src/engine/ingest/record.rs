//! A record of the wager stream: a wager, or a source's control record
//! (`{"control": {"sourceId": .., "from": .., "to": .., "wagers": .., "stakes": ..}}`,
//! see the book's chapter "Lost events and audits"). A record is a control record
//! when its `control` key holds an object; anything else is read as a wager.

use super::{bad, parse_event, timestamp, value, Malformed};
use crate::engine::sources::control::Control;
use crate::ir::WagerEvent;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Nearly every record is a wager: it stays inline (boxing it would cost an
/// allocation per record), the rare control record is boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Wager(WagerEvent),
    /// Rare beside the wagers: kept out of line.
    Control(Box<Control>),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    control: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ControlJson<'a> {
    source_id: String,
    from: String,
    to: String,
    wagers: u64,
    #[serde(borrow)]
    stakes: &'a RawValue,
}

/// Reads one record of the wager stream.
pub fn parse_record(line: &str) -> Result<Record, Malformed> {
    if line.contains("\"control\"") {
        if let Ok(Envelope { control: Some(c) }) = serde_json::from_str::<Envelope>(line) {
            if c.get().starts_with('{') {
                return control(c.get()).map(|c| Record::Control(Box::new(c)));
            }
        }
    }
    parse_event(line).map(Record::Wager)
}

fn control(text: &str) -> Result<Control, Malformed> {
    let c: ControlJson =
        serde_json::from_str(text).map_err(|e| bad(format!("not a control record: {e}")))?;
    let time = |s: &str, name: &str| {
        timestamp::parse(s).map_err(|e| bad(format!("control record `{name}`: {e}")))
    };
    Ok(Control {
        from_ms: time(&c.from, "from")?,
        to_ms: time(&c.to, "to")?,
        source_id: c.source_id,
        wagers: c.wagers,
        stakes: value::amount(c.stakes, "stakes")
            .map_err(|e| bad(format!("control record: {e}")))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_records_and_wagers_are_told_apart() {
        let c = r#"{"control":{"sourceId":"pos-1","from":"2026-12-02T10:00:00Z","to":"2026-12-02T10:01:00Z","wagers":3,"stakes":"7.50"}}"#;
        let Record::Control(c) = parse_record(c).unwrap() else {
            panic!("a control record");
        };
        assert_eq!((c.wagers, c.to_ms - c.from_ms), (3, 60_000));
        assert_eq!(c.stakes.to_string(), "7.50");
        let w =
            r#"{"wagerId":"w","playerId":"p","timestamp":"2026-12-02T10:00:00Z","control":true}"#;
        assert!(matches!(parse_record(w), Ok(Record::Wager(_))));
        let broken = r#"{"control":{"sourceId":"pos-1","wagers":3}}"#;
        let err = parse_record(broken).unwrap_err();
        assert!(err.reason.starts_with("not a control record"), "{err}");
    }
}
