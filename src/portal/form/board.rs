//! The `leaderboard { ... }` block: update frequency, tie-breaks, size and prizes.

use super::edit::{self, list, nested, single, Ctx, Edit, Render, SlotOp};
use super::layout::{Container, Key, Layout};
use super::literal::{money, quote};
use super::model::{Board, Money, Prize, PrizeValue};
use super::read::Reader;
use crate::syntax::ast::{Leaderboard, LeaderboardEntry, Places, ValueKind};

pub(super) fn read(r: &mut Reader<'_>, board: &Leaderboard) {
    let mut c = r.container(board.span);
    for entry in &board.entries {
        let span = r.trim(entry.span());
        if matches!(
            entry,
            LeaderboardEntry::Visibility(..) | LeaderboardEntry::Display(..)
        ) {
            let what = "who may see the board and how other players are shown".into();
            r.keep(span, what, &[]);
            c.push(Key::Kept(u8::MAX), span, span);
            continue;
        }
        let key = match entry {
            LeaderboardEntry::Update(..) => Key::Update,
            LeaderboardEntry::Ties(..) => Key::Ties,
            LeaderboardEntry::Size(..) => Key::Size,
            LeaderboardEntry::Prizes(_) => Key::Prizes,
            LeaderboardEntry::Bad(_)
            | LeaderboardEntry::Visibility(..)
            | LeaderboardEntry::Display(..) => Key::Kept(u8::MAX),
        };
        if c.find(key).is_some() || matches!(key, Key::Kept(_)) {
            let field = match key {
                Key::Update => super::model::Field::Update,
                Key::Ties => super::model::Field::Ties,
                Key::Size => super::model::Field::Size,
                _ => super::model::Field::Prizes,
            };
            r.keep(
                span,
                "a second leaderboard line of the same kind".into(),
                &[field],
            );
            c.push(Key::Kept(key.rank()), span, span);
            continue;
        }
        let block = match entry {
            LeaderboardEntry::Prizes(p) => Some(r.container(p.span)),
            _ => None,
        };
        let b = &mut r.form.leaderboard;
        match entry {
            LeaderboardEntry::Update(every, _) => {
                b.update = Some(match every {
                    Some(d) => r
                        .src
                        .get(d.span.start..d.span.end)
                        .unwrap_or("")
                        .to_string(),
                    None => "realtime".to_string(),
                });
            }
            LeaderboardEntry::Ties(names, _) => {
                b.ties = names.iter().map(|n| n.value.clone()).collect()
            }
            LeaderboardEntry::Size(n, _) => b.size = Some(n.value.clone()),
            LeaderboardEntry::Prizes(p) => {
                let mut prizes = block.unwrap_or_default();
                for e in &p.entries {
                    b.prizes.push(Prize {
                        places: places(&e.places),
                        prize: match &e.prize.kind {
                            ValueKind::Money(amount, currency) => PrizeValue::Money(Money {
                                amount: amount.clone(),
                                currency: currency.clone(),
                            }),
                            ValueKind::Text(t) | ValueKind::Number(t) | ValueKind::Timestamp(t) => {
                                PrizeValue::Text(t.clone())
                            }
                        },
                    });
                    prizes.push(Key::Prize, e.span, e.span);
                }
                r.layout.prizes = Some(prizes);
            }
            LeaderboardEntry::Bad(_)
            | LeaderboardEntry::Visibility(..)
            | LeaderboardEntry::Display(..) => {}
        }
        c.push(key, span, span);
    }
    r.layout.board = Some(c);
}

/// Places in canonical form, as the form shows them.
fn places(p: &Places) -> String {
    match p {
        Places::One(n) => n.value.clone(),
        Places::Range(a, b) => format!("{}..{}", a.value, b.value),
        Places::Top(n) => format!("top {}", n.value),
        Places::TopPercent(n) => format!("top {}%", n.value),
    }
}

/// `1: "€500"` or `2..3: 150.00 EUR`; the places already canonical.
pub(super) fn prize(p: &Prize) -> String {
    let value = match &p.prize {
        PrizeValue::Text(t) => quote(t),
        PrizeValue::Money(m) => money(m),
    };
    format!("{}: {value}", p.places)
}

fn update(u: &str) -> String {
    match u {
        "realtime" => "update realtime".to_string(),
        every => format!("update every {every}"),
    }
}

/// The edits that turn the board `old` into `new`; `Some(op)` when the whole
/// `leaderboard` block is to be inserted or removed.
pub(super) fn write(
    ctx: &Ctx<'_>,
    l: &Layout,
    old: &Board,
    new: &Board,
    edits: &mut Vec<Edit>,
) -> Option<SlotOp> {
    let c = l.board.as_ref();
    let find = |key| c.and_then(|c: &Container| c.find(key));
    let entry = |t: &str| Render::Leaf(t.to_string());
    let mut ops: Vec<SlotOp> = Vec::new();
    let upd = |u: &Option<String>| u.as_deref().map(update);
    ops.extend(single(
        Key::Update,
        find(Key::Update),
        upd(&old.update),
        upd(&new.update),
        entry,
    ));
    let ties = |t: &[String]| (!t.is_empty()).then(|| format!("ties {}", t.join(", ")));
    ops.extend(single(
        Key::Ties,
        find(Key::Ties),
        ties(&old.ties),
        ties(&new.ties),
        entry,
    ));
    let size = |s: &Option<String>| s.as_ref().map(|s| format!("size {s}"));
    ops.extend(single(
        Key::Size,
        find(Key::Size),
        size(&old.size),
        size(&new.size),
        entry,
    ));
    let texts = |p: &[Prize]| p.iter().map(prize).collect::<Vec<_>>();
    let block = l.prizes.as_ref();
    let children = block.map(|b| b.all(Key::Prize)).unwrap_or_default();
    let prize_ops = list(
        Key::Prize,
        &children,
        &texts(&old.prizes),
        &texts(&new.prizes),
    );
    let outcome = edit::sync(ctx, block, "prizes", prize_ops);
    ops.extend(nested(outcome, Key::Prizes, find(Key::Prizes), edits));
    let outcome = edit::sync(ctx, c, "leaderboard", ops);
    nested(
        outcome,
        Key::Leaderboard,
        l.body.find(Key::Leaderboard),
        edits,
    )
}
