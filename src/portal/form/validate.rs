//! Checks that every form value is one literal of its kind before it is written, so
//! no field can close its item and open another.

use super::error::FormError;
use super::literal::{
    is_currency, is_duration, is_ident, is_number, is_timestamp, is_unsigned, places,
};
use super::model::{Field, Form, Money, PrizeValue};
use crate::diagnostics::Diagnostics;
use crate::syntax::ast::{Item, ScoreEntry};
use crate::syntax::parse;

type Check = Result<(), FormError>;

fn ensure(ok: bool, field: Field, message: impl Into<String>) -> Check {
    match ok {
        true => Ok(()),
        false => Err(FormError::invalid(field, message)),
    }
}

pub(super) fn validate(form: &Form) -> Check {
    let e = &form.eligibility;
    bet(e.min_bet.as_ref(), Field::MinBet)?;
    bet(e.max_bet.as_ref(), Field::MaxBet)?;
    let j = &e.jurisdictions;
    ensure(
        !j.admit_missing || !j.excluded.is_empty(),
        Field::JurisdictionsExcluded,
        "admitting wagers with no jurisdiction needs a list of excluded jurisdictions",
    )?;
    schedule(form)?;
    scoring(form)?;
    board(form)
}

fn bet(m: Option<&Money>, field: Field) -> Check {
    let Some(m) = m else { return Ok(()) };
    money(m, field)
}

fn money(m: &Money, field: Field) -> Check {
    ensure(
        is_number(&m.amount),
        field,
        format!("`{}` is not a decimal amount such as 10.00", m.amount),
    )?;
    ensure(
        is_currency(&m.currency),
        field,
        format!("`{}` is not a currency code such as EUR", m.currency),
    )
}

fn schedule(form: &Form) -> Check {
    let s = &form.schedule;
    match (&s.start, &s.end) {
        (Some(start), Some(end)) => {
            for t in [start, end] {
                ensure(
                    is_timestamp(t),
                    Field::Runs,
                    format!("`{t}` is not a date and time such as 2025-01-10T00:00:00Z or 2025-01-10T18:00"),
                )?;
            }
        }
        (None, None) => ensure(
            !s.end_inclusive,
            Field::Runs,
            "an included end needs a start and an end",
        )?,
        _ => {
            return Err(FormError::invalid(
                Field::Runs,
                "a tournament runs from a start to an end: give both",
            ))
        }
    }
    match &s.prewarm {
        Some(d) => ensure(is_duration(d), Field::Prewarm, duration_message(d)),
        None => Ok(()),
    }
}

fn duration_message(d: &str) -> String {
    format!("`{d}` is not a duration such as 45m, 2h or 10s")
}

fn scoring(form: &Form) -> Check {
    let s = &form.scoring;
    if let Some(p) = &s.points {
        ensure(
            is_expression(p),
            Field::Points,
            format!("`{p}` is not a points expression such as wager.amount * 10"),
        )?;
    }
    if let Some(a) = &s.aggregate {
        ensure(
            is_ident(a),
            Field::Aggregate,
            format!("`{a}` is not a name such as sum or max"),
        )?;
    }
    for m in &s.multipliers {
        ensure(
            is_unsigned(&m.factor),
            Field::Multipliers,
            format!("`{}` is not a factor such as 2 or 1.5", m.factor),
        )?;
        ensure(
            is_condition(&m.when),
            Field::Multipliers,
            format!("`{}` is not a condition", m.when),
        )?;
    }
    for c in &s.caps {
        ensure(
            is_number(&c.points),
            Field::Caps,
            format!("`{}` is not a number of points", c.points),
        )?;
        ensure(is_duration(&c.per), Field::Caps, duration_message(&c.per))?;
    }
    let Some(c) = &s.currency else { return Ok(()) };
    ensure(
        is_currency(&c.code),
        Field::Currency,
        format!("`{}` is not a currency code such as EUR", c.code),
    )?;
    for r in &c.rates {
        money(
            &Money {
                amount: r.rate.clone(),
                currency: r.code.clone(),
            },
            Field::Currency,
        )?;
    }
    Ok(())
}

fn board(form: &Form) -> Check {
    let b = &form.leaderboard;
    if let Some(u) = &b.update {
        ensure(
            u == "realtime" || is_duration(u),
            Field::Update,
            "updates are `realtime` or a duration such as 10s",
        )?;
    }
    for t in &b.ties {
        ensure(
            is_ident(t),
            Field::Ties,
            format!("`{t}` is not a tie-break name such as first_to_reach"),
        )?;
    }
    if let Some(n) = &b.size {
        ensure(is_number(n), Field::Size, format!("`{n}` is not a number"))?;
    }
    for p in &b.prizes {
        let canonical = places(&p.places);
        ensure(
            canonical.as_deref() == Some(p.places.as_str()),
            Field::Prizes,
            match canonical {
                Some(c) => format!("write the places `{}` as `{c}`", p.places),
                None => format!(
                    "`{}` is not places such as 1, 2..3, top 10 or top 5%",
                    p.places
                ),
            },
        )?;
        if let PrizeValue::Money(m) = &p.prize {
            money(m, Field::Prizes)?;
        }
    }
    Ok(())
}

/// Whether `text` is exactly one points expression, nothing before or after it.
fn is_expression(text: &str) -> bool {
    let prefix = "tournament \"t\" {\n  score {\n    points = ";
    sole_score_entry(prefix, text, |e| matches!(e, ScoreEntry::Points(..)))
}

/// Whether `text` is exactly one condition, nothing before or after it.
fn is_condition(text: &str) -> bool {
    let prefix = "tournament \"t\" {\n  score {\n    x2 when ";
    sole_score_entry(prefix, text, |e| matches!(e, ScoreEntry::Multiplier { .. }))
}

/// Parses `text` inside a one-entry `score` block and checks that it makes exactly
/// that entry, ending where `text` ends.
fn sole_score_entry(prefix: &str, text: &str, kind: impl Fn(&ScoreEntry) -> bool) -> bool {
    if text.trim() != text || text.is_empty() {
        return false;
    }
    let source = format!("{prefix}{text}\n  }}\n}}\n");
    let mut diags = Diagnostics::new();
    let file = parse(&source, &mut diags);
    if diags.has_errors() || !file.bad_lines().is_empty() {
        return false;
    }
    let [block] = file.blocks.as_slice() else {
        return false;
    };
    let [Item::Score(score)] = block.items.as_slice() else {
        return false;
    };
    let [entry] = score.entries.as_slice() else {
        return false;
    };
    let end = source
        .get(..entry.span().end)
        .unwrap_or("")
        .trim_end()
        .len();
    kind(entry) && end == prefix.len() + text.len()
}
