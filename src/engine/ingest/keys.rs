//! Which JSON key fills which column, as ksqlDB's JSON deserializer decides.
//!
//! For each column (`WAGERID`, `PLAYERID`, ...) the key spelled exactly like the
//! column wins; without one, a key that upper-cases to the column's name fills it
//! (`playerId`, `PlayerID` and `PLAYERid` all fill `PLAYERID`; `player_id` fills
//! nothing). A key given twice keeps its last value. When several differently spelled
//! keys upper-case to the same name, the one that first appears last in the object
//! wins (the order of Java's map of the object's keys). Other keys are ignored.

use crate::emit::columns::{SourceColumn, SOURCE_COLUMNS, TRACKING_COLUMNS};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashSet;

/// The number of columns read: those of the source stream, then the tracking ones.
pub const COLUMNS: usize = SOURCE_COLUMNS.len() + TRACKING_COLUMNS.len();

/// The raw value of each column, in [`SOURCE_COLUMNS`] then [`TRACKING_COLUMNS`]
/// order.
pub struct Row<'a>(pub [Option<&'a RawValue>; COLUMNS]);

/// The columns read, in [`Row`] order.
fn columns() -> impl Iterator<Item = &'static SourceColumn> {
    SOURCE_COLUMNS.iter().chain(TRACKING_COLUMNS)
}

/// Reads a JSON object's keys onto the columns.
pub fn read(line: &str) -> Result<Row<'_>, serde_json::Error> {
    serde_json::from_str(line)
}

/// The column `key` names exactly, or the one it names once upper-cased (Java's
/// `toUpperCase`, which for ASCII is a case-insensitive comparison with the
/// upper-case column names, and for other text is Unicode's full upper-casing).
fn column_of(key: &str) -> Option<(usize, bool)> {
    if let Some(i) = columns().position(|c| c.name == key) {
        return Some((i, true));
    }
    let i = if key.is_ascii() {
        columns().position(|c| c.name.eq_ignore_ascii_case(key))
    } else {
        let upper = key.to_uppercase();
        columns().position(|c| c.name == upper)
    };
    i.map(|i| (i, false))
}

/// A column's candidates while the object is read.
#[derive(Default)]
struct Slot<'a> {
    exact: Option<&'a RawValue>,
    /// The upper-cased match whose first appearance is the latest so far, and the
    /// last value it was given.
    upper: Option<(Cow<'a, str>, &'a RawValue)>,
}

struct Collect<'a> {
    slots: [Slot<'a>; COLUMNS],
    /// Upper-cased matches that were overtaken by a later new spelling.
    overtaken: HashSet<Cow<'a, str>>,
}

impl<'a> Collect<'a> {
    fn add(&mut self, key: Cow<'a, str>, value: &'a RawValue) {
        let Some((i, exact)) = column_of(&key) else {
            return;
        };
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        if exact {
            slot.exact = Some(value);
            return;
        }
        match &mut slot.upper {
            Some((current, v)) if *current == key => *v = value,
            _ if self.overtaken.contains(&key) => {}
            upper => {
                if let Some((old, _)) = upper.replace((key, value)) {
                    self.overtaken.insert(old);
                }
            }
        }
    }

    fn finish(self) -> Row<'a> {
        Row(self.slots.map(|s| s.exact.or(s.upper.map(|(_, v)| v))))
    }
}

/// A key, borrowed from the line when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Row<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = Row<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Row<'de>, M::Error> {
                let mut collect = Collect {
                    slots: Default::default(),
                    overtaken: HashSet::new(),
                };
                while let Some((Key(key), value)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                    collect.add(key, value);
                }
                Ok(collect.finish())
            }
        }
        d.deserialize_map(RowVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_of(line: &str, column: &str) -> Option<String> {
        let row = read(line).unwrap();
        let i = columns().position(|c| c.name == column).unwrap();
        row.0[i].map(|v| v.get().to_owned())
    }

    #[test]
    fn keys_match_exactly_then_upper_cased() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"playerId":"a"}"#, Some(r#""a""#)),
            (r#"{"PlayerID":"a"}"#, Some(r#""a""#)),
            (r#"{"PLAYERID":"a"}"#, Some(r#""a""#)),
            (r#"{"playerid":"a"}"#, Some(r#""a""#)),
            (r#"{"player_id":"a"}"#, None),
            (r#"{"player Id":"a"}"#, None),
            // Java upper-cases the dotless ı to I.
            (r#"{"playerıd":"a"}"#, Some(r#""a""#)),
            // The exact spelling wins wherever it is.
            (r#"{"PLAYERID":"x","playerId":"y"}"#, Some(r#""x""#)),
            (r#"{"playerId":"y","PLAYERID":"x"}"#, Some(r#""x""#)),
            // A key given twice keeps its last value.
            (r#"{"playerId":"a","playerId":"b"}"#, Some(r#""b""#)),
            (r#"{"PLAYERID":"a","PLAYERID":"b"}"#, Some(r#""b""#)),
            // Two spellings: the one that first appears last wins, with its last value.
            (r#"{"playerId":"a","PlayerId":"b"}"#, Some(r#""b""#)),
            (
                r#"{"playerId":"a","PlayerId":"b","playerId":"c"}"#,
                Some(r#""b""#),
            ),
            (
                r#"{"PlayerId":"b","playerId":"a","PlayerId":"c"}"#,
                Some(r#""a""#),
            ),
            (r#"{"p\u006cayerId":"e"}"#, Some(r#""e""#)),
        ];
        for (line, want) in cases {
            assert_eq!(value_of(line, "PLAYERID").as_deref(), *want, "{line}");
        }
    }

    #[test]
    fn other_keys_are_ignored_and_non_objects_refused() {
        assert_eq!(
            value_of(r#"{"x":[1,{"y":2}],"wagerId":"w"}"#, "WAGERID").as_deref(),
            Some(r#""w""#)
        );
        assert_eq!(
            value_of(r#"{"sourceSeq":17,"wagerId":"w"}"#, "SOURCESEQ").as_deref(),
            Some("17")
        );
        assert!(read("[1]").is_err());
        assert!(read("\"x\"").is_err());
    }
}
