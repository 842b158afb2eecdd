//! The `score { }` block: points expressions, multipliers, caps and currencies.

use super::cond::cond;
use super::printer::Printer;
use crate::syntax::ast::{CurrencyEntry, Expr, Rate, Score, ScoreEntry};

/// `score {` one entry per line `}`.
pub(super) fn score(p: &mut Printer<'_>, score: &Score) {
    p.word("score");
    let brace = p.src().brace_after(score.span.start);
    p.block(
        brace,
        score.span.end.saturating_sub(1),
        &score.entries,
        |p, e| {
            let span = e.span();
            p.line_item(span.start, span.end, |p| entry(p, e));
        },
    );
}

fn entry(p: &mut Printer<'_>, entry: &ScoreEntry) {
    match entry {
        ScoreEntry::Points(e, _) => p.word(&format!("points = {}", expr(e))),
        ScoreEntry::Multiplier { factor, when, .. } => {
            p.word(&format!("x{} when ", factor.value));
            cond(p, when);
        }
        ScoreEntry::OnlyWins(_) => p.word("only wins"),
        ScoreEntry::Aggregate(name, _) => p.word(&format!("aggregate {}", name.value)),
        ScoreEntry::Cap { points, per, .. } => {
            p.word(&format!("cap {} per {}", points.value, per.value))
        }
        ScoreEntry::Currency(c) => currency(p, c),
        ScoreEntry::Bad(bad) => p.word(&bad.text),
    }
}

fn currency(p: &mut Printer<'_>, c: &CurrencyEntry) {
    p.word(&format!("currency {}", c.code.value));
    if !c.has_block {
        return;
    }
    let brace = p.src().brace_after(c.code.span.end);
    p.block(
        brace,
        c.span.end.saturating_sub(1),
        &c.rates,
        |p, r: &Rate| {
            p.line_item(r.span.start, r.span.end, |p| {
                p.word(&format!("{} {}", r.code.value, r.rate.value))
            });
        },
    );
}

/// An expression with single spaces around operators and the author's parentheses.
pub(super) fn expr(e: &Expr) -> String {
    match e {
        Expr::Number(n) | Expr::Field(n) => n.value.clone(),
        Expr::Chain { first, rest, .. } => {
            let mut out = expr(first);
            for (op, operand) in rest {
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                out.push_str(&expr(operand));
            }
            out
        }
        Expr::Group(inner, _) => format!("({})", expr(inner)),
    }
}
