//! Checks on emitted statements that do not trust the emitter: the statement is
//! tokenized independently and parsed with the grammar subset.

use super::grammar;
use super::tokens::{tokenize, Tok};
use tourney::emit::ident;

/// Keywords the emitter writes; every other word must be a valid identifier.
const KEYWORDS: &[&str] = &[
    "CREATE", "OR", "REPLACE", "STREAM", "IF", "NOT", "EXISTS", "WITH", "AS", "SELECT", "FROM",
    "WHERE", "EMIT", "CHANGES", "AND", "IN", "IS", "NULL", "TRUE", "FALSE", "DROP", "DELETE",
    "TOPIC", "DECIMAL",
];

/// Asserts that `sql` is one safe statement whose string literals are exactly
/// `expected_strings`, in order:
/// (a) exactly one `;`, at the end; (b) no comments; (c) every string literal
/// decodes to the expected value; (d) every identifier is valid and unquoted;
/// (e) no control character other than the layout's line feeds, none inside a
/// literal; and the grammar subset accepts it.
pub fn assert_safe(sql: &str, expected_strings: &[&str]) {
    assert_no_raw_control(sql);
    let toks = match tokenize(sql) {
        Ok(toks) => toks,
        Err(e) => panic!("{e} in:\n{sql}"),
    };
    let semicolons = toks.iter().filter(|t| **t == Tok::Semicolon).count();
    assert_eq!(semicolons, 1, "(a) one statement terminator:\n{sql}");
    assert_eq!(
        toks.last(),
        Some(&Tok::Semicolon),
        "(a) terminator at the end:\n{sql}"
    );
    for t in &toks {
        match t {
            Tok::LineComment(_) | Tok::BlockComment(_) => panic!("(b) comment {t:?} in:\n{sql}"),
            Tok::Backquoted(_) | Tok::DoubleQuoted(_) | Tok::Variable(_) => {
                panic!("(d) quoted identifier or variable {t:?} in:\n{sql}")
            }
            Tok::Word(w) if !KEYWORDS.contains(&w.as_str()) => {
                assert_eq!(
                    ident::validate(w),
                    Ok(()),
                    "(d) identifier {w:?} in:\n{sql}"
                );
            }
            _ => {}
        }
    }
    let strings: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(strings, expected_strings, "(c) string literals of:\n{sql}");
    grammar::assert_parses(&[sql]);
}

/// (e) A `.sql` text holds no control character but the line feeds of its layout, and
/// none inside a string literal: line-ending conversion must not change a value.
pub fn assert_no_raw_control(sql: &str) {
    let bad = sql.chars().find(|c| c.is_control() && *c != '\n');
    assert_eq!(bad, None, "(e) raw control character in:\n{sql:?}");
    if let Ok(toks) = tokenize(sql) {
        for t in toks {
            if let Tok::Str(s) = t {
                assert!(
                    !s.contains('\n'),
                    "(e) line feed inside a literal of:\n{sql:?}"
                );
            }
        }
    }
}
