//! Builders for the `score { ... }` block and points expressions.

use super::super::ast::{ArithOp, BadContext, CurrencyEntry, Expr, Rate, Score, ScoreEntry};
use super::super::span::{Span, Spanned};
use super::super::Rule;
use super::{bad_line, condition, values};
use crate::diagnostics::Diagnostics;
use crate::syntax::nesting::{too_deep_diagnostic, Depth};
use pest::iterators::Pair;

pub(crate) fn score(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Score {
    let span = Span::from_pest(pair.as_span());
    let entries = pair
        .into_inner()
        .filter(|p| p.as_rule() != Rule::k_score)
        .map(|p| entry(p, diags))
        .collect();
    Score { entries, span }
}

fn entry(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> ScoreEntry {
    let span = Span::from_pest(pair.as_span());
    match pair.as_rule() {
        Rule::points_entry => match pair.into_inner().find(|p| p.as_rule() == Rule::expr) {
            Some(e) => ScoreEntry::Points(expr(e, Depth::item(), diags), span),
            None => ScoreEntry::Points(Expr::Number(Spanned::new(String::new(), span)), span),
        },
        Rule::multiplier_entry => {
            let mut factor = Spanned::new(String::from("1"), span);
            let mut when = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::multiplier => {
                        let t = values::text(&part);
                        factor = Spanned::new(t.value[1..].to_string(), t.span);
                    }
                    Rule::condition => {
                        when = Some(condition::condition(part, Depth::item(), diags));
                    }
                    _ => {}
                }
            }
            let when = when.unwrap_or(super::super::ast::Cond::All(Vec::new(), span));
            ScoreEntry::Multiplier { factor, when, span }
        }
        Rule::only_wins_entry => ScoreEntry::OnlyWins(span),
        Rule::aggregate_entry => match pair.into_inner().find(|p| p.as_rule() == Rule::ident) {
            Some(name) => ScoreEntry::Aggregate(values::text(&name), span),
            None => ScoreEntry::Aggregate(Spanned::new(String::new(), span), span),
        },
        Rule::cap_entry => {
            let mut points = Spanned::new(String::new(), span);
            let mut per = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::number => points = values::text(&part),
                    Rule::duration => per = Some(values::duration(&part, diags)),
                    _ => {}
                }
            }
            let per = per.unwrap_or_else(|| {
                Spanned::new(
                    super::super::ast::Duration {
                        amount: 0,
                        unit: super::super::ast::DurationUnit::Seconds,
                        out_of_range: false,
                    },
                    span,
                )
            });
            ScoreEntry::Cap { points, per, span }
        }
        Rule::currency_entry => ScoreEntry::Currency(currency(pair)),
        _ => ScoreEntry::Bad(bad_line(&pair, BadContext::Score)),
    }
}

fn currency(pair: Pair<'_, Rule>) -> CurrencyEntry {
    let span = Span::from_pest(pair.as_span());
    let has_block = has_rate_block(pair.as_str());
    let mut code = Spanned::new(String::new(), span);
    let mut rates = Vec::new();
    let mut bad = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::currency => code = values::text(&part),
            Rule::rate_entry => {
                let rate_span = Span::from_pest(part.as_span());
                let mut inner = part.into_inner();
                if let (Some(c), Some(r)) = (inner.next(), inner.next()) {
                    rates.push(Rate {
                        code: values::text(&c),
                        rate: values::text(&r),
                        span: rate_span,
                    });
                }
            }
            Rule::bad_item => bad.push(bad_line(&part, BadContext::Currency)),
            _ => {}
        }
    }
    CurrencyEntry {
        code,
        rates,
        has_block,
        bad,
        span,
    }
}

/// Whether a `currency` entry has a `{ ... }` block. Without one, the entry's text runs
/// on over the comments after it, which may hold braces of their own.
fn has_rate_block(text: &str) -> bool {
    let mut last = 0;
    for comment in crate::syntax::comments::comments(text) {
        if text[last..comment.span.start].contains('{') {
            return true;
        }
        last = comment.span.end;
    }
    text[last..].contains('{')
}

/// An `expr` (sum of terms) at nesting level `depth`.
pub(crate) fn expr(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Expr {
    chain(pair, depth, diags, term)
}

fn term(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Expr {
    chain(pair, depth, diags, factor)
}

fn factor(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Expr {
    let span = Span::from_pest(pair.as_span());
    match pair.as_rule() {
        Rule::number => Expr::Number(values::text(&pair)),
        Rule::field => Expr::Field(values::text(&pair)),
        _ => match depth.deeper() {
            Some(inner) => Expr::Group(Box::new(expr(pair, inner, diags)), span),
            None => {
                diags.push(too_deep_diagnostic("expression nests", span));
                Expr::Number(Spanned::new(String::from("0"), span))
            }
        },
    }
}

type Operand = fn(Pair<'_, Rule>, Depth, &mut Diagnostics) -> Expr;

/// `a op b op c` as one flat chain (a single operand stands alone).
fn chain(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics, operand: Operand) -> Expr {
    let span = Span::from_pest(pair.as_span());
    let mut inner = pair.into_inner();
    let first = match inner.next() {
        Some(first) => operand(first, depth, diags),
        None => return Expr::Number(Spanned::new(String::new(), span)),
    };
    let mut rest = Vec::new();
    while let Some(op) = inner.next() {
        let Some(rhs) = inner.next() else { break };
        let op = match op.as_str() {
            "+" => ArithOp::Add,
            "-" => ArithOp::Sub,
            "*" => ArithOp::Mul,
            _ => ArithOp::Div,
        };
        rest.push((op, operand(rhs, depth, diags)));
    }
    let Some((_, last)) = rest.last() else {
        return first;
    };
    let span = first.span().join(last.span());
    Expr::Chain {
        first: Box::new(first),
        rest,
        span,
    }
}
