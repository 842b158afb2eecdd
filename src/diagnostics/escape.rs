//! Text printed for people shows control characters instead of sending them: an
//! escape sequence in a source file or an event field (a `playerId` with colour codes)
//! must not recolour, move or clear the terminal. JSON output needs none of this
//! (serde escapes control characters).

use std::borrow::Cow;

/// Whether `c` would act on a terminal rather than print: control characters other than
/// newline and tab, and the bidirectional overrides that reorder what is shown.
pub fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How such a character is shown: `\u{1b}`.
pub fn shown(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// `text` with every character that acts on a terminal shown as `\u{..}`; borrowed
/// when there is none (the common case).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&shown(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(
            escape_controls("p\u{1b}[31mred\u{7}"),
            "p\\u{1b}[31mred\\u{7}"
        );
        assert_eq!(escape_controls("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(escape_controls("lines\nand\ttabs"), "lines\nand\ttabs");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
    }
}
