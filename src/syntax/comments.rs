//! Comments, found by a lexical scan that skips string literals. The grammar drops
//! comments; the formatter puts them back where they were.

use super::span::Span;

/// A `//` or `/* */` comment as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// Every comment of `source`, in order.
pub fn comments(source: &str) -> Vec<Comment> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // A line ends at `\n`, `\r\n` or a lone `\r`.
                let end = source[i..]
                    .find(['\n', '\r'])
                    .map_or(source.len(), |e| i + e);
                out.push(Comment {
                    text: source[i..end].trim_end().to_string(),
                    span: Span::new(i, end),
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = source[i + 2..]
                    .find("*/")
                    .map_or(source.len(), |e| i + 2 + e + 2);
                out.push(Comment {
                    text: source[i..end].to_string(),
                    span: Span::new(i, end),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Just after the string that starts before `i` (its opening quote already read), or
/// at the end of its line when it is not closed there.
pub(crate) fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' | b'\n' => return i + 1,
            _ => i += 1,
        }
    }
    i
}
