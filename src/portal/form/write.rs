//! From the form back to the source: span-precise edits of the original, then a
//! re-read that must give the form back.

use super::edit::{self, apply, nested, single, Ctx, Edit, Outcome, Render, SlotOp};
use super::eligible;
use super::error::FormError;
use super::layout::{Key, Layout};
use super::literal::quote;
use super::model::{Field, Form, Kind, Schedule};
use super::read::read_source;
use super::text;
use crate::syntax::Span;

/// Every field, in the order the form shows them.
pub(super) const ALL_FIELDS: [Field; 26] = [
    Field::Kind,
    Field::Id,
    Field::From,
    Field::Title,
    Field::Description,
    Field::Operator,
    Field::GameIds,
    Field::Categories,
    Field::MinBet,
    Field::MaxBet,
    Field::Segments,
    Field::JurisdictionsAllowed,
    Field::JurisdictionsExcluded,
    Field::Timezone,
    Field::Runs,
    Field::Prewarm,
    Field::Points,
    Field::Aggregate,
    Field::OnlyWins,
    Field::Multipliers,
    Field::Caps,
    Field::Currency,
    Field::Update,
    Field::Ties,
    Field::Size,
    Field::Prizes,
];

/// The part of `form` that `field` names, as comparable text.
pub(super) fn field_value(form: &Form, field: Field) -> String {
    let e = &form.eligibility;
    let s = &form.schedule;
    let sc = &form.scoring;
    let b = &form.leaderboard;
    match field {
        Field::Kind => format!("{:?}", form.kind),
        Field::Id => format!("{:?}", form.id),
        Field::From => format!("{:?}", form.from),
        Field::Title => format!("{:?}", form.title),
        Field::Description => format!("{:?}", form.description),
        Field::Operator => format!("{:?}", form.operator),
        Field::GameIds => format!("{:?}", e.game_ids),
        Field::Categories => format!("{:?}", e.categories),
        Field::MinBet => format!("{:?}", e.min_bet),
        Field::MaxBet => format!("{:?}", e.max_bet),
        Field::Segments => format!("{:?}", e.segments),
        Field::JurisdictionsAllowed => format!("{:?}", e.jurisdictions.allowed),
        Field::JurisdictionsExcluded => {
            format!(
                "{:?} {}",
                e.jurisdictions.excluded, e.jurisdictions.admit_missing
            )
        }
        Field::Timezone => format!("{:?}", s.timezone),
        Field::Runs => format!("{:?} {:?} {}", s.start, s.end, s.end_inclusive),
        Field::Prewarm => format!("{:?}", s.prewarm),
        Field::Points => format!("{:?}", sc.points),
        Field::Aggregate => format!("{:?}", sc.aggregate),
        Field::OnlyWins => format!("{:?}", sc.only_wins),
        Field::Multipliers => format!("{:?}", sc.multipliers),
        Field::Caps => format!("{:?}", sc.caps),
        Field::Currency => format!("{:?}", sc.currency),
        Field::Update => format!("{:?}", b.update),
        Field::Ties => format!("{:?}", b.ties),
        Field::Size => format!("{:?}", b.size),
        Field::Prizes => format!("{:?}", b.prizes),
    }
}

/// The fields whose values differ between `a` and `b`.
pub(super) fn changed(a: &Form, b: &Form) -> Vec<Field> {
    ALL_FIELDS
        .into_iter()
        .filter(|&f| field_value(a, f) != field_value(b, f))
        .collect()
}

pub(super) fn write(source: &str, form: &Form) -> Result<String, FormError> {
    let original = read_source(source);
    let Some(layout) = original.layout else {
        return Err(FormError::NoBlock);
    };
    if !original.read.problems.is_empty() {
        return Err(FormError::Unparsable {
            message: original.read.problems.join("; "),
        });
    }
    let old = &original.read.form;
    let changes = changed(old, form);
    if changes.is_empty() {
        return Ok(source.to_string());
    }
    if let Some(&field) = changes.iter().find(|f| original.read.read_only.contains(f)) {
        return Err(FormError::ReadOnly { field });
    }
    super::validate::validate(form)?;
    let ctx = Ctx {
        src: source,
        nl: text::newline(source),
    };
    let mut edits = header(&layout, old, form);
    let ops = body_ops(&ctx, &layout, old, form, &mut edits);
    match edit::sync(&ctx, Some(&layout.body), "", ops.clone()) {
        Outcome::Edits(e) => edits.extend(e),
        // The block itself stays, however empty: remove its items one by one.
        _ => edits.extend(
            ops.iter()
                .filter_map(|op| op.child.and_then(|c| layout.body.children.get(c)))
                .map(|child| edit::delete(source, child.span)),
        ),
    }
    let written = apply(source, edits)?;
    read_back(&written, form, &changes)?;
    Ok(written)
}

/// The written source must read back as exactly `form`, with nothing unreadable.
fn read_back(written: &str, form: &Form, changes: &[Field]) -> Result<(), FormError> {
    let back = read_source(written);
    let blame = changed(&back.read.form, form).first().copied().or_else(|| {
        (!back.read.problems.is_empty())
            .then(|| changes.first().copied())
            .flatten()
    });
    match blame {
        None => Ok(()),
        Some(field) => Err(FormError::invalid(
            field,
            "this value cannot be written so that the source reads back as the form says",
        )),
    }
}

/// The block's keyword, name and `from` clause.
fn header(l: &Layout, old: &Form, new: &Form) -> Vec<Edit> {
    let mut edits = Vec::new();
    if old.kind != new.kind {
        let word = match new.kind {
            Kind::Tournament => "tournament",
            Kind::Template => "template",
        };
        edits.push(Edit {
            span: l.keyword,
            text: word.into(),
        });
    }
    if old.id != new.id {
        edits.push(Edit {
            span: l.name,
            text: quote(&new.id),
        });
    }
    match (&new.from, l.from) {
        (Some(f), Some(span)) if old.from.as_ref() != Some(f) => edits.push(Edit {
            span,
            text: quote(f),
        }),
        (Some(f), None) => edits.push(Edit {
            span: Span::new(l.name.end, l.name.end),
            text: format!(" from {}", quote(f)),
        }),
        (None, Some(span)) => edits.push(Edit {
            span: Span::new(l.name.end, span.end),
            text: String::new(),
        }),
        _ => {}
    }
    edits
}

fn body_ops(
    ctx: &Ctx<'_>,
    l: &Layout,
    old: &Form,
    new: &Form,
    edits: &mut Vec<Edit>,
) -> Vec<SlotOp> {
    let find = |key| l.body.find(key);
    let mut ops = Vec::new();
    let strings: [(Key, &str, &Option<String>, &Option<String>); 4] = [
        (Key::Title, "title", &old.title, &new.title),
        (Key::Operator, "operator", &old.operator, &new.operator),
        (
            Key::Description,
            "description",
            &old.description,
            &new.description,
        ),
        (
            Key::Timezone,
            "timezone",
            &old.schedule.timezone,
            &new.schedule.timezone,
        ),
    ];
    for (key, word, o, n) in strings {
        let q = |v: &Option<String>| v.as_deref().map(quote);
        ops.extend(single(key, find(key), q(o), q(n), |v| {
            Render::Leaf(format!("{word} {v}"))
        }));
    }
    ops.extend(single(
        Key::Runs,
        find(Key::Runs),
        runs(&old.schedule),
        runs(&new.schedule),
        |v| Render::Leaf(v.to_string()),
    ));
    let (o, n) = (&old.schedule.prewarm, &new.schedule.prewarm);
    ops.extend(single(
        Key::Prewarm,
        find(Key::Prewarm),
        o.clone(),
        n.clone(),
        |v| Render::Leaf(format!("prewarm {v}")),
    ));
    ops.extend(eligibility(ctx, l, old, new, edits));
    ops.extend(super::score::write(
        ctx,
        l,
        &old.scoring,
        &new.scoring,
        edits,
    ));
    ops.extend(super::board::write(
        ctx,
        l,
        &old.leaderboard,
        &new.leaderboard,
        edits,
    ));
    ops
}

fn runs(s: &Schedule) -> Option<String> {
    let (start, end) = (s.start.as_ref()?, s.end.as_ref()?);
    let op = if s.end_inclusive { "..=" } else { ".." };
    Some(format!("runs {start} {op} {end}"))
}

fn eligibility(
    ctx: &Ctx<'_>,
    l: &Layout,
    old: &Form,
    new: &Form,
    edits: &mut Vec<Edit>,
) -> Option<SlotOp> {
    let c = l.eligible.as_ref();
    let ops = eligible::FIELDS
        .into_iter()
        .filter_map(|field| {
            let key = Key::Cond(field);
            let child = c.and_then(|c| c.find(key));
            let o = eligible::render(&old.eligibility, field);
            let n = eligible::render(&new.eligibility, field);
            single(key, child, o, n, |v| Render::Leaf(v.to_string()))
        })
        .collect();
    let outcome = edit::sync(ctx, c, "eligible when", ops);
    nested(outcome, Key::Eligible, l.body.find(Key::Eligible), edits)
}
