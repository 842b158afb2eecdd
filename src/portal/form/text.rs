//! Reading the source text around syntax nodes: comments and blanks between tokens,
//! line starts and ends, indentation.

use crate::syntax::comments::skip_string;

/// The first byte at or after `pos` that is not a blank or inside a comment.
pub(super) fn skip_trivia(src: &str, mut pos: usize) -> usize {
    let bytes = src.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'/' if bytes.get(pos + 1) == Some(&b'/') => {
                pos = src[pos..].find(['\n', '\r']).map_or(src.len(), |e| pos + e);
            }
            b'/' if bytes.get(pos + 1) == Some(&b'*') => {
                pos = src[pos + 2..]
                    .find("*/")
                    .map_or(src.len(), |e| pos + 2 + e + 2);
            }
            _ => break,
        }
    }
    pos
}

/// Just after the first `{` at or after `pos`, skipping comments and strings.
pub(super) fn open_brace(src: &str, pos: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = skip_trivia(src, pos);
    while i < bytes.len() {
        match bytes[i] {
            b'{' => return Some(i + 1),
            b'"' => i = skip_string(bytes, i + 1),
            b'/' => i = skip_trivia(src, i).max(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the last token in `start..end`: trailing blanks and comments left out
/// (the parser's spans of some items reach over the comments that follow them).
pub(super) fn end_of_tokens(src: &str, start: usize, end: usize) -> usize {
    let end = end.min(src.len());
    let bytes = src.as_bytes();
    let (mut i, mut last) = (start, start);
    while i < end {
        let next = skip_trivia(src, i);
        if next != i {
            i = next;
            continue;
        }
        i = match bytes[i] {
            b'"' => skip_string(bytes, i + 1),
            _ => i + 1,
        };
        last = i.min(end);
    }
    last
}

/// The start of the line holding `pos`.
pub(super) fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// After the spaces and tabs at `pos`.
pub(super) fn skip_blanks(src: &str, pos: usize) -> usize {
    src[pos..]
        .find(|c: char| c != ' ' && c != '\t')
        .map_or(src.len(), |i| pos + i)
}

/// Before the spaces and tabs that end at `pos`.
pub(super) fn back_blanks(src: &str, pos: usize) -> usize {
    src[..pos]
        .rfind(|c: char| c != ' ' && c != '\t')
        .map_or(0, |i| i + 1)
}

/// Whether `pos` ends its line (a line break or the end of the text).
pub(super) fn at_line_end(src: &str, pos: usize) -> bool {
    matches!(src.as_bytes().get(pos), None | Some(b'\n' | b'\r'))
}

/// The length of the line break at `pos`: 2 for `\r\n`, 1 for `\n` or `\r`, 0 at the end.
pub(super) fn break_len(src: &str, pos: usize) -> usize {
    match src.as_bytes().get(pos..pos + 2) {
        Some(b"\r\n") => 2,
        _ if pos < src.len() => 1,
        _ => 0,
    }
}

/// The end of the line at `pos`, before its line break.
pub(super) fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find(['\n', '\r']).map_or(src.len(), |i| pos + i)
}

/// The blanks that open the line holding `pos`, when only blanks precede `pos` there.
pub(super) fn indentation(src: &str, pos: usize) -> Option<&str> {
    let start = line_start(src, pos);
    let lead = &src[start..pos];
    lead.chars().all(|c| c == ' ' || c == '\t').then_some(lead)
}

/// The blanks that open the line holding `pos`, whatever follows them.
pub(super) fn line_indent(src: &str, pos: usize) -> &str {
    let start = line_start(src, pos);
    &src[start..skip_blanks(src, start).min(pos.max(start))]
}

/// The line break the source uses: `\r\n` when it has one, else `\n`.
pub(super) fn newline(src: &str) -> &'static str {
    if src.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// `text` with its first `keyword` removed, after blanks and comments: the start of
/// what follows it, or `None` when `text` does not start with it there.
pub(super) fn after_keyword(src: &str, pos: usize, keyword: &str) -> Option<usize> {
    let at = skip_trivia(src, pos);
    src[at..]
        .starts_with(keyword)
        .then(|| skip_trivia(src, at + keyword.len()))
}

/// The start of the keyword that ends, with blanks between, just before `pos`.
pub(super) fn keyword_before(src: &str, pos: usize, keyword: &str) -> Option<usize> {
    let end = src[..pos].trim_end_matches([' ', '\t', '\r', '\n']).len();
    src[..end].ends_with(keyword).then(|| end - keyword.len())
}
