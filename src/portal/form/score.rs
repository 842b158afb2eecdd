//! The `score { ... }` block: points, multipliers, aggregate, caps and currency.

use super::edit::{self, list, nested, single, Ctx, Edit, Op, Render, SlotOp};
use super::layout::{Container, Key, Layout};
use super::model::{Cap, Currency, Multiplier, Rate, Scoring};
use super::read::{Reader, FIELDS_SCORING};
use super::text;
use crate::syntax::ast::{Score, ScoreEntry};
use crate::syntax::Span;

pub(super) fn read(r: &mut Reader<'_>, score: &Score) {
    let mut c = r.container(score.span);
    for entry in &score.entries {
        let span = r.trim(entry.span());
        let key = match entry {
            ScoreEntry::Points(..) => Key::Points,
            ScoreEntry::OnlyWins(_) => Key::OnlyWins,
            ScoreEntry::Aggregate(..) => Key::Aggregate,
            ScoreEntry::Currency(_) => Key::Currency,
            ScoreEntry::Multiplier { .. } => Key::Multiplier,
            ScoreEntry::Cap { .. } => Key::Cap,
            ScoreEntry::Bad(_) => Key::Kept(u8::MAX),
        };
        let once = matches!(
            key,
            Key::Points | Key::OnlyWins | Key::Aggregate | Key::Currency
        );
        if (once && c.find(key).is_some()) || matches!(key, Key::Kept(_)) {
            r.keep(
                span,
                format!(
                    "a second `{}` line",
                    r.slice(span).split_whitespace().next().unwrap_or("")
                ),
                &FIELDS_SCORING,
            );
            c.push(Key::Kept(key.rank()), span, span);
            continue;
        }
        entry_value(r, entry);
        c.push(key, span, span);
    }
    r.layout.score = Some(c);
}

fn entry_value(r: &mut Reader<'_>, entry: &ScoreEntry) {
    let src = r.src;
    let end = r.trim(entry.span()).end;
    let s = &mut r.form.scoring;
    match entry {
        ScoreEntry::Points(_, span) => {
            let at = text::after_keyword(src, span.start, "points").and_then(|p| {
                src[p..]
                    .starts_with('=')
                    .then(|| text::skip_trivia(src, p + 1))
            });
            s.points = Some(src.get(at.unwrap_or(end)..end).unwrap_or("").to_string());
        }
        ScoreEntry::OnlyWins(_) => s.only_wins = true,
        ScoreEntry::Aggregate(name, _) => s.aggregate = Some(name.value.clone()),
        ScoreEntry::Multiplier { factor, .. } => {
            let at = text::after_keyword(src, factor.span.end, "when").unwrap_or(end);
            s.multipliers.push(Multiplier {
                factor: factor.value.clone(),
                when: src.get(at..end).unwrap_or("").to_string(),
            });
        }
        ScoreEntry::Cap { points, per, .. } => s.caps.push(Cap {
            points: points.value.clone(),
            per: src
                .get(per.span.start..per.span.end)
                .unwrap_or("")
                .to_string(),
        }),
        ScoreEntry::Currency(cur) => {
            s.currency = Some(Currency {
                code: cur.code.value.clone(),
                rates: cur
                    .rates
                    .iter()
                    .map(|rate| Rate {
                        code: rate.code.value.clone(),
                        rate: rate.rate.value.clone(),
                    })
                    .collect(),
            });
            r.layout.currency_code = Some(cur.code.span);
            if cur.has_block {
                let mut rates = r.container(cur.span);
                for rate in &cur.rates {
                    rates.push(Key::Rate, rate.span, rate.span);
                }
                r.layout.rates = Some(rates);
            }
        }
        ScoreEntry::Bad(_) => {}
    }
}

pub(super) fn multiplier(m: &Multiplier) -> String {
    format!("x{} when {}", m.factor, m.when)
}

pub(super) fn cap(c: &Cap) -> String {
    format!("cap {} per {}", c.points, c.per)
}

fn rate(r: &Rate) -> String {
    format!("{} {}", r.code, r.rate)
}

fn currency_render(c: &Currency) -> Render {
    let header = format!("currency {}", c.code);
    match c.rates.is_empty() {
        true => Render::Leaf(header),
        false => Render::Block(
            header,
            c.rates.iter().map(|r| Render::Leaf(rate(r))).collect(),
        ),
    }
}

/// The edits that turn the scoring `old` into `new`; `Some(op)` when the whole
/// `score` block is to be inserted or removed.
pub(super) fn write(
    ctx: &Ctx<'_>,
    l: &Layout,
    old: &Scoring,
    new: &Scoring,
    edits: &mut Vec<Edit>,
) -> Option<SlotOp> {
    let c = l.score.as_ref();
    let find = |key| c.and_then(|c: &Container| c.find(key));
    let all = |key| c.map(|c: &Container| c.all(key)).unwrap_or_default();
    let mut ops: Vec<SlotOp> = Vec::new();
    let entry = |t: &str| Render::Leaf(t.to_string());
    let points = |p: &Option<String>| p.as_ref().map(|p| format!("points = {p}"));
    ops.extend(single(
        Key::Points,
        find(Key::Points),
        points(&old.points),
        points(&new.points),
        entry,
    ));
    let wins = |b: bool| b.then(|| "only wins".to_string());
    ops.extend(single(
        Key::OnlyWins,
        find(Key::OnlyWins),
        wins(old.only_wins),
        wins(new.only_wins),
        entry,
    ));
    let mults = |m: &[Multiplier]| m.iter().map(multiplier).collect::<Vec<_>>();
    ops.extend(list(
        Key::Multiplier,
        &all(Key::Multiplier),
        &mults(&old.multipliers),
        &mults(&new.multipliers),
    ));
    let agg = |a: &Option<String>| a.as_ref().map(|a| format!("aggregate {a}"));
    ops.extend(single(
        Key::Aggregate,
        find(Key::Aggregate),
        agg(&old.aggregate),
        agg(&new.aggregate),
        entry,
    ));
    let caps = |c: &[Cap]| c.iter().map(cap).collect::<Vec<_>>();
    ops.extend(list(
        Key::Cap,
        &all(Key::Cap),
        &caps(&old.caps),
        &caps(&new.caps),
    ));
    ops.extend(currency_op(ctx, l, find(Key::Currency), old, new, edits));
    let outcome = edit::sync(ctx, c, "score", ops);
    nested(outcome, Key::Score, l.body.find(Key::Score), edits)
}

fn currency_op(
    ctx: &Ctx<'_>,
    l: &Layout,
    child: Option<usize>,
    old: &Scoring,
    new: &Scoring,
    edits: &mut Vec<Edit>,
) -> Option<SlotOp> {
    let (Some(o), Some(n), Some(_)) = (&old.currency, &new.currency, child) else {
        let render = |c: &Option<Currency>| c.as_ref().map(currency_render);
        let text = |c: &Option<Currency>| c.as_ref().map(|c| format!("{c:?}"));
        let new_render = render(&new.currency);
        return single(
            Key::Currency,
            child,
            text(&old.currency),
            text(&new.currency),
            |_| new_render.clone().unwrap_or(Render::Leaf(String::new())),
        )
        .map(|op| match (op.op, &new_render) {
            (Op::Replace(_), Some(r)) => SlotOp {
                op: Op::Replace(edit::render_text(r, "", ctx.nl)),
                ..op
            },
            (other, _) => SlotOp { op: other, ..op },
        });
    };
    if o.code != n.code {
        if let Some(span) = l.currency_code {
            edits.push(Edit {
                span,
                text: n.code.clone(),
            });
        }
    }
    if o.rates == n.rates {
        return None;
    }
    let rates = |r: &[Rate]| r.iter().map(rate).collect::<Vec<_>>();
    let whole = || SlotOp {
        key: Key::Currency,
        child,
        op: Op::Replace(String::new()),
    };
    let Some(block) = &l.rates else {
        // `currency EUR` without a block: rewrite the line whole.
        return Some(SlotOp {
            op: Op::Replace(rewrite(ctx, l, child, n)),
            ..whole()
        });
    };
    let ops = list(
        Key::Rate,
        &block.all(Key::Rate),
        &rates(&o.rates),
        &rates(&n.rates),
    );
    match edit::sync(ctx, Some(block), "", ops) {
        edit::Outcome::Edits(e) => {
            edits.extend(e);
            None
        }
        _ => {
            // Every rate went: back to the one-line form, whose code edit is part of it.
            edits.retain(|e| Some(e.span) != l.currency_code);
            Some(SlotOp {
                op: Op::Replace(format!("currency {}", n.code)),
                ..whole()
            })
        }
    }
}

/// The currency item written anew, indented like the line it replaces.
fn rewrite(ctx: &Ctx<'_>, l: &Layout, child: Option<usize>, c: &Currency) -> String {
    let span = child
        .and_then(|i| l.score.as_ref().and_then(|s| s.children.get(i)))
        .map_or(Span::default(), |ch| ch.span);
    let indent = text::line_indent(ctx.src, span.start);
    edit::render_text(&currency_render(c), indent, ctx.nl)
}
