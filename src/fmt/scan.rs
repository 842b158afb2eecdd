//! The source text seen by the formatter: where comments are, and where items really
//! begin and end once whitespace and comments around them are set aside.

use crate::syntax::comments::{comments, Comment};

/// A source text and its comments, in order.
pub(super) struct Source<'a> {
    pub(super) text: &'a str,
    pub(super) comments: Vec<Comment>,
}

impl<'a> Source<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Source {
            text,
            comments: comments(text),
        }
    }

    fn comment_ending_at(&self, pos: usize) -> Option<&Comment> {
        let i = self
            .comments
            .binary_search_by_key(&pos, |c| c.span.end)
            .ok()?;
        self.comments.get(i)
    }

    fn comment_starting_at(&self, pos: usize) -> Option<&Comment> {
        let i = self
            .comments
            .binary_search_by_key(&pos, |c| c.span.start)
            .ok()?;
        self.comments.get(i)
    }

    /// Moves `pos` back over whitespace and comments.
    fn back_over_gap(&self, mut pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            if let Some(c) = self.comment_ending_at(pos) {
                pos = c.span.start;
            } else if pos > 0 && is_space(bytes[pos - 1]) {
                pos -= 1;
            } else {
                return pos;
            }
        }
    }

    /// The end of the last token before `end`. Some spans run on over the whitespace and
    /// comments that follow them (a rule ending in an optional or repeated part).
    pub(super) fn tight_end(&self, end: usize) -> usize {
        self.back_over_gap(end.min(self.text.len()))
    }

    /// The start of the keyword that introduces a value starting at `start`, for items
    /// whose span covers only their value (`title "..."`, `prewarm 30m`).
    pub(super) fn keyword_start(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut pos = self.back_over_gap(start.min(self.text.len()));
        let word_end = pos;
        while pos > 0 && is_ident(bytes[pos - 1]) {
            pos -= 1;
        }
        if pos == word_end {
            start
        } else {
            pos
        }
    }

    /// The position of the first `{` at or after `from`, skipping comments. Falls back to
    /// `from` when there is none (not expected: every caller knows a brace follows).
    pub(super) fn brace_after(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut pos = from;
        while pos < bytes.len() {
            if let Some(c) = self.comment_starting_at(pos) {
                pos = c.span.end;
            } else if bytes[pos] == b'{' {
                return pos;
            } else {
                pos += 1;
            }
        }
        from
    }

    /// Whether only spaces and tabs lie between `from` and `to`.
    pub(super) fn same_line(&self, from: usize, to: usize) -> bool {
        self.text
            .get(from..to)
            .is_some_and(|gap| gap.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
    }

    /// Whether the author left an empty line between `from` and `to`.
    pub(super) fn blank_line_between(&self, from: usize, to: usize) -> bool {
        let Some(gap) = self.text.get(from..to) else {
            return false;
        };
        let gap = gap.replace("\r\n", "\n");
        let mut lines = gap.split(['\n', '\r']);
        lines.next();
        let mut middle: Vec<&str> = lines.collect();
        middle.pop();
        middle.iter().any(|line| line.bytes().all(is_space))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tight_end_skips_whitespace_and_comments() {
        let src = Source::new("size 10 // c\n  /* d */ \n}");
        assert_eq!(src.tight_end(24), 7);
    }

    #[test]
    fn keyword_start_finds_the_keyword_before_a_value() {
        let src = Source::new("  title /* c */\n \"x\"");
        assert_eq!(src.keyword_start(17), 2);
        assert_eq!(Source::new("\"x\"").keyword_start(0), 0);
    }

    #[test]
    fn brace_after_skips_braces_in_comments() {
        let src = Source::new("score /* { */ // {\n {");
        assert_eq!(src.brace_after(0), 20);
    }

    #[test]
    fn blank_lines_are_found_only_between_lines() {
        let src = Source::new("a\n\n  b\nc  \n d");
        assert!(src.blank_line_between(1, 5));
        assert!(!src.blank_line_between(6, 12));
        assert!(src.same_line(3, 5));
        assert!(!src.same_line(1, 3));
    }
}
