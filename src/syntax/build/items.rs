//! Builders for the items of a tournament or template body.

use super::super::ast::{BadContext, Item, MetaEntry, Metadata, Runs};
use super::super::span::Span;
use super::super::Rule;
use super::{bad_line, condition, leaderboard, score, test_case, values};
use crate::diagnostics::Diagnostics;
use pest::iterators::Pair;

pub(crate) fn build_item(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Item {
    match pair.as_rule() {
        Rule::title_item => Item::Title(last_string(pair, diags)),
        Rule::operator_item => Item::Operator(last_string(pair, diags)),
        Rule::description_item => Item::Description(last_string(pair, diags)),
        Rule::timezone_item => Item::Timezone(last_string(pair, diags)),
        Rule::metadata_item => Item::Metadata(metadata(pair, diags)),
        Rule::runs_item => Item::Runs(runs(pair)),
        Rule::prewarm_item => prewarm(pair, diags),
        Rule::eligible_item => Item::Eligible(condition::eligible(pair, diags)),
        Rule::score_item => Item::Score(score::score(pair, diags)),
        Rule::leaderboard_item => Item::Leaderboard(leaderboard::leaderboard(pair, diags)),
        Rule::test_item => Item::Test(test_case::test_case(pair, diags)),
        _ => Item::Bad(bad_line(&pair, BadContext::Tournament)),
    }
}

/// The string argument of a one-string item such as `title "..."`, spanning the string.
fn last_string(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> super::super::Spanned<String> {
    let span = Span::from_pest(pair.as_span());
    match pair.into_inner().find(|p| p.as_rule() == Rule::string) {
        Some(s) => values::string(s, diags),
        None => super::super::Spanned::new(String::new(), span),
    }
}

fn metadata(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Metadata {
    let span = Span::from_pest(pair.as_span());
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::meta_entry => {
                let entry_span = Span::from_pest(part.as_span());
                let mut inner = part.into_inner();
                let (Some(key), Some(value)) = (inner.next(), inner.next()) else {
                    continue;
                };
                entries.push(MetaEntry {
                    key: values::text(&key),
                    value: values::string(value, diags),
                    span: entry_span,
                });
            }
            Rule::bad_item => bad.push(bad_line(&part, BadContext::Metadata)),
            _ => {}
        }
    }
    Metadata { entries, bad, span }
}

fn runs(pair: Pair<'_, Rule>) -> Runs {
    let span = Span::from_pest(pair.as_span());
    let mut stamps = Vec::new();
    let mut inclusive = false;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::timestamp => stamps.push(values::text(&part)),
            Rule::range_op => inclusive = part.as_str() == "..=",
            _ => {}
        }
    }
    let end = stamps
        .pop()
        .unwrap_or_else(|| super::super::Spanned::new(String::new(), span));
    let start = stamps
        .pop()
        .unwrap_or_else(|| super::super::Spanned::new(String::new(), span));
    Runs {
        start,
        end,
        end_inclusive: inclusive,
        span,
    }
}

fn prewarm(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Item {
    let span = Span::from_pest(pair.as_span());
    match pair.into_inner().find(|p| p.as_rule() == Rule::duration) {
        Some(d) => Item::Prewarm(values::duration(&d, diags)),
        None => Item::Bad(super::super::ast::BadLine {
            context: BadContext::Tournament,
            text: String::new(),
            span,
        }),
    }
}
