//! ksqlDB identifiers.
//!
//! Every name the emitter places in a statement is an [`Ident`]: a valid *unquoted*
//! ksqlDB identifier (`[A-Z_][A-Z0-9_]*`) that is not a reserved word. ksqlDB
//! upper-cases unquoted identifiers and matches keywords case-insensitively, so an
//! upper-case, non-reserved name means the same thing to ksqlDB as to us.
//!
//! Reserved words are the keyword tokens of ksqlDB's grammar minus its `nonReserved`
//! rule (the keywords it still accepts as identifiers).

use std::fmt;

/// Every keyword token of ksqlDB's grammar.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "EMIT", "CHANGES", "FINAL", "SELECT", "FROM", "AS", "ALL", "DISTINCT", "WHERE", "WITHIN",
    "WINDOW", "GROUP", "BY", "HAVING", "LIMIT", "AT", "OR", "AND", "IN", "NOT", "EXISTS",
    "BETWEEN", "LIKE", "ESCAPE", "IS", "NULL", "TRUE", "FALSE", "INTEGER", "DATE", "TIME",
    "TIMESTAMP", "INTERVAL", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND",
    "YEARS", "MONTHS", "DAYS", "HOURS", "MINUTES", "SECONDS", "MILLISECONDS", "ZONE",
    "TUMBLING", "HOPPING", "SIZE", "ADVANCE", "RETENTION", "GRACE", "PERIOD", "CASE", "WHEN",
    "THEN", "ELSE", "END", "JOIN", "FULL", "OUTER", "INNER", "LEFT", "RIGHT", "ON", "PARTITION",
    "STRUCT", "WITH", "VALUES", "CREATE", "TABLE", "TOPIC", "STREAM", "STREAMS", "INSERT",
    "DELETE", "INTO", "DESCRIBE", "EXTENDED", "PRINT", "EXPLAIN", "ANALYZE", "TYPE", "TYPES",
    "CAST", "SHOW", "LIST", "TABLES", "TOPICS", "QUERY", "QUERIES", "TERMINATE", "LOAD",
    "COLUMNS", "COLUMN", "PARTITIONS", "FUNCTIONS", "FUNCTION", "DROP", "TO", "RENAME", "ARRAY",
    "MAP", "SET", "DEFINE", "UNDEFINE", "RESET", "SESSION", "SAMPLE", "EXPORT", "CATALOG",
    "PROPERTIES", "BEGINNING", "UNSET", "RUN", "SCRIPT", "DECIMAL", "KEY", "CONNECTOR",
    "CONNECTORS", "SINK", "SOURCE", "NAMESPACE", "MATERIALIZED", "VIEW", "PRIMARY", "REPLACE",
    "ASSERT", "ADD", "ALTER", "VARIABLES", "PLUGINS", "HEADERS", "HEADER", "SYSTEM", "TIMEOUT",
    "SCHEMA", "SUBJECT", "ID", "IF",
];

/// Keywords that ksqlDB still accepts as unquoted identifiers.
#[rustfmt::skip]
const NON_RESERVED: &[&str] = &[
    "SHOW", "TABLES", "COLUMNS", "COLUMN", "PARTITIONS", "FUNCTIONS", "FUNCTION", "SESSION",
    "STRUCT", "MAP", "ARRAY", "PARTITION", "INTEGER", "DATE", "TIME", "TIMESTAMP", "INTERVAL",
    "ZONE", "STRING", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "EXPLAIN", "ANALYZE",
    "TYPE", "TYPES", "SET", "RESET", "IF", "SOURCE", "SINK", "PRIMARY", "KEY", "EMIT",
    "CHANGES", "FINAL", "ESCAPE", "REPLACE", "ASSERT", "ALTER", "ADD", "HEADER", "HEADERS",
    "GRACE", "PERIOD", "DEFINE", "UNDEFINE", "VARIABLES", "PLUGINS", "SYSTEM", "TIMEOUT",
    "SCHEMA", "SUBJECT", "ID",
];

/// Why a name is not a valid unquoted ksqlDB identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    #[error("identifier is empty")]
    Empty,
    #[error("identifier `{name}` starts with a digit")]
    LeadingDigit { name: String },
    #[error("identifier `{name}` contains `{ch}`; only A-Z, 0-9 and _ are allowed")]
    BadChar { name: String, ch: char },
    #[error("identifier `{name}` is a reserved word in ksqlDB")]
    Reserved { name: String },
}

/// Whether `word` is reserved in ksqlDB (case-insensitive, as ksqlDB's lexer is).
pub fn is_reserved(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    KEYWORDS.contains(&upper.as_str()) && !NON_RESERVED.contains(&upper.as_str())
}

/// The reserved words, in grammar order.
pub fn reserved_words() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .copied()
        .filter(|k| !NON_RESERVED.contains(k))
}

/// Checks that `name` can stand unquoted in a statement and mean exactly itself:
/// `[A-Z_][A-Z0-9_]*` and not a reserved word.
pub fn validate(name: &str) -> Result<(), IdentError> {
    let mut chars = name.chars();
    let first = chars.next().ok_or(IdentError::Empty)?;
    if first.is_ascii_digit() {
        return Err(IdentError::LeadingDigit {
            name: name.to_owned(),
        });
    }
    if let Some(ch) = name
        .chars()
        .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(IdentError::BadChar {
            name: name.to_owned(),
            ch,
        });
    }
    if is_reserved(name) {
        return Err(IdentError::Reserved {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Renders `name` for a statement: unchanged when it is a valid unquoted identifier,
/// otherwise in backticks with every backtick doubled.
///
/// A backquoted identifier is case-sensitive in ksqlDB, so `quote("abc")` names the
/// column `abc`, not `ABC`.
pub fn quote(name: &str) -> String {
    if validate(name).is_ok() {
        return name.to_owned();
    }
    format!("`{}`", name.replace('`', "``"))
}

/// A validated, unquoted ksqlDB identifier. The only way to put a name into the
/// statements this module emits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(String);

impl Ident {
    /// Validates `name` (see [`validate`]).
    pub fn new(name: impl Into<String>) -> Result<Ident, IdentError> {
        let name = name.into();
        validate(&name)?;
        Ok(Ident(name))
    }

    /// The identifier as it appears in a statement.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Ident {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_upper_case_names_are_valid() {
        for name in [
            "WAGER_EVENTS",
            "_X",
            "A1",
            "ROWTIME",
            "TOURNEY_OP_ID_0A1B2C3D",
        ] {
            assert_eq!(validate(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn non_reserved_keywords_are_valid() {
        for name in [
            "TIMESTAMP",
            "KEY",
            "ID",
            "STRING",
            "EMIT",
            "PARTITION",
            "IF",
        ] {
            assert_eq!(validate(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn reserved_words_are_rejected() {
        for name in [
            "SELECT", "SIZE", "END", "WINDOW", "LIMIT", "VALUES", "DECIMAL", "TO",
        ] {
            assert!(
                matches!(validate(name), Err(IdentError::Reserved { .. })),
                "{name}"
            );
        }
        assert!(is_reserved("select"));
        assert_eq!(reserved_words().count(), 86);
        assert!(reserved_words().all(|w| validate(w).is_err()));
    }

    #[test]
    fn malformed_names_are_rejected() {
        assert_eq!(validate(""), Err(IdentError::Empty));
        assert!(matches!(
            validate("1A"),
            Err(IdentError::LeadingDigit { .. })
        ));
        for name in [
            "abc", "A-B", "A B", "A;", "A`", "A'", "A\"", "É", "A\u{0}", "A@B", "A.B",
        ] {
            assert!(
                matches!(validate(name), Err(IdentError::BadChar { .. })),
                "{name:?}"
            );
        }
    }

    #[test]
    fn ident_new_validates() {
        assert_eq!(
            Ident::new("ABC").map(|i| i.to_string()),
            Ok("ABC".to_owned())
        );
        assert!(Ident::new("select").is_err());
        assert!(Ident::new("SELECT").is_err());
    }

    #[test]
    fn quote_leaves_valid_names_and_backquotes_the_rest() {
        assert_eq!(quote("WAGERID"), "WAGERID");
        assert_eq!(quote("SIZE"), "`SIZE`");
        assert_eq!(quote("select"), "`select`");
        assert_eq!(quote("a`b"), "`a``b`");
        assert_eq!(quote("``"), "``````");
        assert_eq!(quote(""), "``");
    }
}
