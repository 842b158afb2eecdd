//! The `eligible when` lines the form shows: games, categories, minimum and maximum
//! bet, segments and jurisdictions. Any other condition is kept as written.

use super::layout::{cond_rank, Key};
use super::model::{Eligibility, Field, Money};
use super::read::{shorten, Reader};
use super::text;
use crate::syntax::ast::{CmpOp, Cond, Eligible, InList, ValueKind};
use crate::syntax::Span;

/// The condition fields in canonical order.
pub(super) const FIELDS: [Field; 7] = [
    Field::Categories,
    Field::GameIds,
    Field::MinBet,
    Field::MaxBet,
    Field::Segments,
    Field::JurisdictionsAllowed,
    Field::JurisdictionsExcluded,
];

/// A condition the form can show, with its value.
enum Shape {
    List(Field, Vec<String>),
    Bet(Field, Money),
    Excluded(Vec<String>, bool),
}

pub(super) fn read(r: &mut Reader<'_>, e: &Eligible) {
    let mut container = r.container(e.span);
    for cond in &e.conditions {
        let span = r.trim(cond.span());
        let shape = alone_on_line(r.src, span).then(|| shape(cond)).flatten();
        match shape {
            Some(shape) if container.find(Key::Cond(shape_field(&shape))).is_none() => {
                let field = shape_field(&shape);
                fill(&mut r.form.eligibility, shape);
                container.push(Key::Cond(field), span, span);
            }
            _ => {
                let fields = mentioned(cond);
                let rank = fields.first().map_or(u8::MAX, |f| cond_rank(*f));
                let what = format!("the condition `{}`", shorten(r.slice(span)));
                r.keep(span, what, &fields);
                container.push(Key::Kept(rank), span, span);
            }
        }
    }
    r.layout.eligible = Some(container);
}

/// Whether nothing but blanks, a brace or a comment shares the line with `span`, so
/// the line can be replaced or removed on its own.
fn alone_on_line(src: &str, span: Span) -> bool {
    let before = text::back_blanks(src, span.start);
    let before_ok = before == 0 || matches!(src.as_bytes()[before - 1], b'\n' | b'\r' | b'{');
    let after = text::skip_blanks(src, span.end);
    let after_ok = text::at_line_end(src, after)
        || src[after..].starts_with('}')
        || src[after..].starts_with("//");
    before_ok && after_ok
}

fn shape_field(shape: &Shape) -> Field {
    match shape {
        Shape::List(field, _) | Shape::Bet(field, _) => *field,
        Shape::Excluded(..) => Field::JurisdictionsExcluded,
    }
}

fn fill(e: &mut Eligibility, shape: Shape) {
    match shape {
        Shape::List(Field::GameIds, v) => e.game_ids = v,
        Shape::List(Field::Categories, v) => e.categories = v,
        Shape::List(Field::Segments, v) => e.segments = v,
        Shape::List(_, v) => e.jurisdictions.allowed = v,
        Shape::Bet(Field::MinBet, m) => e.min_bet = Some(m),
        Shape::Bet(_, m) => e.max_bet = Some(m),
        Shape::Excluded(v, admit) => {
            e.jurisdictions.excluded = v;
            e.jurisdictions.admit_missing = admit;
        }
    }
}

/// The form field a list condition on `name` fills.
fn list_field(name: &str) -> Option<Field> {
    match name {
        "game.id" => Some(Field::GameIds),
        "game.category" => Some(Field::Categories),
        "player.segment" => Some(Field::Segments),
        "player.jurisdiction" => Some(Field::JurisdictionsAllowed),
        _ => None,
    }
}

fn shape(cond: &Cond) -> Option<Shape> {
    match cond {
        Cond::Compare(c) => {
            let name = c.field.value.as_str();
            match (&c.value.kind, c.op.value) {
                (ValueKind::Text(t), CmpOp::Eq) => {
                    Some(Shape::List(list_field(name)?, vec![t.clone()]))
                }
                (ValueKind::Money(a, cur), op) if name == "wager.amount" => {
                    let field = match op {
                        CmpOp::Ge => Field::MinBet,
                        CmpOp::Le => Field::MaxBet,
                        _ => return None,
                    };
                    let money = Money {
                        amount: a.clone(),
                        currency: cur.clone(),
                    };
                    Some(Shape::Bet(field, money))
                }
                _ => None,
            }
        }
        Cond::In(list) if !list.negated => {
            Some(Shape::List(list_field(&list.field.value)?, texts(list)?))
        }
        Cond::In(list) if list.field.value == "player.jurisdiction" => {
            Some(Shape::Excluded(texts(list)?, false))
        }
        Cond::Or(parts, _) => match parts.as_slice() {
            [Cond::Presence(p), Cond::In(list)]
                if p.field.value == "player.jurisdiction"
                    && !p.present
                    && list.negated
                    && list.field.value == "player.jurisdiction" =>
            {
                Some(Shape::Excluded(texts(list)?, true))
            }
            _ => None,
        },
        _ => None,
    }
}

fn texts(list: &InList) -> Option<Vec<String>> {
    list.values
        .iter()
        .map(|v| match &v.kind {
            ValueKind::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// The form fields a condition of another shape speaks of: shown read-only, since a
/// value written there would not be the whole rule.
fn mentioned(cond: &Cond) -> Vec<Field> {
    let mut out = Vec::new();
    let mut stack = vec![cond];
    while let Some(c) = stack.pop() {
        let name = match c {
            Cond::And(parts, _)
            | Cond::Or(parts, _)
            | Cond::Any(parts, _)
            | Cond::All(parts, _) => {
                stack.extend(parts);
                continue;
            }
            Cond::Not(inner, _) => {
                stack.push(inner);
                continue;
            }
            Cond::Compare(x) => &x.field.value,
            Cond::In(x) => &x.field.value,
            Cond::Between(x) => &x.field.value,
            Cond::Presence(x) => &x.field.value,
        };
        let fields: &[Field] = match name.as_str() {
            "game.id" => &[Field::GameIds],
            "game.category" => &[Field::Categories],
            "wager.amount" => &[Field::MinBet, Field::MaxBet],
            "player.segment" => &[Field::Segments],
            "player.jurisdiction" => &[Field::JurisdictionsAllowed, Field::JurisdictionsExcluded],
            _ => &[],
        };
        out.extend_from_slice(fields);
    }
    out.sort_by_key(|f| cond_rank(*f));
    out.dedup();
    out
}

/// The condition line for `field`, or `None` when the form leaves it empty.
pub(super) fn render(e: &Eligibility, field: Field) -> Option<String> {
    use super::literal::{money, quote};
    let list = |name: &str, values: &[String]| match values {
        [] => None,
        [one] => Some(format!("{name} = {}", quote(one))),
        many => Some(format!("{name} in ({})", quoted_list(many))),
    };
    match field {
        Field::GameIds => list("game.id", &e.game_ids),
        Field::Categories => list("game.category", &e.categories),
        Field::Segments => list("player.segment", &e.segments),
        Field::JurisdictionsAllowed => list("player.jurisdiction", &e.jurisdictions.allowed),
        Field::MinBet => e
            .min_bet
            .as_ref()
            .map(|m| format!("wager.amount >= {}", money(m))),
        Field::MaxBet => e
            .max_bet
            .as_ref()
            .map(|m| format!("wager.amount <= {}", money(m))),
        _ => {
            let j = &e.jurisdictions;
            if j.excluded.is_empty() {
                return None;
            }
            let list = format!("player.jurisdiction not in ({})", quoted_list(&j.excluded));
            Some(if j.admit_missing {
                format!("player.jurisdiction is missing or {list}")
            } else {
                list
            })
        }
    }
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| super::literal::quote(v))
        .collect::<Vec<_>>()
        .join(", ")
}
