//! The JSON form of a tokens file, read strictly: an operator given twice or an empty
//! operator is an error at its line, where a plain map would keep the last list.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Operators to their tokens, each operator once.
pub(super) struct Operators(pub BTreeMap<String, Vec<String>>);

impl<'de> Deserialize<'de> for Operators {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(OperatorsVisitor)
    }
}

struct OperatorsVisitor;

impl<'de> Visitor<'de> for OperatorsVisitor {
    type Value = Operators;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of operators to lists of tokens")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Operators, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(operator) = map.next_key::<String>()? {
            // Raised right after the key, so serde_json names the key's line.
            if operator.trim().is_empty() {
                return Err(A::Error::custom("an empty operator"));
            }
            if out.contains_key(&operator) {
                return Err(A::Error::custom(format!(
                    "operator `{operator}` is given twice (give it one list of tokens)"
                )));
            }
            let tokens: Vec<String> = map.next_value()?;
            out.insert(operator, tokens);
        }
        Ok(Operators(out))
    }
}
