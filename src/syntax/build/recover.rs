//! Turning unreadable lines into targeted diagnostics.
//!
//! The grammar's catch-alls keep parsing going; here each caught line is parsed again
//! with the rule its first word asks for, so the diagnostic points at the exact token
//! where reading stopped and says what was expected there in plain words.

use super::super::ast::{BadContext, BadLine};
use super::super::span::Span;
use super::super::{nesting, Rule, TourneyParser};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

/// Keywords that may start a line in each context, with the rule that reads the line and
/// an example of the line written correctly.
fn keywords(context: BadContext) -> &'static [(&'static str, Rule, &'static str)] {
    match context {
        BadContext::File => &[
            (
                "tournament",
                Rule::tournament,
                "tournament \"my-tournament\" { ... }",
            ),
            (
                "template",
                Rule::template,
                "template \"my-template\" { ... }",
            ),
        ],
        BadContext::Tournament => &[
            (
                "title",
                Rule::title_item,
                "title \"Weekend Slots Challenge\"",
            ),
            ("operator", Rule::operator_item, "operator \"operator-123\""),
            (
                "description",
                Rule::description_item,
                "description \"Spin to win\"",
            ),
            (
                "metadata",
                Rule::metadata_item,
                "metadata { campaign \"black-friday\" }",
            ),
            (
                "runs",
                Rule::runs_item,
                "runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00Z",
            ),
            ("timezone", Rule::timezone_item, "timezone \"Europe/Malta\""),
            ("prewarm", Rule::prewarm_item, "prewarm 30m"),
            (
                "eligible",
                Rule::eligible_item,
                "eligible when { game.category = \"slots\" }",
            ),
            ("score", Rule::score_item, "score { points = wager.amount }"),
            (
                "leaderboard",
                Rule::leaderboard_item,
                "leaderboard { size 100 }",
            ),
            ("test", Rule::test_item, "test \"a wager counts\" { ... }"),
        ],
        BadContext::Score => &[
            ("points", Rule::points_entry, "points = wager.amount"),
            ("only", Rule::only_wins_entry, "only wins"),
            ("aggregate", Rule::aggregate_entry, "aggregate sum"),
            ("cap", Rule::cap_entry, "cap 5000 per 1h"),
            (
                "currency",
                Rule::currency_entry,
                "currency EUR { USD 0.92 }",
            ),
        ],
        BadContext::Leaderboard => &[
            ("update", Rule::update_entry, "update every 10s"),
            ("ties", Rule::ties_entry, "ties first_to_reach, most_wagers"),
            ("size", Rule::size_entry, "size 100"),
            ("public", Rule::visibility_entry, "public"),
            ("private", Rule::visibility_entry, "private"),
            ("visibility", Rule::visibility_entry, "private"),
            ("display", Rule::display_entry, "display name"),
            ("prizes", Rule::prizes_entry, "prizes { 1: \"€1,000\" }"),
        ],
        BadContext::Test => &[
            (
                "wager",
                Rule::wager_entry,
                "wager \"w1\" { player \"p1\" amount 10.00 EUR }",
            ),
            ("expect", Rule::expect_entry, "expect score \"p1\" = 10"),
        ],
        BadContext::Eligibility
        | BadContext::Metadata
        | BadContext::Prizes
        | BadContext::Currency
        | BadContext::Wager => &[],
    }
}

/// The rule and example for lines that are not keyword-led.
fn line_rule(context: BadContext) -> Option<(Rule, &'static str)> {
    match context {
        BadContext::Eligibility => Some((Rule::condition, "game.category = \"slots\"")),
        BadContext::Metadata => Some((Rule::meta_entry, "campaign \"black-friday\"")),
        BadContext::Prizes => Some((Rule::prize_entry, "2..3: \"€250\"")),
        BadContext::Currency => Some((Rule::rate_entry, "USD 0.92")),
        BadContext::Wager => Some((Rule::wager_field, "amount 10.00 EUR")),
        _ => None,
    }
}

fn context_name(context: BadContext) -> &'static str {
    match context {
        BadContext::File => "at the top of a file",
        BadContext::Tournament => "in a tournament",
        BadContext::Metadata => "in `metadata`",
        BadContext::Eligibility => "in `eligible when`",
        BadContext::Score => "in `score`",
        BadContext::Currency => "in the currency rates",
        BadContext::Leaderboard => "in `leaderboard`",
        BadContext::Prizes => "in `prizes`",
        BadContext::Test => "in a test",
        BadContext::Wager => "in a test wager",
    }
}

/// The diagnostic for one unreadable line.
pub(crate) fn explain_bad_line(bad: &BadLine) -> Diagnostic {
    let first = first_word(&bad.text);
    let table = keywords(bad.context);
    if let Some((kw, rule, example)) = table.iter().find(|(k, _, _)| *k == first) {
        return reparse(bad, *rule, &format!("cannot read this `{kw}`"), example);
    }
    if bad.context == BadContext::Score && first.starts_with('x') && first.len() > 1 {
        return reparse(
            bad,
            Rule::multiplier_entry,
            "cannot read this multiplier",
            "x2 when game.id = \"slot-1\"",
        );
    }
    if let Some((rule, example)) = line_rule(bad.context) {
        return reparse(
            bad,
            rule,
            &format!("cannot read this line {}", context_name(bad.context)),
            example,
        );
    }
    let label_span = Span::new(
        bad.span.start,
        bad.span.start + first.len().min(bad.span.len()),
    );
    let names: Vec<&str> = table.iter().map(|(k, _, _)| *k).collect();
    let help = did_you_mean(first, names.iter().copied()).unwrap_or_else(|| {
        format!(
            "expected one of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    Diagnostic::error(
        Code::UnknownItem,
        format!(
            "unknown setting `{}` {}",
            first.escape_debug(),
            context_name(bad.context)
        ),
    )
    .with_label(label_span, "not a setting here")
    .with_help(help)
}

/// The word the line starts with: a name, else everything up to the first whitespace,
/// else the first character (a line can start with whitespace the grammar does not skip,
/// such as a no-break space).
fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    if end > 0 {
        return &text[..end];
    }
    let end = match text.find(char::is_whitespace) {
        Some(0) => text.chars().next().map_or(0, char::len_utf8),
        Some(e) => e,
        None => text.len(),
    };
    &text[..end]
}

fn reparse(bad: &BadLine, rule: Rule, message: &str, example: &str) -> Diagnostic {
    let help = format!("for example: {example}");
    let (offset, expected) = if nesting::opens(&bad.text) <= nesting::MAX_NESTING {
        stop(rule, &bad.text)
    } else {
        // Many brackets: the parser may nest deep, so it gets the large stack too.
        super::on_parser_stack(|| stop(rule, &bad.text))
            .unwrap_or_else(|| (0, String::from("a shorter line")))
    };
    // The label covers the token where reading stopped; at the end of the line it is
    // empty rather than one past it, which at the end of a file is past the text.
    let offset = offset.min(bad.text.len());
    let at = bad.span.start + offset;
    let end = (at + token_len(bad.text.get(offset..).unwrap_or(""))).min(bad.span.end);
    let found = bad
        .text
        .get(offset..)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty());
    let label = match found {
        Some(_) => format!("expected {expected}"),
        None => format!("expected {expected} here"),
    };
    Diagnostic::error(Code::Syntax, message.to_string())
        .with_label(Span::new(at, end), label)
        .with_help(help)
}

/// Where reading `text` as `rule` stopped, and what was expected there.
fn stop(rule: Rule, text: &str) -> (usize, String) {
    match TourneyParser::parse(rule, text) {
        Ok(pairs) => {
            let consumed = pairs.last().map_or(0, |p| p.as_span().end());
            (consumed, String::from("the end of the line"))
        }
        Err(err) => {
            let at = match err.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            (at, expected_words(&err.variant))
        }
    }
}

fn token_len(rest: &str) -> usize {
    let first = rest.chars().next().map_or(0, char::len_utf8);
    let word = rest
        .find(|c: char| c.is_whitespace() || c == '}' || c == ')' || c == ',')
        .unwrap_or(rest.len());
    word.max(first)
}

fn expected_words(variant: &ErrorVariant<Rule>) -> String {
    let positives: Vec<Rule> = match variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let mut words: Vec<String> = positives
        .into_iter()
        .filter_map(describe)
        .map(str::to_string)
        .collect();
    words.dedup();
    match words.len() {
        0 => String::from("something else"),
        1 => words.remove(0),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {}", words.join(", "), last)
        }
    }
}

/// Plain words for the grammar's rules in "expected ..." messages.
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::string => "a quoted string",
        Rule::timestamp => "a timestamp such as `2024-11-15T00:00:00Z`",
        Rule::duration => "a duration such as `10s`, `30m` or `1h`",
        Rule::number | Rule::place_one | Rule::place_range => "a number",
        Rule::money => "an amount with a currency such as `10.00 EUR`",
        Rule::currency => "a currency code such as `EUR`",
        Rule::field => "an event field such as `game.id`",
        Rule::ident => "a name",
        Rule::cmp_op | Rule::compare_test => "a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
        Rule::in_test | Rule::k_in => "`in (...)`",
        Rule::between_test | Rule::k_between => "`between ... and ...`",
        Rule::k_is => "`is present` or `is missing`",
        Rule::range_op => "`..` or `..=`",
        Rule::expr => "an expression such as `wager.amount * 2`",
        Rule::condition | Rule::disjunction | Rule::conjunction | Rule::negation => "a condition",
        Rule::multiplier => "a multiplier such as `x2`",
        Rule::k_when => "`when`",
        Rule::k_per => "`per`",
        Rule::k_wins => "`wins`",
        Rule::k_realtime | Rule::every => "`realtime` or `every <duration>`",
        Rule::k_every => "`every`",
        Rule::k_top | Rule::top_n | Rule::top_percent => "`top N` or `top N%`",
        Rule::prize_value => "a prize (a quoted string or an amount such as `100 EUR`)",
        Rule::prize_entry => "a prize line such as `1: \"€1,000\"`",
        Rule::rate_entry => "a rate such as `USD 0.92`",
        Rule::k_and => "`and`",
        Rule::k_prize => "`prize`",
        Rule::expect_eligible | Rule::k_eligible => "`eligible`",
        Rule::expect_ineligible | Rule::k_ineligible => "`ineligible`",
        Rule::expect_score | Rule::k_score => "`score`",
        Rule::expect_rank | Rule::k_rank => "`rank`",
        Rule::expect_prize | Rule::expect_no_prize | Rule::k_no => "`prize` or `no prize`",
        Rule::EOI => "the end of the file",
        Rule::from_clause | Rule::k_from => "`from`",
        _ => return None,
    })
}

/// A diagnostic for a raw pest error over a whole text (not expected in practice).
pub(crate) fn pest_error_diagnostic(err: &pest::error::Error<Rule>, what: &str) -> Diagnostic {
    let at = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    Diagnostic::error(Code::Syntax, format!("cannot read {what}")).with_label(
        Span::new(at, at + 1),
        format!("expected {}", expected_words(&err.variant)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deeply_nested_unreadable_line_is_explained_without_overflowing() {
        let text = format!("eligible when {{ {}x", "(".repeat(5_000));
        let bad = BadLine {
            context: BadContext::Tournament,
            span: Span::new(0, text.len()),
            text,
        };
        let d = explain_bad_line(&bad);
        assert_eq!(d.code, Code::Syntax);
    }
}
