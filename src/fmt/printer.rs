//! The output side of the formatter: lines, indentation, blank lines and comments.
//!
//! Comments are handed out by a cursor that only moves forward, so each comment is
//! printed exactly once and in source order. Before an item, the comments that start
//! before it go on their own lines; when a line ends, the comments that start before the
//! end of what it printed (those inside a one-line construct) and those that follow on
//! the same source line go at its end. Nothing is ever printed after a `//` comment on
//! the same line: a comment that would be is left for the next line.

use super::scan::Source;
use crate::syntax::comments::Comment;

const INDENT: &str = "  ";

pub(super) struct Printer<'a> {
    src: Source<'a>,
    /// Index of the first comment not printed yet.
    next: usize,
    out: String,
    line: String,
    line_indent: usize,
    indent: usize,
    /// The source position up to which everything has been printed.
    last_pos: usize,
    /// Just after a `{`: no blank line may follow.
    at_block_start: bool,
    /// The next item or comment gets a blank line before it whatever the author wrote.
    force_blank: bool,
}

impl<'a> Printer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Printer {
            src: Source::new(text),
            next: 0,
            out: String::with_capacity(text.len() + text.len() / 4),
            line: String::new(),
            line_indent: 0,
            indent: 0,
            last_pos: 0,
            at_block_start: false,
            force_blank: false,
        }
    }

    pub(super) fn src(&self) -> &Source<'a> {
        &self.src
    }

    /// The formatted text: every comment not printed yet goes at the end.
    pub(super) fn finish(mut self) -> String {
        self.comments_before(usize::MAX);
        self.flush();
        self.out
    }

    /// Appends text to the current line.
    pub(super) fn word(&mut self, text: &str) {
        if self.line.is_empty() {
            self.line_indent = self.indent;
        }
        self.line.push_str(text);
    }

    /// Asks for a blank line before whatever comes next.
    pub(super) fn force_blank(&mut self) {
        self.force_blank = true;
    }

    /// Prints one line-level item: the comments before it, then `print`, then the end
    /// of its last line (with the comments that belong there).
    pub(super) fn line_item(&mut self, start: usize, end: usize, print: impl FnOnce(&mut Self)) {
        self.leading(start);
        print(self);
        let end = self.src.tight_end(end);
        self.end_line(end);
    }

    /// Prints ` {`, the children and `}`, or ` {}` when there is nothing inside. `brace`
    /// and `close` are the source positions of the braces. The line stays open after `}`.
    pub(super) fn block<T>(
        &mut self,
        brace: usize,
        close: usize,
        children: &[T],
        mut child: impl FnMut(&mut Self, &T),
    ) {
        if children.is_empty() && !self.comment_before(close) {
            self.word(" {}");
            return;
        }
        self.word(" {");
        self.end_line(brace + 1);
        self.indent += 1;
        self.at_block_start = true;
        for c in children {
            child(self, c);
        }
        self.comments_before(close);
        self.indent -= 1;
        self.word("}");
    }

    fn comment_before(&self, pos: usize) -> bool {
        self.comments().first().is_some_and(|c| c.span.start < pos)
    }

    fn comments(&self) -> &[Comment] {
        self.src.comments.get(self.next..).unwrap_or_default()
    }

    /// The comments before `pos` on their own lines, then the blank line the author may
    /// have left before `pos`.
    fn leading(&mut self, pos: usize) {
        self.comments_before(pos);
        self.blank_before(pos);
    }

    /// Prints the comments that start before `pos` on lines of their own; comments
    /// written on one line stay on one line.
    fn comments_before(&mut self, pos: usize) {
        self.flush();
        while let Some(c) = self.next_comment_before(pos) {
            if !self.line.is_empty() && self.src.same_line(self.last_pos, c.span.start) {
                self.word(" ");
            } else {
                self.flush();
                self.blank_before(c.span.start);
            }
            self.word(&c.text);
            if c.text.starts_with("//") {
                self.flush();
            }
            self.last_pos = self.last_pos.max(c.span.end);
        }
        self.flush();
    }

    /// Takes the next comment if it starts before `pos`.
    fn next_comment_before(&mut self, pos: usize) -> Option<Comment> {
        let c = self
            .comments()
            .first()
            .filter(|c| c.span.start < pos)
            .cloned()?;
        self.next += 1;
        Some(c)
    }

    fn blank_before(&mut self, pos: usize) {
        let wanted = self.force_blank || self.src.blank_line_between(self.last_pos, pos);
        if wanted && !self.at_block_start && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.force_blank = false;
        self.last_pos = self.last_pos.max(pos);
    }

    /// Ends the current line, whose content ends at source position `pos`: comments
    /// inside what it printed and comments after it on the same source line go at its end.
    pub(super) fn end_line(&mut self, pos: usize) {
        let mut reached = pos;
        while let Some(c) = self.comments().first().cloned() {
            let inside = c.span.start < pos;
            if !inside && !self.src.same_line(reached, c.span.start) {
                break;
            }
            self.next += 1;
            if !self.line.is_empty() {
                self.line.push_str("  ");
            }
            self.word(&c.text);
            reached = reached.max(c.span.end);
            if c.text.starts_with("//") {
                break;
            }
        }
        self.last_pos = self.last_pos.max(reached);
        self.flush();
    }

    fn flush(&mut self) {
        if self.line.is_empty() {
            return;
        }
        for _ in 0..self.line_indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(&self.line);
        self.out.push('\n');
        self.line.clear();
        self.at_block_start = false;
    }
}
