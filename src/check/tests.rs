//! Inline tests: sample wagers become events, expectations are checked for sense.

use super::eligibility::{article, value_type};
use super::literal::{currency_code, decimal, timestamp, whole};
use super::{report, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::ir::{Expectation, FieldType, Prize, TestCase, WagerEvent};
use crate::syntax::ast::{
    ExpectKind, TestCase as TestAst, TestEntry, Value, ValueKind, WagerField, WagerLit,
};
use crate::syntax::Spanned;
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// Keys a test wager may set, and their types.
const WAGER_KEYS: &[(&str, FieldType)] = &[
    ("player", FieldType::Text),
    ("game", FieldType::Text),
    ("category", FieldType::Text),
    ("amount", FieldType::Money),
    ("win", FieldType::Money),
    ("currency", FieldType::Text),
    ("segment", FieldType::Text),
    ("jurisdiction", FieldType::Text),
    ("operator", FieldType::Text),
    ("at", FieldType::Timestamp),
];

pub(crate) fn tests(
    items: &[At<'_, TestAst>],
    operator: &str,
    tz: Option<Tz>,
    line_of: &dyn Fn(SourceId, usize) -> usize,
    diags: &mut Diagnostics,
) -> Option<Vec<TestCase>> {
    let mut ok = true;
    let mut out = Vec::new();
    let mut names: BTreeMap<&str, &Spanned<String>> = BTreeMap::new();
    for t in items {
        if let Some(first) = names.insert(&t.node.name.value, &t.node.name) {
            ok = false;
            report(
                diags,
                t.file,
                Diagnostic::error(
                    Code::DuplicateTest,
                    format!("two tests are named `{}`", t.node.name.value),
                )
                .with_label(t.node.name.span, "named again here")
                .with_label(first.span, "first named here")
                .with_help("give each test its own name"),
            );
        }
        let line = line_of(t.file, t.node.span.start);
        match test_case(*t, operator, tz, line, diags) {
            Some(tc) => out.push(tc),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn test_case(
    t: At<'_, TestAst>,
    operator: &str,
    tz: Option<Tz>,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<TestCase> {
    let mut ok = true;
    let mut wagers = Vec::new();
    let mut seen: BTreeMap<String, &WagerLit> = BTreeMap::new();
    for entry in &t.node.entries {
        if let TestEntry::Wager(w) = entry {
            if let Some(first) = seen.insert(w.id.value.clone(), w) {
                ok = false;
                report(diags, t.file, Diagnostic::error(Code::DuplicateWager, format!("wager `{}` appears twice in this test", w.id.value)).with_label(w.id.span, "again here").with_label(first.id.span, "first here").with_help("every wager id is unique; a duplicate delivery is the same id, which tests cannot express here"));
            }
            match wager(t.file, w, operator, tz, diags) {
                Some(ev) => wagers.push(ev),
                None => ok = false,
            }
        }
    }
    let mut expect = Vec::new();
    for entry in &t.node.entries {
        if let TestEntry::Expect(e) = entry {
            match expectation(t.file, &e.kind, &seen, diags) {
                Some(x) => expect.push(x),
                None => ok = false,
            }
        }
    }
    Some(TestCase {
        name: t.node.name.value.clone(),
        wagers,
        expect,
        line,
    })
    .filter(|_| ok)
}

fn wager(
    file: SourceId,
    w: &WagerLit,
    operator: &str,
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> Option<WagerEvent> {
    let mut ev = WagerEvent {
        wager_id: Some(w.id.value.clone()),
        operator_id: Some(operator.to_string()),
        ..WagerEvent::default()
    };
    let mut ok = true;
    for f in &w.fields {
        ok &= set_field(file, f, &mut ev, tz, diags);
    }
    ok.then_some(ev)
}

fn set_field(
    file: SourceId,
    f: &WagerField,
    ev: &mut WagerEvent,
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> bool {
    let Some((_, ty)) = WAGER_KEYS.iter().find(|(k, _)| *k == f.key.value) else {
        let help =
            did_you_mean(&f.key.value, WAGER_KEYS.iter().map(|(k, _)| *k)).unwrap_or_else(|| {
                format!(
                    "keys: {}",
                    WAGER_KEYS
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        report(
            diags,
            file,
            Diagnostic::error(
                Code::UnknownWagerField,
                format!("a test wager has no field `{}`", f.key.value),
            )
            .with_label(f.key.span, "unknown key")
            .with_help(help),
        );
        return false;
    };
    if value_type(&f.value) != *ty {
        report(
            diags,
            file,
            Diagnostic::error(
                Code::TypeMismatch,
                format!(
                    "`{}` takes {}, not {}",
                    f.key.value,
                    article(*ty),
                    article(value_type(&f.value))
                ),
            )
            .with_label(f.value.span, "wrong type")
            .with_help(example(*ty)),
        );
        return false;
    }
    assign(file, &f.key.value, &f.value, ev, tz, diags)
}

fn example(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Money => "write an amount and a currency, such as `20.00 EUR`",
        FieldType::Timestamp => "write a timestamp, such as `2024-11-15T10:00:00Z`",
        _ => "write a quoted string",
    }
}

fn assign(
    file: SourceId,
    key: &str,
    v: &Value,
    ev: &mut WagerEvent,
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> bool {
    match &v.kind {
        ValueKind::Text(s) => {
            let slot = match key {
                "player" => &mut ev.player_id,
                "game" => &mut ev.game_id,
                "category" => &mut ev.game_category,
                "currency" => &mut ev.currency,
                "segment" => &mut ev.player_segment,
                "jurisdiction" => &mut ev.jurisdiction,
                _ => &mut ev.operator_id,
            };
            *slot = Some(s.clone());
            true
        }
        ValueKind::Money(a, c) => {
            let Some(amount) = decimal(&Spanned::new(a.clone(), v.span), file, diags) else {
                return false;
            };
            if !currency_code(c, v.span, file, diags) {
                return false;
            }
            if let Some(prev) = ev.currency.as_ref().filter(|p| *p != c) {
                report(
                    diags,
                    file,
                    Diagnostic::error(
                        Code::CurrencyMismatch,
                        format!("this wager is in `{prev}` but this amount is in `{c}`"),
                    )
                    .with_label(v.span, "other currency")
                    .with_help("a wager and its win share one currency"),
                );
                return false;
            }
            ev.currency = Some(c.clone());
            if key == "amount" {
                ev.wager_amount = Some(amount);
            } else {
                ev.win_amount = Some(amount);
            }
            true
        }
        ValueKind::Timestamp(t) => {
            ev.timestamp_ms = timestamp(&Spanned::new(t.clone(), v.span), tz, file, diags);
            ev.timestamp_ms.is_some()
        }
        ValueKind::Number(_) => false,
    }
}

fn expectation(
    file: SourceId,
    kind: &ExpectKind,
    wagers: &BTreeMap<String, &WagerLit>,
    diags: &mut Diagnostics,
) -> Option<Expectation> {
    let known = |id: &Spanned<String>, diags: &mut Diagnostics| {
        if wagers.contains_key(&id.value) {
            return true;
        }
        let help = did_you_mean(&id.value, wagers.keys().map(String::as_str))
            .unwrap_or_else(|| "expectations about a wager name a `wager` of this test".into());
        report(
            diags,
            file,
            Diagnostic::error(
                Code::UnknownWager,
                format!("this test has no wager `{}`", id.value),
            )
            .with_label(id.span, "unknown wager")
            .with_help(help),
        );
        false
    };
    Some(match kind {
        ExpectKind::Eligible(w) => {
            known(w, diags).then_some(())?;
            Expectation::Eligible {
                wager: w.value.clone(),
            }
        }
        ExpectKind::Ineligible(w) => {
            known(w, diags).then_some(())?;
            Expectation::Ineligible {
                wager: w.value.clone(),
            }
        }
        ExpectKind::Score(p, n) => Expectation::Score {
            player: p.value.clone(),
            score: decimal(n, file, diags)?,
        },
        ExpectKind::Rank(p, n) => Expectation::Rank {
            player: p.value.clone(),
            rank: whole(n, 1, Code::InvalidNumber, "a rank", file, diags)?,
        },
        ExpectKind::NoPrize(p) => Expectation::Prize {
            player: p.value.clone(),
            prize: None,
        },
        ExpectKind::Prize(p, v) => Expectation::Prize {
            player: p.value.clone(),
            prize: Some(prize(file, v, diags)?),
        },
    })
}

fn prize(file: SourceId, v: &Value, diags: &mut Diagnostics) -> Option<Prize> {
    match &v.kind {
        ValueKind::Money(a, c) => Some(Prize::Money {
            amount: decimal(&Spanned::new(a.clone(), v.span), file, diags)?,
            currency: c.clone(),
        }),
        ValueKind::Text(t) => Some(Prize::Text { text: t.clone() }),
        _ => None,
    }
}
