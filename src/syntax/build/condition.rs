//! Builders for eligibility conditions: `and`, `or`, `not`, groups and comparisons.

use super::super::ast::{
    BadContext, Between, CmpOp, Compare, Cond, Eligible, InList, Presence, Value,
};
use super::super::span::{Span, Spanned};
use super::super::Rule;
use super::{bad_line, values};
use crate::diagnostics::Diagnostics;
use crate::syntax::nesting::{too_deep_diagnostic, Depth};
use pest::iterators::Pair;

pub(crate) fn eligible(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Eligible {
    let span = Span::from_pest(pair.as_span());
    let mut conditions = Vec::new();
    let mut bad = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::condition => conditions.push(condition(part, Depth::item(), diags)),
            Rule::bad_item => bad.push(bad_line(&part, BadContext::Eligibility)),
            _ => {}
        }
    }
    Eligible {
        conditions,
        bad,
        span,
    }
}

/// A `condition` (a disjunction) at nesting level `depth`. Single-child levels collapse
/// to their child.
pub(crate) fn condition(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    match pair.into_inner().next() {
        Some(disj) => disjunction(disj, depth, diags),
        None => Cond::All(Vec::new(), span),
    }
}

fn disjunction(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let mut parts: Vec<Cond> = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::conjunction)
        .map(|p| conjunction(p, depth, diags))
        .collect();
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Cond::Or(parts, span)
    }
}

fn conjunction(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let mut parts: Vec<Cond> = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::negation)
        .map(|p| negation(p, depth, diags))
        .collect();
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Cond::And(parts, span)
    }
}

/// `not not ... atom`: each `not` is one level, so a run of them is refused past the
/// limit (keeping only whether their number is odd, for the checks that follow).
fn negation(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let mut nots = Vec::new();
    let mut atom_pair = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::not_op => nots.push(part.as_span().start()),
            _ => atom_pair = Some(part),
        }
    }
    let inner_depth = match depth.deeper_by(nots.len()) {
        Some(d) => d,
        None => {
            let past = depth.levels_left();
            let at = nots.get(past).copied().unwrap_or(span.start);
            diags.push(too_deep_diagnostic(
                "condition nests",
                Span::new(at, at + 3),
            ));
            let odd = nots.len() % 2;
            nots.truncate(odd);
            depth
        }
    };
    let inner = atom_pair.map(|p| atom(p, inner_depth, diags));
    let mut cond = inner.unwrap_or(Cond::All(Vec::new(), span));
    for start in nots.into_iter().rev() {
        let s = Span::new(start, span.end);
        cond = Cond::Not(Box::new(cond), s);
    }
    cond
}

fn atom(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let rule = pair.as_rule();
    if matches!(rule, Rule::condition | Rule::any_block | Rule::all_block) {
        let Some(inner) = depth.deeper() else {
            diags.push(too_deep_diagnostic("condition nests", span));
            return Cond::All(Vec::new(), span);
        };
        return match rule {
            Rule::condition => condition(pair, inner, diags),
            Rule::any_block => Cond::Any(group(pair, inner, diags), span),
            _ => Cond::All(group(pair, inner, diags), span),
        };
    }
    match rule {
        Rule::presence => presence(pair),
        _ => comparison(pair, diags),
    }
}

fn group(pair: Pair<'_, Rule>, depth: Depth, diags: &mut Diagnostics) -> Vec<Cond> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::condition)
        .map(|p| condition(p, depth, diags))
        .collect()
}

fn presence(pair: Pair<'_, Rule>) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let mut field = Spanned::new(String::new(), span);
    let mut present = true;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::field => field = values::text(&part),
            Rule::k_missing => present = false,
            _ => {}
        }
    }
    Cond::Presence(Presence {
        field,
        present,
        span,
    })
}

fn comparison(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Cond {
    let span = Span::from_pest(pair.as_span());
    let mut inner = pair.into_inner();
    let field = inner
        .next()
        .map_or_else(|| Spanned::new(String::new(), span), |f| values::text(&f));
    let Some(test) = inner.next() else {
        return Cond::All(Vec::new(), span);
    };
    match test.as_rule() {
        Rule::in_test => {
            let negated = test
                .clone()
                .into_inner()
                .any(|p| p.as_rule() == Rule::not_op);
            let values = test_values(test, diags);
            Cond::In(InList {
                field,
                negated,
                values,
                span,
            })
        }
        Rule::between_test => {
            let negated = test
                .clone()
                .into_inner()
                .any(|p| p.as_rule() == Rule::not_op);
            let mut vals = test_values(test, diags).into_iter();
            let empty = Value {
                kind: super::super::ast::ValueKind::Number(String::new()),
                span,
            };
            let low = vals.next().unwrap_or_else(|| empty.clone());
            let high = vals.next().unwrap_or(empty);
            Cond::Between(Between {
                field,
                negated,
                low,
                high,
                span,
            })
        }
        _ => {
            let mut parts = test.into_inner();
            let op_pair = parts.next();
            let op = op_pair.as_ref().map_or(CmpOp::Eq, |p| cmp_op(p.as_str()));
            let op_span = op_pair.map_or(span, |p| Span::from_pest(p.as_span()));
            let value = match parts.next() {
                Some(v) => values::value(v, diags),
                None => Value {
                    kind: super::super::ast::ValueKind::Number(String::new()),
                    span,
                },
            };
            Cond::Compare(Compare {
                field,
                op: Spanned::new(op, op_span),
                value,
                span,
            })
        }
    }
}

fn test_values(test: Pair<'_, Rule>, diags: &mut Diagnostics) -> Vec<Value> {
    test.into_inner()
        .filter(|p| {
            matches!(
                p.as_rule(),
                Rule::money | Rule::timestamp | Rule::number | Rule::string
            )
        })
        .map(|p| values::value(p, diags))
        .collect()
}

fn cmp_op(s: &str) -> CmpOp {
    match s {
        "!=" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        _ => CmpOp::Eq,
    }
}
