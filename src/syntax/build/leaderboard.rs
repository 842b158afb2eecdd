//! Builders for the `leaderboard { ... }` block and its prizes.

use super::super::ast::{
    BadContext, Leaderboard, LeaderboardEntry, Places, PrizeEntry, Prizes, Value, ValueKind,
};
use super::super::span::{Span, Spanned};
use super::super::Rule;
use super::{bad_line, values};
use crate::diagnostics::Diagnostics;
use pest::iterators::Pair;

pub(crate) fn leaderboard(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Leaderboard {
    let span = Span::from_pest(pair.as_span());
    let entries = pair
        .into_inner()
        .filter(|p| p.as_rule() != Rule::k_leaderboard)
        .map(|p| entry(p, diags))
        .collect();
    Leaderboard { entries, span }
}

fn entry(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> LeaderboardEntry {
    let span = Span::from_pest(pair.as_span());
    match pair.as_rule() {
        Rule::update_entry => {
            let every = pair.into_inner().find(|p| p.as_rule() == Rule::every);
            let duration = every
                .and_then(|e| e.into_inner().find(|p| p.as_rule() == Rule::duration))
                .map(|d| values::duration(&d, diags));
            LeaderboardEntry::Update(duration, span)
        }
        Rule::ties_entry => {
            let names = pair
                .into_inner()
                .filter(|p| p.as_rule() == Rule::ident)
                .map(|p| values::text(&p))
                .collect();
            LeaderboardEntry::Ties(names, span)
        }
        Rule::size_entry => match pair.into_inner().find(|p| p.as_rule() == Rule::number) {
            Some(n) => LeaderboardEntry::Size(values::text(&n), span),
            None => LeaderboardEntry::Size(Spanned::new(String::new(), span), span),
        },
        Rule::visibility_entry => {
            let word = pair
                .into_inner()
                .find(|p| matches!(p.as_rule(), Rule::k_public | Rule::k_private | Rule::ident));
            let word = word.map_or_else(|| Spanned::new(String::new(), span), |w| values::text(&w));
            LeaderboardEntry::Visibility(word, span)
        }
        Rule::display_entry => match pair.into_inner().find(|p| p.as_rule() == Rule::ident) {
            Some(mode) => LeaderboardEntry::Display(values::text(&mode), span),
            None => LeaderboardEntry::Display(Spanned::new(String::new(), span), span),
        },
        Rule::prizes_entry => LeaderboardEntry::Prizes(prizes(pair, diags)),
        _ => LeaderboardEntry::Bad(bad_line(&pair, BadContext::Leaderboard)),
    }
}

fn prizes(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Prizes {
    let span = Span::from_pest(pair.as_span());
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::prize_entry => entries.push(prize_entry(part, diags)),
            Rule::bad_prize => bad.push(bad_line(&part, BadContext::Prizes)),
            _ => {}
        }
    }
    Prizes { entries, bad, span }
}

fn prize_entry(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> PrizeEntry {
    let span = Span::from_pest(pair.as_span());
    let mut places = Places::One(Spanned::new(String::new(), span));
    let mut prize = Value {
        kind: ValueKind::Text(String::new()),
        span,
    };
    for part in pair.into_inner() {
        let numbers = || {
            part.clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::number)
                .map(|p| values::text(&p))
        };
        match part.as_rule() {
            Rule::place_one => {
                places = Places::One(numbers().next().unwrap_or_else(|| values::text(&part)))
            }
            Rule::top_n => {
                places = Places::Top(numbers().next().unwrap_or_else(|| values::text(&part)))
            }
            Rule::top_percent => {
                places = Places::TopPercent(numbers().next().unwrap_or_else(|| values::text(&part)))
            }
            Rule::place_range => {
                let mut ns = numbers();
                let a = ns.next().unwrap_or_else(|| values::text(&part));
                let b = ns.next().unwrap_or_else(|| a.clone());
                places = Places::Range(a, b);
            }
            Rule::prize_value => prize = values::prize_value(part, diags),
            _ => {}
        }
    }
    PrizeEntry {
        places,
        prize,
        span,
    }
}
