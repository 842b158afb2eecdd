//! Comparing a deployed statement with a compiled one.
//!
//! ksqlDB reports the statement text of each persistent query (`statementText` in
//! `SHOW QUERIES EXTENDED`) as it printed it again (its injectors complete the `WITH`
//! clause; other spacing, extra parentheses, qualified or quoted column names). Two
//! statements have the same filter when
//!
//! 1. they are equal after white space outside string literals is collapsed,
//!    `CREATE OR REPLACE` is read as `CREATE` and the final `;` is dropped; or
//! 2. they write the same topic from the same source with the same filter: the
//!    tokens of the `WHERE` clause are equal, ignoring parentheses, column qualifiers
//!    and identifier quoting. String and number literals, operators and keywords
//!    must match exactly.
//!
//! The second rule cannot see a change that only moves parentheses (`(a OR b) AND c`
//! against `a OR (b AND c)`); the compiler never emits such a pair, but a hand edit
//! could, and would go unnoticed. Projection, source, formats, partitions and
//! timestamp settings are compared by [`super::drift`].

/// The comparable form of a statement (rule 1).
pub fn normalize(statement: &str) -> String {
    let mut out = String::with_capacity(statement.len());
    let mut in_literal = false;
    let mut pending_space = false;
    for ch in statement.chars() {
        if in_literal {
            out.push(ch);
            in_literal = ch != '\'';
            continue;
        }
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
        in_literal = ch == '\'';
    }
    let trimmed = out.trim_end_matches(';').trim_end();
    let upper_start = trimmed.get(..18).map(str::to_ascii_uppercase);
    match upper_start.as_deref() {
        Some("CREATE OR REPLACE ") => {
            format!("CREATE {}", trimmed.get(18..).unwrap_or_default())
        }
        _ => trimmed.to_owned(),
    }
}

/// What a `CREATE STREAM ... AS SELECT` does, whatever its formatting (rule 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub topic: String,
    pub source: String,
    pub filter: Vec<String>,
}

/// The fingerprint of a `CREATE ... AS SELECT ... WHERE ... EMIT CHANGES` statement.
pub fn fingerprint(statement: &str) -> Option<Fingerprint> {
    let tokens = tokens(statement);
    let at = |word: &str| tokens.iter().position(|t| t == word);
    let topic_at = at("KAFKA_TOPIC")?;
    let topic = tokens.get(topic_at + 2).filter(|t| t.starts_with('\''))?;
    let from = at("FROM")?;
    let source = tokens.get(from + 1)?;
    let filter = match at("WHERE") {
        Some(w) => {
            let end = tokens
                .iter()
                .rposition(|t| t == "EMIT")
                .unwrap_or(tokens.len());
            tokens.get(w + 1..end)?.to_vec()
        }
        None => Vec::new(),
    };
    Some(Fingerprint {
        topic: topic.clone(),
        source: source.clone(),
        filter,
    })
}

/// Whether two statements deploy the same thing.
pub fn same(a: &str, b: &str) -> bool {
    if normalize(a) == normalize(b) {
        return true;
    }
    match (fingerprint(a), fingerprint(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Tokens without parentheses: literals kept exactly, identifiers upper-cased and
/// stripped of quotes and qualifiers, `!=` read as `<>`.
fn tokens(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() || c == '(' || c == ')' || c == ';' {
            i += 1;
        } else if c == '\'' {
            let (text, next) = quoted(&chars, i, '\'');
            out.push(format!("'{text}'"));
            i = next;
        } else if c == '`' || c == '"' {
            let (text, next) = quoted(&chars, i, c);
            push_ident(&mut out, &text, false);
            i = next;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if c.is_ascii_digit() || c == '.' {
                out.push(word);
            } else {
                push_ident(&mut out, &word, true);
            }
        } else {
            let two: String = chars.get(i..i + 2).unwrap_or_default().iter().collect();
            if matches!(two.as_str(), ">=" | "<=" | "<>" | "!=") {
                out.push(if two == "!=" { "<>".into() } else { two });
                i += 2;
            } else {
                out.push(c.to_string());
                i += 1;
            }
        }
    }
    out
}

/// An identifier, with a qualifier (`WAGER_EVENTS.`) dropped; a quoted one keeps case.
fn push_ident(out: &mut Vec<String>, word: &str, upper: bool) {
    let last = word.rsplit('.').next().unwrap_or(word);
    if last.is_empty() {
        return; // `T.` followed by a quoted name: the name comes next
    }
    out.push(if upper {
        last.to_ascii_uppercase()
    } else {
        last.to_owned()
    });
}

/// The text inside quotes starting at `start` (doubled quotes kept doubled), and
/// the index after the closing quote.
fn quoted(chars: &[char], start: usize, q: char) -> (String, usize) {
    let mut text = String::new();
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        if c == q {
            if chars.get(i + 1) == Some(&q) {
                text.push(q);
                text.push(q);
                i += 2;
                continue;
            }
            return (text, i + 1);
        }
        text.push(c);
        i += 1;
    }
    (text, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &str = "CREATE STREAM T1\n  WITH (KAFKA_TOPIC='tournament.eligible.op.t1', VALUE_FORMAT='JSON')\n  AS SELECT *\n  FROM WAGER_EVENTS\n  WHERE (OPERATORID = 'op')\n    AND (GAMECATEGORY IN ('slots', 'it''s'))\n    AND (WAGERAMOUNT >= 10.00)\n  EMIT CHANGES;";

    #[test]
    fn whitespace_and_or_replace_do_not_matter() {
        assert!(same(
            "CREATE STREAM X\n  WITH (A='b')\n  AS SELECT * FROM Y;",
            "CREATE OR REPLACE STREAM X WITH (A='b') AS SELECT * FROM Y"
        ));
    }

    #[test]
    fn literals_are_compared_exactly() {
        assert!(!same("WHERE A = 'a  b'", "WHERE A = 'a b'"));
        assert!(!same("WHERE A = 'x'", "WHERE A = 'X'"));
        assert!(same("WHERE A = 'it''s  x'", "WHERE  A = 'it''s  x'"));
    }

    #[test]
    fn a_statement_reformatted_by_the_server_is_the_same() {
        let reported = "CREATE STREAM T1 WITH (KAFKA_TOPIC='tournament.eligible.op.t1', PARTITIONS=6, REPLICAS=3, VALUE_FORMAT='JSON') AS SELECT WAGER_EVENTS.WAGERID WAGERID, WAGER_EVENTS.OPERATORID OPERATORID\nFROM WAGER_EVENTS WAGER_EVENTS\nWHERE (((WAGER_EVENTS.`OPERATORID` = 'op') AND (WAGER_EVENTS.GAMECATEGORY IN ('slots', 'it''s'))) AND (WAGER_EVENTS.WAGERAMOUNT >= 10.00))\nEMIT CHANGES;";
        assert!(same(SENT, reported));
    }

    #[test]
    fn a_changed_value_operator_or_topic_is_different() {
        for edited in [
            SENT.replace("'slots'", "'live'"),
            SENT.replace("10.00", "10.01"),
            SENT.replace(">=", ">"),
            SENT.replace("op.t1'", "op.t2'"),
            SENT.replace("AND (WAGERAMOUNT >= 10.00)", ""),
        ] {
            assert!(!same(SENT, &edited), "{edited}");
        }
    }
}
