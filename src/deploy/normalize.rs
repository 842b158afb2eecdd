//! Comparing a deployed statement with a compiled one.
//!
//! ksqlDB reports the statement text of each persistent query (`queryString` in
//! `SHOW QUERIES`). Two texts are the same deployment when they are equal after
//! whitespace outside string literals is collapsed, `CREATE OR REPLACE` is read as
//! `CREATE`, and the final `;` is dropped. Literals are compared byte for byte.

/// The comparable form of a statement.
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
        Some("CREATE OR REPLACE ") => format!("CREATE {}", trimmed.get(18..).unwrap_or_default()),
        _ => trimmed.to_owned(),
    }
}

/// Whether two statements deploy the same thing.
pub fn same(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
