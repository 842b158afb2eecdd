//! Span-precise edits: replacing, removing and inserting items inside a container
//! while every other byte stays where it was.

use super::error::FormError;
use super::layout::{Container, Key};
use super::model::Field;
use super::text;
use crate::syntax::Span;

/// Replace the bytes of `span` with `text` (an insertion when `span` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Edit {
    pub span: Span,
    pub text: String,
}

/// New source for an item: one line, or a block of lines.
#[derive(Debug, Clone)]
pub(super) enum Render {
    Leaf(String),
    Block(String, Vec<Render>),
}

/// What to do with one item of a container.
#[derive(Debug, Clone)]
pub(super) enum Op {
    Delete,
    /// New text for the child's value span.
    Replace(String),
    Insert(Render),
}

#[derive(Debug, Clone)]
pub(super) struct SlotOp {
    pub key: Key,
    pub child: Option<usize>,
    pub op: Op,
}

/// What became of a container.
#[derive(Debug)]
pub(super) enum Outcome {
    Edits(Vec<Edit>),
    /// Every item went and nothing else was inside: remove the whole block.
    DeleteWhole,
    /// The block did not exist and now has items: insert it whole.
    InsertWhole(Render),
}

/// The source being edited and the line break it uses.
pub(super) struct Ctx<'a> {
    pub src: &'a str,
    pub nl: &'static str,
}

const UNIT: &str = "  ";

/// An op for an item written at most once: `old`/`new` are the value texts, `entry`
/// the whole item for an insertion.
pub(super) fn single(
    key: Key,
    child: Option<usize>,
    old: Option<String>,
    new: Option<String>,
    entry: impl Fn(&str) -> Render,
) -> Option<SlotOp> {
    let op = match (child, old, new) {
        (Some(_), Some(o), Some(n)) if o == n => return None,
        (Some(_), _, Some(n)) => Op::Replace(n),
        (Some(_), _, None) => Op::Delete,
        (None, _, Some(n)) => Op::Insert(entry(&n)),
        (None, _, None) => return None,
    };
    Some(SlotOp { key, child, op })
}

/// Ops for a list of items matched by position: changed ones replaced, extra old
/// ones removed, extra new ones inserted after the others.
pub(super) fn list(key: Key, children: &[usize], old: &[String], new: &[String]) -> Vec<SlotOp> {
    let mut ops = Vec::new();
    for (i, text) in new.iter().enumerate() {
        match (children.get(i), old.get(i)) {
            (Some(_), Some(o)) if o == text => {}
            (Some(&c), _) => ops.push(SlotOp {
                key,
                child: Some(c),
                op: Op::Replace(text.clone()),
            }),
            (None, _) => ops.push(SlotOp {
                key,
                child: None,
                op: Op::Insert(Render::Leaf(text.clone())),
            }),
        }
    }
    for &c in children.iter().skip(new.len()) {
        ops.push(SlotOp {
            key,
            child: Some(c),
            op: Op::Delete,
        });
    }
    ops
}

/// Applies `ops` (in canonical order) to `container`, or decides to insert or remove
/// it whole.
pub(super) fn sync(
    ctx: &Ctx<'_>,
    container: Option<&Container>,
    header: &str,
    ops: Vec<SlotOp>,
) -> Outcome {
    let Some(c) = container else {
        let items: Vec<Render> = ops
            .into_iter()
            .filter_map(|op| match op.op {
                Op::Insert(r) => Some(r),
                _ => None,
            })
            .collect();
        return match items.is_empty() {
            true => Outcome::Edits(Vec::new()),
            false => Outcome::InsertWhole(Render::Block(header.to_string(), items)),
        };
    };
    let deleted: Vec<usize> = ops
        .iter()
        .filter(|o| matches!(o.op, Op::Delete))
        .filter_map(|o| o.child)
        .collect();
    let inserts = ops.iter().any(|o| matches!(o.op, Op::Insert(_)));
    let empty_after = !inserts && (0..c.children.len()).all(|i| deleted.contains(&i));
    let inner = Span::new(c.open, c.close);
    let has_comment =
        !crate::syntax::comments::comments(ctx.src.get(inner.start..inner.end).unwrap_or(""))
            .is_empty();
    if empty_after && !deleted.is_empty() && !has_comment {
        return Outcome::DeleteWhole;
    }
    let indent = child_indent(ctx.src, c);
    let mut edits = Vec::new();
    for op in ops {
        match (op.op, op.child.and_then(|i| c.children.get(i))) {
            (Op::Delete, Some(child)) => edits.push(delete(ctx.src, child.span)),
            (Op::Replace(text), Some(child)) => edits.push(Edit {
                span: child.value,
                text,
            }),
            (Op::Insert(render), _) => {
                let anchor = c
                    .children
                    .iter()
                    .enumerate()
                    .filter(|(i, ch)| !deleted.contains(i) && ch.key.rank() <= op.key.rank())
                    .map(|(_, ch)| ch)
                    .next_back();
                edits.push(insert(ctx, c, anchor.map(|a| a.span), &render, &indent));
            }
            _ => {}
        }
    }
    Outcome::Edits(edits)
}

/// The indentation of the items of `c`: the first item's, or one step deeper than
/// the block's own line.
fn child_indent(src: &str, c: &Container) -> String {
    c.children
        .first()
        .and_then(|ch| text::indentation(src, ch.span.start))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}{UNIT}", text::line_indent(src, c.span.start)))
}

/// The text of `render` starting at `indent` (its first line not indented).
pub(super) fn render_text(render: &Render, indent: &str, nl: &str) -> String {
    match render {
        Render::Leaf(text) => text.clone(),
        Render::Block(header, items) => {
            let inner = format!("{indent}{UNIT}");
            let mut out = format!("{header} {{");
            for item in items {
                out.push_str(nl);
                out.push_str(&inner);
                out.push_str(&render_text(item, &inner, nl));
            }
            out.push_str(nl);
            out.push_str(indent);
            out.push('}');
            out
        }
    }
}

/// Inserts `render` after `anchor` (or at the top of `c`), on a line of its own when
/// the anchor ends its line.
fn insert(
    ctx: &Ctx<'_>,
    c: &Container,
    anchor: Option<Span>,
    render: &Render,
    indent: &str,
) -> Edit {
    let src = ctx.src;
    let body = render_text(render, indent, ctx.nl);
    let from = anchor.map_or(c.open, |a| a.end);
    let after = text::skip_blanks(src, from);
    let own_line = text::at_line_end(src, after) || src[after..].starts_with("//");
    if own_line {
        let at = text::line_end(src, after);
        return Edit {
            span: Span::new(at, at),
            text: format!("{}{indent}{body}", ctx.nl),
        };
    }
    if anchor.is_none() && after == c.close {
        // `{ }` on one line: open it up.
        let close_indent = text::line_indent(src, c.span.start);
        return Edit {
            span: Span::new(c.open, after),
            text: format!("{nl}{indent}{body}{nl}{close_indent}", nl = ctx.nl),
        };
    }
    Edit {
        span: Span::new(from, from),
        text: format!(" {body}"),
    }
}

/// Removes the item at `span`: its whole line when it stands alone there, else the
/// item and the blanks after it.
pub(super) fn delete(src: &str, span: Span) -> Edit {
    let start = text::back_blanks(src, span.start);
    let line_begins = start == 0 || matches!(src.as_bytes()[start - 1], b'\n' | b'\r');
    let end = text::skip_blanks(src, span.end);
    let line_ends = text::at_line_end(src, end);
    let span = match (line_begins, line_ends) {
        (true, true) => whole_lines(src, start, end + text::break_len(src, end)),
        (false, true) => Span::new(start, span.end),
        _ => Span::new(span.start, end),
    };
    Edit {
        span,
        text: String::new(),
    }
}

/// Lines `start..end`, with the blank line after them when one is before them too, so
/// that removing an item between two blank lines leaves one.
fn whole_lines(src: &str, start: usize, end: usize) -> Span {
    let before = &src[..start];
    let head = before.strip_suffix('\n').unwrap_or(before);
    let head = head.strip_suffix('\r').unwrap_or(head);
    let prev_line = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
    let blank_before = head.len() < start && head.contains('\n') && prev_line.trim().is_empty();
    let after = text::skip_blanks(src, end);
    if blank_before && after < src.len() && text::at_line_end(src, after) {
        return Span::new(start, after + text::break_len(src, after));
    }
    Span::new(start, end)
}

/// Applies edits to `src`, refusing overlapping ones.
pub(super) fn apply(src: &str, mut edits: Vec<Edit>) -> Result<String, FormError> {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for e in &edits {
        if e.span.start < at || e.span.end > src.len() {
            return Err(FormError::invalid(
                Field::Id,
                "two changes fall on the same part of the source",
            ));
        }
        out.push_str(src.get(at..e.span.start).unwrap_or(""));
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(src.get(at..).unwrap_or(""));
    Ok(out)
}

/// Turns a nested container's outcome into an op of its parent.
pub(super) fn nested(
    outcome: Outcome,
    key: Key,
    child: Option<usize>,
    edits: &mut Vec<Edit>,
) -> Option<SlotOp> {
    match outcome {
        Outcome::Edits(e) => {
            edits.extend(e);
            None
        }
        Outcome::DeleteWhole => child.map(|c| SlotOp {
            key,
            child: Some(c),
            op: Op::Delete,
        }),
        Outcome::InsertWhole(render) => Some(SlotOp {
            key,
            child,
            op: Op::Insert(render),
        }),
    }
}
