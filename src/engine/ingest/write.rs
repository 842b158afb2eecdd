//! A wager as a line of the wager stream: the inverse of [`super::parse_event`], used
//! where the workers keep what they counted (the ledger) and where it is read back.

use crate::ir::WagerEvent;
use serde_json::{Map, Value};

/// The wager as one JSON object, with the keys the wager stream uses.
pub fn wager_line(ev: &WagerEvent) -> String {
    let mut m = Map::new();
    let mut text = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            m.insert(k.to_owned(), Value::String(v.clone()));
        }
    };
    text("wagerId", &ev.wager_id);
    text("playerId", &ev.player_id);
    text("playerName", &ev.player_name);
    text("operatorId", &ev.operator_id);
    text("gameId", &ev.game_id);
    text("gameCategory", &ev.game_category);
    text("currency", &ev.currency);
    text("playerSegment", &ev.player_segment);
    text("jurisdiction", &ev.jurisdiction);
    text("sourceId", &ev.source_id);
    text("sourceSeq", &ev.source_seq);
    for (k, v) in [
        ("wagerAmount", ev.wager_amount),
        ("winAmount", ev.win_amount),
    ] {
        if let Some(v) = v {
            m.insert(k.to_owned(), Value::String(v.to_string()));
        }
    }
    if let Some(ms) = ev.timestamp_ms {
        let mut s = String::new();
        crate::gen::line::push_rfc3339_ms(&mut s, ms);
        m.insert("timestamp".to_owned(), Value::String(s));
    }
    Value::Object(m).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::parse_event;

    #[test]
    fn a_written_wager_reads_back_the_same() {
        let line = r#"{"wagerId":"w\"1","playerId":"p","playerName":"Ann","gameCategory":"slots","wagerAmount":"10.50","winAmount":0,"currency":"EUR","timestamp":"2026-12-02T10:00:00.250Z","sourceId":"pos-1","sourceSeq":7}"#;
        let ev = parse_event(line).unwrap();
        assert_eq!(parse_event(&wager_line(&ev)).unwrap(), ev);
    }
}
