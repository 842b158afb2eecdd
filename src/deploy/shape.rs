//! What a `CREATE STREAM` statement declares, whatever its formatting: its `WITH`
//! properties, its columns (a declaration) or its projection and source (`AS
//! SELECT`). ksqlDB prints statements again before it reports them (keys sorted,
//! `PARTITIONS`, `REPLICAS`, `CLEANUP_POLICY`, `RETENTION_MS` and `KEY_FORMAT`
//! added, columns qualified, the source aliased), so this reads both the compiled
//! text and the reported one into the same shape.

use std::collections::BTreeMap;

/// The parts of a statement that change what a stream holds, except the filter
/// (see [`super::normalize`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// `WITH` properties, keys upper-cased, string values without quotes.
    pub with: BTreeMap<String, String>,
    /// Declared columns: name and type, upper-cased, without spaces.
    pub columns: Vec<(String, String)>,
    /// `SELECT` items, qualifiers and aliases equal to the column dropped.
    pub projection: Vec<String>,
    /// The stream after `FROM`.
    pub source: String,
}

/// Properties the server fills in when a statement does not give them; compared
/// only when the compiled statement gives them.
pub const COMPLETED_BY_SERVER: &[&str] = &[
    "CLEANUP_POLICY",
    "KEY_FORMAT",
    "PARTITIONS",
    "REPLICAS",
    "RETENTION_MS",
];

/// Values compared without regard to case (formats and names of columns).
const CASELESS: &[&str] = &["KEY_FORMAT", "VALUE_FORMAT", "FORMAT", "TIMESTAMP"];

/// Reads the shape of `statement`.
pub fn shape(statement: &str) -> Shape {
    let toks = lex(statement);
    let upper: Vec<String> = toks.iter().map(|t| t.to_ascii_uppercase()).collect();
    let find = |w: &str, from: usize| {
        upper
            .iter()
            .skip(from)
            .position(|t| t == w)
            .map(|p| p + from)
    };
    let select = find("SELECT", 0);
    let with_at = find("WITH", 0).filter(|w| select.is_none_or(|s| *w < s));
    let mut out = Shape::default();
    if let Some(w) = with_at {
        out.with = with_clause(toks.get(w + 1..).unwrap_or_default());
    }
    match select {
        Some(s) => {
            let from = find("FROM", s).unwrap_or(toks.len());
            out.projection = projection(toks.get(s + 1..from).unwrap_or_default());
            out.source = toks.get(from + 1).map(|t| ident(t)).unwrap_or_default();
        }
        None => {
            let open = toks.iter().position(|t| t == "(");
            if let Some(o) = open.filter(|o| with_at.is_none_or(|w| *o < w)) {
                out.columns = columns(toks.get(o + 1..).unwrap_or_default());
            }
        }
    }
    out
}

/// `KEY=value, ...` up to the closing parenthesis.
fn with_clause(toks: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut i = usize::from(toks.first().is_some_and(|t| t == "("));
    while let (Some(k), Some(eq), Some(v)) = (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
        if k == ")" || eq != "=" {
            break;
        }
        let key = k.to_ascii_uppercase();
        let value = unquote(v);
        let value = if CASELESS.contains(&key.as_str()) {
            value.to_ascii_uppercase()
        } else {
            value
        };
        out.insert(key, value);
        i += 3;
        if toks.get(i).is_some_and(|t| t == ",") {
            i += 1;
        }
    }
    out
}

/// `NAME TYPE, ...` up to the parenthesis that closes the list.
fn columns(toks: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Vec<&str> = Vec::new();
    let mut push = |current: &mut Vec<&str>| {
        if let Some((name, ty)) = current.split_first() {
            out.push((ident(name), ty.concat().to_ascii_uppercase()));
        }
        current.clear();
    };
    for t in toks {
        match t.as_str() {
            "(" => {
                depth += 1;
                current.push(t);
            }
            ")" if depth == 0 => break,
            ")" => {
                depth -= 1;
                current.push(t);
            }
            "," if depth == 0 => push(&mut current),
            other => current.push(other),
        }
    }
    push(&mut current);
    out
}

/// The `SELECT` items: `WAGER_EVENTS.A A` and `A AS A` read as `A`.
fn projection(toks: &[String]) -> Vec<String> {
    toks.split(|t| t == ",")
        .map(|item| {
            let mut words: Vec<String> = item.iter().map(|t| ident(t)).collect();
            let alias_is_column = match words.as_slice() {
                [a, b] => a == b,
                [a, as_, b] => as_ == "AS" && a == b,
                _ => false,
            };
            if alias_is_column {
                words.truncate(1);
            }
            words.join(" ")
        })
        .collect()
}

/// An identifier without quotes and qualifier, upper-cased unless back-quoted.
fn ident(t: &str) -> String {
    let last = t.rsplit('.').next().unwrap_or(t);
    match last.strip_prefix('`').and_then(|l| l.strip_suffix('`')) {
        Some(quoted) => quoted.replace("``", "`"),
        None => last.to_ascii_uppercase(),
    }
}

/// A string literal's value; any other token as is.
fn unquote(t: &str) -> String {
    match t.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => t.to_owned(),
    }
}

/// Tokens: string literals and back-quoted names whole, words with their dots,
/// one token per other character; white space dropped.
fn lex(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '\'' || c == '`' {
            i += 1;
            while let Some(&d) = chars.get(i) {
                i += 1;
                if d == c {
                    if chars.get(i) == Some(&c) {
                        i += 1;
                        continue;
                    }
                    break;
                }
            }
        } else if is_word(c) {
            while chars.get(i).is_some_and(|d| is_word(*d) || *d == '`') {
                if chars.get(i) == Some(&'`') {
                    // `T.`A``: a qualified, back-quoted name
                    i += 1;
                    while chars.get(i).is_some_and(|d| *d != '`') {
                        i += 1;
                    }
                }
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(chars.get(start..i).unwrap_or_default().iter().collect());
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// The differences between what `compiled` declares and what `deployed` (the
/// server's text) declares, one phrase each; properties the server completes count
/// only when `compiled` gives them.
pub fn differences(compiled: &Shape, deployed: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    if compiled.source != deployed.source {
        out.push(format!(
            "it reads `{}`, the file reads `{}`",
            deployed.source, compiled.source
        ));
    }
    if compiled.projection != deployed.projection {
        out.push(format!(
            "it selects `{}`, the file selects `{}`",
            deployed.projection.join(", "),
            compiled.projection.join(", ")
        ));
    }
    if compiled.columns != deployed.columns {
        out.push(format!(
            "its columns are ({}), the file's are ({})",
            column_list(&deployed.columns),
            column_list(&compiled.columns)
        ));
    }
    let keys: std::collections::BTreeSet<&String> =
        compiled.with.keys().chain(deployed.with.keys()).collect();
    for key in keys {
        let (want, got) = (compiled.with.get(key), deployed.with.get(key));
        if want.is_none() && COMPLETED_BY_SERVER.contains(&key.as_str()) {
            continue;
        }
        if want != got {
            out.push(format!(
                "{key} is {}, the file says {}",
                shown(got),
                shown(want)
            ));
        }
    }
    out
}

fn column_list(cols: &[(String, String)]) -> String {
    cols.iter()
        .map(|(n, t)| format!("{n} {t}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown(v: Option<&String>) -> String {
    v.map_or_else(|| "not set".into(), |v| format!("'{v}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &str = "CREATE STREAM T1\n  WITH (KAFKA_TOPIC='tournament.eligible.op.t1', VALUE_FORMAT='JSON', PARTITIONS=1)\n  AS SELECT *\n  FROM WAGER_EVENTS\n  WHERE (OPERATORID = 'op')\n  EMIT CHANGES;";
    const REPRINTED: &str = "CREATE STREAM T1 WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC='tournament.eligible.op.t1', PARTITIONS=1, REPLICAS=1, RETENTION_MS=604800000, VALUE_FORMAT='JSON') AS SELECT *\nFROM WAGER_EVENTS WAGER_EVENTS\nWHERE (WAGER_EVENTS.OPERATORID = 'op')\nEMIT CHANGES;";

    #[test]
    fn a_reprinted_statement_has_the_same_shape() {
        let (a, b) = (shape(SENT), shape(REPRINTED));
        assert_eq!(a.source, "WAGER_EVENTS");
        assert_eq!(a.projection, ["*"]);
        assert_eq!(differences(&a, &b), Vec::<String>::new());
    }

    #[test]
    fn formats_partitions_projection_and_timestamps_are_compared() {
        let a = shape(SENT);
        for (edit, phrase) in [
            ("VALUE_FORMAT='JSON'", "VALUE_FORMAT='DELIMITED'"),
            ("PARTITIONS=1", "PARTITIONS=6"),
            ("SELECT *", "SELECT WAGER_EVENTS.WAGERID WAGERID, PLAYERID"),
            ("PARTITIONS=1,", "PARTITIONS=1, TIMESTAMP='X',"),
            ("FROM WAGER_EVENTS", "FROM OTHER"),
        ] {
            let b = shape(&REPRINTED.replace(edit, phrase));
            assert!(!differences(&a, &b).is_empty(), "{phrase}");
        }
    }

    #[test]
    fn declared_columns_are_read_with_their_types() {
        let s = shape(
            "CREATE STREAM IF NOT EXISTS W (A STRING, `B` DECIMAL(18, 4), C STRING) WITH (KAFKA_TOPIC='w', TIMESTAMP_FORMAT='yyyy''T''');",
        );
        assert_eq!(
            s.columns,
            [
                ("A".into(), "STRING".into()),
                ("B".into(), "DECIMAL(18,4)".into()),
                ("C".into(), "STRING".into())
            ]
        );
        assert_eq!(s.with["TIMESTAMP_FORMAT"], "yyyy'T'");
    }
}
