//! The nesting limit (T0008).
//!
//! A file nests at most [`MAX_NESTING`] levels. Every `(` and `{` still open at a point
//! of the file counts one level (the block's own braces included), and so does every
//! `not` before a condition. The parser and the tools after it walk nested groups
//! recursively; the limit keeps that recursion, and the parenthesised filter ksqlDB
//! compiles from the eligibility rules, shallow.
//!
//! Brackets are counted on the text before it is parsed ([`too_deep`]), so a hostile
//! file is refused before the parser descends into it; the syntax-tree builders count
//! the same levels again, with the `not`s, as they build ([`Depth`]).

use super::span::Span;
use crate::diagnostics::{Code, Diagnostic};

/// The deepest nesting a file may have.
pub const MAX_NESTING: usize = 64;

/// The levels around a condition line or a points expression: the braces of the
/// tournament and of the `eligible when` or `score` block.
pub(crate) const ITEM_LEVELS: usize = 2;

/// The diagnostic for a group that opens level `MAX_NESTING + 1`; `what` is the
/// subject and verb, such as "condition nests".
pub(crate) fn too_deep_diagnostic(what: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeep,
        format!("{what} deeper than {MAX_NESTING} levels"),
    )
    .with_label(span, format!("level {}", MAX_NESTING + 1))
    .with_help(format!(
        "split the condition or expression; at most {MAX_NESTING} levels of `(`, `{{` and `not` are allowed"
    ))
}

/// The first bracket that opens a level deeper than [`MAX_NESTING`], skipping strings
/// and comments.
pub(crate) fn too_deep(source: &str) -> Option<Span> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Span::new(i, i + 1));
                }
            }
            b')' | b'}' => depth = depth.saturating_sub(1),
            b'"' => {
                i = string_end(bytes, i + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                if let Some(end) = block_comment_end(source, i + 2) {
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The deepest any reading of the text can nest: every bracket counted, in strings and
/// comments too. A backstop behind [`too_deep`], whose reading of strings could in
/// principle differ from the grammar's; far above [`MAX_NESTING`], far below what the
/// parser's stack holds.
pub const RAW_LIMIT: usize = 1_000;

/// The first bracket that opens a level deeper than [`RAW_LIMIT`], counting every
/// bracket of the text whatever surrounds it.
pub(crate) fn raw_too_deep(source: &str) -> Option<Span> {
    let mut depth = 0usize;
    for (i, b) in source.bytes().enumerate() {
        match b {
            b'(' | b'{' => {
                depth += 1;
                if depth > RAW_LIMIT {
                    return Some(Span::new(i, i + 1));
                }
            }
            b')' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Every `(` and `{` of the text, in strings and comments too: a bound on the nesting
/// the parser can meet, however it reads them.
pub(crate) fn opens(source: &str) -> usize {
    source.bytes().filter(|b| matches!(b, b'(' | b'{')).count()
}

/// Where a string opened before `start` ends: after its closing quote, at the end of
/// the line, or at an escape the grammar does not accept (from there on the text is
/// counted as code, which can only count more brackets, never fewer).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            b'\\' => match bytes.get(i + 1) {
                Some(b'"' | b'\\' | b'n' | b't' | b'r' | b'u') => i += 2,
                _ => return i,
            },
            _ => i += 1,
        }
    }
    i
}

/// The end of the line at `start` (a lone CR ends it too, which can only count more).
fn line_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |n| start + n)
}

/// After the `*/` closing a block comment, if there is one; an unclosed `/*` is not a
/// comment to the grammar either.
fn block_comment_end(source: &str, start: usize) -> Option<usize> {
    source.get(start..)?.find("*/").map(|n| start + n + 2)
}

/// The nesting level while a syntax tree is built.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Depth(usize);

impl Depth {
    /// The level of a condition line or points expression.
    pub fn item() -> Depth {
        Depth(ITEM_LEVELS)
    }

    /// One level deeper, or `None` past the limit.
    pub fn deeper(self) -> Option<Depth> {
        (self.0 < MAX_NESTING).then_some(Depth(self.0 + 1))
    }

    /// How many more levels fit under the limit.
    pub fn levels_left(self) -> usize {
        MAX_NESTING.saturating_sub(self.0)
    }

    /// `n` levels deeper, or `None` past the limit.
    pub fn deeper_by(self, n: usize) -> Option<Depth> {
        let level = self.0.saturating_add(n);
        (level <= MAX_NESTING).then_some(Depth(level))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("{}x{}", "(".repeat(n), ")".repeat(n))
    }

    #[test]
    fn counts_brackets_up_to_the_limit() {
        assert_eq!(too_deep(&nested(MAX_NESTING)), None);
        assert_eq!(
            too_deep(&nested(MAX_NESTING + 1)),
            Some(Span::new(MAX_NESTING, MAX_NESTING + 1))
        );
    }

    #[test]
    fn skips_strings_and_comments() {
        let open = "(".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&format!("\"{open}\"")), None);
        // What a string hides from the first scan, the backstop still counts.
        let hidden = format!("x \" }} {}", "(".repeat(RAW_LIMIT + 1));
        assert_eq!(too_deep(&hidden), None);
        assert!(raw_too_deep(&hidden).is_some());
        assert_eq!(raw_too_deep(&"(".repeat(RAW_LIMIT)), None);
        assert_eq!(too_deep(&format!("// {open}\nx")), None);
        assert_eq!(too_deep(&format!("/* {open} */")), None);
    }

    #[test]
    fn an_unclosed_comment_or_string_still_counts() {
        let open = "(".repeat(MAX_NESTING + 1);
        assert!(too_deep(&format!("/* {open}")).is_some());
        assert!(too_deep(&format!("\"\n{open}")).is_some());
        assert!(too_deep(&format!("\"\\q{open}")).is_some());
    }

    #[test]
    fn closing_brackets_never_go_below_zero() {
        let text = format!("))))){}", nested(MAX_NESTING + 1));
        assert!(too_deep(&text).is_some());
    }

    #[test]
    fn depth_stops_at_the_limit() {
        assert!(Depth::item().deeper_by(MAX_NESTING - ITEM_LEVELS).is_some());
        assert!(Depth::item()
            .deeper_by(MAX_NESTING - ITEM_LEVELS + 1)
            .is_none());
    }
}
