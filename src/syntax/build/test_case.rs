//! Builders for inline `test "..." { ... }` blocks.

use super::super::ast::{
    BadContext, Expect, ExpectKind, TestCase, TestEntry, WagerField, WagerLit,
};
use super::super::span::{Span, Spanned};
use super::super::Rule;
use super::{bad_line, values};
use crate::diagnostics::Diagnostics;
use pest::iterators::Pair;

pub(crate) fn test_case(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> TestCase {
    let span = Span::from_pest(pair.as_span());
    let mut name = Spanned::new(String::new(), span);
    let mut entries = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string => name = values::string(part, diags),
            Rule::wager_entry => entries.push(TestEntry::Wager(wager(part, diags))),
            Rule::expect_entry => entries.push(TestEntry::Expect(expect(part, diags))),
            Rule::bad_item => entries.push(TestEntry::Bad(bad_line(&part, BadContext::Test))),
            _ => {}
        }
    }
    TestCase {
        name,
        entries,
        span,
    }
}

fn wager(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> WagerLit {
    let span = Span::from_pest(pair.as_span());
    let mut id = Spanned::new(String::new(), span);
    let mut fields = Vec::new();
    let mut bad = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string => id = values::string(part, diags),
            Rule::wager_field => {
                let field_span = Span::from_pest(part.as_span());
                let mut inner = part.into_inner();
                if let (Some(k), Some(v)) = (inner.next(), inner.next()) {
                    fields.push(WagerField {
                        key: values::text(&k),
                        value: values::value(v, diags),
                        span: field_span,
                    });
                }
            }
            Rule::bad_item => bad.push(bad_line(&part, BadContext::Wager)),
            _ => {}
        }
    }
    WagerLit {
        id,
        fields,
        bad,
        span,
    }
}

fn expect(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Expect {
    let span = Span::from_pest(pair.as_span());
    let kind = pair
        .into_inner()
        .find(|p| p.as_rule() != Rule::k_expect)
        .map(|p| expect_kind(p, diags))
        .unwrap_or_else(|| ExpectKind::Eligible(Spanned::new(String::new(), span)));
    Expect { kind, span }
}

fn expect_kind(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> ExpectKind {
    let rule = pair.as_rule();
    let span = Span::from_pest(pair.as_span());
    let mut strings = Vec::new();
    let mut number = None;
    let mut prize = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string => strings.push(values::string(part, diags)),
            Rule::number => number = Some(values::text(&part)),
            Rule::prize_value => prize = Some(values::prize_value(part, diags)),
            _ => {}
        }
    }
    let who = strings
        .into_iter()
        .next()
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    let num = number.unwrap_or_else(|| Spanned::new(String::new(), span));
    match rule {
        Rule::expect_ineligible => ExpectKind::Ineligible(who),
        Rule::expect_score => ExpectKind::Score(who, num),
        Rule::expect_rank => ExpectKind::Rank(who, num),
        Rule::expect_no_prize => ExpectKind::NoPrize(who),
        Rule::expect_prize => match prize {
            Some(p) => ExpectKind::Prize(who, p),
            None => ExpectKind::NoPrize(who),
        },
        _ => ExpectKind::Eligible(who),
    }
}
