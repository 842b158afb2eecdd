//! The player keys file: per operator, the keys that sign its player tokens (several,
//! by id, for rotation) and the origins allowed to embed its player pages.
//!
//! ```text
//! # TOML                                             # or JSON, the same shape
//! [operator-1]                                       { "operator-1": {
//! origins = ["https://casino.example"]                   "origins": ["https://casino.example"],
//! keys = { "2026-11" = "…32+ characters…",               "keys": { "2026-11": "…" } } }
//!          "2026-12" = "…32+ characters…" }
//! ```
//!
//! Rotation: add the new key, let the operator's backend sign with it, and remove the
//! old one once the tokens it signed have expired. A token whose key id is not listed
//! is refused.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Shortest key accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperatorEntry {
    #[serde(default)]
    origins: Vec<String>,
    #[serde(default)]
    keys: BTreeMap<String, String>,
}

/// One operator's keys and allowed origins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperatorKeys {
    pub origins: Vec<String>,
    keys: BTreeMap<String, Vec<u8>>,
}

impl OperatorKeys {
    /// The key ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }
}

/// Every operator's player keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlayerKeys {
    by_operator: BTreeMap<String, OperatorKeys>,
}

/// Why a keys file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeysError {
    #[error("not a table of operators to {{origins, keys}}: {0}")]
    Syntax(String),
    #[error("operator `{0}`: key `{1}` is shorter than {MIN_SECRET_LEN} bytes")]
    Short(String, String),
    #[error("operator `{0}`: key id `{1}` is not 1 to 64 letters, digits, `.`, `_` or `-`")]
    KeyId(String, String),
    #[error("operator `{0}`: `{1}` is not an origin such as `https://casino.example`")]
    Origin(String, String),
    #[error("an operator is empty")]
    EmptyOperator,
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `scheme://host[:port]`, nothing else: it goes into a CSP header as written.
fn valid_origin(o: &str) -> bool {
    let Some((scheme, rest)) = o.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && rest.len() <= 253
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
}

impl PlayerKeys {
    pub fn new() -> Self {
        PlayerKeys::default()
    }

    /// Reads a keys file: JSON when it starts with `{`, TOML otherwise.
    pub fn parse(text: &str) -> Result<Self, KeysError> {
        let map: BTreeMap<String, OperatorEntry> = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| KeysError::Syntax(e.to_string()))?
        } else {
            toml::from_str(text).map_err(|e| KeysError::Syntax(e.message().to_string()))?
        };
        let mut keys = PlayerKeys::new();
        for (op, entry) in map {
            keys.add_operator(&op, entry)?;
        }
        Ok(keys)
    }

    fn add_operator(&mut self, op: &str, entry: OperatorEntry) -> Result<(), KeysError> {
        if op.trim().is_empty() {
            return Err(KeysError::EmptyOperator);
        }
        let mut out = OperatorKeys::default();
        for o in entry.origins {
            if !valid_origin(&o) {
                return Err(KeysError::Origin(op.into(), o));
            }
            out.origins.push(o);
        }
        for (id, secret) in entry.keys {
            if !valid_id(&id) {
                return Err(KeysError::KeyId(op.into(), id));
            }
            if secret.len() < MIN_SECRET_LEN {
                return Err(KeysError::Short(op.into(), id));
            }
            out.keys.insert(id, secret.into_bytes());
        }
        self.by_operator.insert(op.to_string(), out);
        Ok(())
    }

    /// The secret of key `kid` of `operator`, if it is listed.
    pub fn secret(&self, operator: &str, kid: &str) -> Option<&[u8]> {
        self.by_operator
            .get(operator)?
            .keys
            .get(kid)
            .map(Vec::as_slice)
    }

    /// The operator's keys and origins.
    pub fn operator(&self, operator: &str) -> Option<&OperatorKeys> {
        self.by_operator.get(operator)
    }

    /// The origins allowed to embed `operator`'s pages (none when it is not listed).
    pub fn origins(&self, operator: &str) -> &[String] {
        self.by_operator
            .get(operator)
            .map_or(&[], |k| k.origins.as_slice())
    }

    pub fn is_empty(&self) -> bool {
        self.by_operator.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn toml_and_json_read_alike() {
        let toml = format!(
            "[op-a]\norigins = [\"https://casino.example\"]\nkeys = {{ k1 = \"{S}\", k2 = \"{S}x\" }}\n"
        );
        let json = format!(
            r#"{{"op-a": {{"origins": ["https://casino.example"], "keys": {{"k1": "{S}", "k2": "{S}x"}}}}}}"#
        );
        for text in [toml, json] {
            let keys = PlayerKeys::parse(&text).unwrap_or_default();
            assert_eq!(keys.secret("op-a", "k2"), Some(format!("{S}x").as_bytes()));
            assert_eq!(keys.secret("op-a", "k3"), None);
            assert_eq!(keys.secret("op-b", "k1"), None);
            assert_eq!(keys.origins("op-a"), ["https://casino.example"]);
        }
    }

    #[test]
    fn short_keys_bad_ids_and_origins_that_could_break_a_header_are_refused() {
        let short = PlayerKeys::parse("[op]\nkeys = { k = \"short\" }\n");
        assert!(matches!(short, Err(KeysError::Short(..))));
        let id = PlayerKeys::parse(&format!("[op]\nkeys = {{ \"a b\" = \"{S}\" }}\n"));
        assert!(matches!(id, Err(KeysError::KeyId(..))));
        for o in [
            "https://a.example; script-src *",
            "casino.example",
            "https://",
        ] {
            let r = PlayerKeys::parse(&format!("[op]\norigins = [\"{o}\"]\n"));
            assert!(matches!(r, Err(KeysError::Origin(..))), "{o}");
        }
    }
}
