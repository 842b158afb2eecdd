//! Eligibility conditions.
//!
//! Precedence is `or` < `and` < `not`. Parentheses are printed where the tree needs them
//! to read back the same: an `or` inside an `and`, an `and` or `or` under `not`, and a
//! nested `and` in an `and` (or `or` in an `or`), which only parentheses can produce.
//! `any { }` and `all { }` blocks span several lines, one condition per line.

use super::printer::Printer;
use super::text::value;
use crate::syntax::ast::{Between, Cond, InList};

/// Prints one condition on the current line (and the lines of its blocks).
pub(super) fn cond(p: &mut Printer<'_>, c: &Cond) {
    match c {
        Cond::And(parts, _) => join(p, parts, " and ", |c| {
            matches!(c, Cond::And(..) | Cond::Or(..))
        }),
        Cond::Or(parts, _) => join(p, parts, " or ", |c| matches!(c, Cond::Or(..))),
        Cond::Not(inner, _) => {
            p.word("not ");
            operand(p, inner, matches!(**inner, Cond::And(..) | Cond::Or(..)));
        }
        Cond::Any(parts, span) => group(p, "any", parts, span.start, span.end),
        Cond::All(parts, span) => group(p, "all", parts, span.start, span.end),
        Cond::Compare(c) => {
            p.word(&format!(
                "{} {} {}",
                c.field.value,
                c.op.value.symbol(),
                value(&c.value)
            ));
        }
        Cond::In(list) => p.word(&in_list(list)),
        Cond::Between(b) => p.word(&between(b)),
        Cond::Presence(pr) => {
            let what = if pr.present { "present" } else { "missing" };
            p.word(&format!("{} is {what}", pr.field.value));
        }
    }
}

/// Conditions one per line, as in `eligible when { }` or `any { }`, between the braces
/// at `brace` and `close`.
pub(super) fn lines(p: &mut Printer<'_>, brace: usize, close: usize, conds: &[Cond]) {
    p.block(brace, close, conds, |p, c| {
        let span = c.span();
        p.line_item(span.start, span.end, |p| cond(p, c));
    });
}

fn join(p: &mut Printer<'_>, parts: &[Cond], sep: &str, needs_parens: fn(&Cond) -> bool) {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            p.word(sep);
        }
        operand(p, part, needs_parens(part));
    }
}

fn operand(p: &mut Printer<'_>, c: &Cond, parens: bool) {
    if parens {
        p.word("(");
    }
    cond(p, c);
    if parens {
        p.word(")");
    }
}

fn group(p: &mut Printer<'_>, keyword: &str, parts: &[Cond], start: usize, end: usize) {
    p.word(keyword);
    let brace = p.src().brace_after(start);
    lines(p, brace, end.saturating_sub(1), parts);
}

fn in_list(list: &InList) -> String {
    let not = if list.negated { "not " } else { "" };
    let values: Vec<String> = list.values.iter().map(value).collect();
    format!("{} {not}in ({})", list.field.value, values.join(", "))
}

fn between(b: &Between) -> String {
    let not = if b.negated { "not " } else { "" };
    format!(
        "{} {not}between {} and {}",
        b.field.value,
        value(&b.low),
        value(&b.high)
    )
}
