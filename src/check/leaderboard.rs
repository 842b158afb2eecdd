//! Leaderboard: update rate, tie-breaks, board size, prizes.

use super::literal::{currency_code, decimal, whole};
use super::{report, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::ir::{
    Display, LeaderboardSpec, PlaceSpec, Prize, PrizeTier, TieBreak, Update, Visibility,
};
use crate::syntax::ast::{Leaderboard, LeaderboardEntry, Places, PrizeEntry, Prizes, ValueKind};
use crate::syntax::{Span, Spanned};
use rust_decimal::Decimal;

/// Board size when the file does not say.
pub const DEFAULT_SIZE: u32 = 100;

pub(crate) fn leaderboard(
    lb: Option<At<'_, Leaderboard>>,
    diags: &mut Diagnostics,
) -> Option<LeaderboardSpec> {
    let mut spec = LeaderboardSpec {
        update: Update::Realtime,
        ties: Vec::new(),
        size: DEFAULT_SIZE,
        prizes: Vec::new(),
        visibility: Visibility::default(),
        display: Display::default(),
    };
    let Some(lb) = lb else { return Some(spec) };
    let mut ok = true;
    let mut prizes = None;
    for entry in &lb.node.entries {
        match entry {
            LeaderboardEntry::Update(every, _) => {
                ok &= update(lb.file, every.as_ref(), &mut spec, diags)
            }
            LeaderboardEntry::Ties(names, _) => ok &= ties(lb.file, names, &mut spec, diags),
            LeaderboardEntry::Size(n, _) => match whole(
                n,
                1,
                Code::NonPositiveSize,
                "the board size",
                lb.file,
                diags,
            ) {
                Some(size) => spec.size = size,
                None => ok = false,
            },
            LeaderboardEntry::Prizes(p) => prizes = Some(p),
            LeaderboardEntry::Visibility(..)
            | LeaderboardEntry::Display(..)
            | LeaderboardEntry::Bad(_) => {}
        }
    }
    ok &= super::audience::audience(lb, &mut spec, diags);
    if let Some(p) = prizes {
        match prize_tiers(lb.file, p, spec.size, diags) {
            Some(tiers) => spec.prizes = tiers,
            None => ok = false,
        }
    }
    ok.then_some(spec)
}

fn update(
    file: SourceId,
    every: Option<&Spanned<crate::syntax::ast::Duration>>,
    spec: &mut LeaderboardSpec,
    diags: &mut Diagnostics,
) -> bool {
    let Some(d) = every else {
        spec.update = Update::Realtime;
        return true;
    };
    if d.value.millis() == 0 {
        report(
            diags,
            file,
            Diagnostic::error(
                Code::NonPositiveInterval,
                format!("the update interval `{}` is not positive", d.value),
            )
            .with_label(d.span, "must be longer than zero")
            .with_help("write `update realtime` for every change, or an interval such as `10s`"),
        );
        return false;
    }
    spec.update = Update::Every {
        interval_ms: d.value.millis(),
    };
    true
}

/// Tie-breaks used after the score; the final tie (see the book) orders whoever remains.
pub const MAX_TIE_BREAKS: usize = 2;

fn ties(
    file: SourceId,
    names: &[Spanned<String>],
    spec: &mut LeaderboardSpec,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    if let Some(extra) = names.get(MAX_TIE_BREAKS) {
        ok = false;
        let span = extra.span.join(names.last().map_or(extra.span, |n| n.span));
        let d = Diagnostic::error(
            Code::TooManyTieBreaks,
            format!(
                "{} tie-breaks are listed, but at most {MAX_TIE_BREAKS} are used",
                names.len()
            ),
        )
        .with_label(span, "beyond the second tie-break")
        .with_help(
            "keep the two that matter most; the player whose first wager came earliest wins any tie that remains",
        );
        report(diags, file, d);
    }
    for name in names {
        match TieBreak::from_name(&name.value) {
            Some(t) if spec.ties.contains(&t) => report(
                diags,
                file,
                Diagnostic::new(
                    Code::DuplicateTieBreak,
                    format!("`{}` is listed twice", name.value),
                )
                .with_label(name.span, "listed again here")
                .with_help("a tie-break decides nothing the second time; remove it"),
            ),
            Some(t) => spec.ties.push(t),
            None => {
                ok = false;
                let help = did_you_mean(&name.value, TieBreak::NAMES.iter().copied())
                    .unwrap_or_else(|| format!("choose from {}", TieBreak::NAMES.join(", ")));
                report(
                    diags,
                    file,
                    Diagnostic::error(
                        Code::UnknownTieBreak,
                        format!("unknown tie-break `{}`", name.value),
                    )
                    .with_label(name.span, "not a tie-break")
                    .with_help(help),
                );
            }
        }
    }
    ok
}

/// Walks prize entries in order, keeping the next place that needs a prize.
struct PrizeWalk<'d> {
    file: SourceId,
    diags: &'d mut Diagnostics,
    next: u32,
    last_span: Option<Span>,
    last_percent: Option<(Decimal, Span)>,
    ok: bool,
}

fn prize_tiers(
    file: SourceId,
    p: &Prizes,
    size: u32,
    diags: &mut Diagnostics,
) -> Option<Vec<PrizeTier>> {
    let mut walk = PrizeWalk {
        file,
        diags,
        next: 1,
        last_span: None,
        last_percent: None,
        ok: true,
    };
    let mut tiers = Vec::new();
    for entry in &p.entries {
        let places = walk.places(entry);
        let prize = walk.prize(entry);
        if let (Some(places), Some(prize)) = (places, prize) {
            if let PlaceSpec::Places { to, .. } = places {
                if to > size {
                    report(walk.diags, file, Diagnostic::new(Code::PrizesBeyondBoard, format!("place {to} has a prize but the board shows {size} places")).with_label(entry.places.span(), "beyond the published board").with_help(format!("raise `size` to at least {to}, or players cannot see their prize place")));
                }
            }
            tiers.push(PrizeTier { places, prize });
        }
        walk.last_span = Some(entry.span);
    }
    walk.ok.then_some(tiers)
}

impl PrizeWalk<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.ok = false;
        report(self.diags, self.file, d);
    }

    fn number(&mut self, n: &Spanned<String>) -> Option<u32> {
        let v = whole(n, 1, Code::ReversedRange, "a place", self.file, self.diags);
        self.ok &= v.is_some();
        v
    }

    fn places(&mut self, entry: &PrizeEntry) -> Option<PlaceSpec> {
        let span = entry.places.span();
        let (from, to) = match &entry.places {
            Places::TopPercent(p) => return self.percent(p),
            Places::One(n) => {
                let n = self.number(n)?;
                (n, n)
            }
            Places::Range(a, b) => {
                let (a, b) = (self.number(a)?, self.number(b)?);
                if a > b {
                    self.error(
                        Diagnostic::error(
                            Code::ReversedRange,
                            format!("places {a}..{b} run backwards"),
                        )
                        .with_label(span, "empty range")
                        .with_help(format!("write `{b}..{a}`")),
                    );
                    return None;
                }
                (a, b)
            }
            Places::Top(n) => (self.next, self.number(n)?),
        };
        self.fixed(from, to, span)
    }

    fn fixed(&mut self, from: u32, to: u32, span: Span) -> Option<PlaceSpec> {
        if let Some((_, pspan)) = self.last_percent {
            self.error(
                Diagnostic::error(
                    Code::FixedAfterPercent,
                    "fixed places come after a percentage tier",
                )
                .with_label(span, "fixed places")
                .with_label(pspan, "percentage tier")
                .with_help("list fixed places first, then `top N%` tiers"),
            );
            return None;
        }
        if to < self.next || from < self.next {
            let taken = if from < self.next { from } else { to };
            let mut d = Diagnostic::error(
                Code::PrizeOverlap,
                format!("place {taken} already has a prize"),
            )
            .with_label(span, "overlaps an earlier entry");
            if let Some(prev) = self.last_span {
                d = d.with_label(prev, "earlier entry");
            }
            self.error(d.with_help(format!("start this entry at place {}", self.next)));
            self.next = self.next.max(to + 1);
            return None;
        }
        if from > self.next {
            let gap = if from - self.next == 1 {
                format!("place {}", self.next)
            } else {
                format!("places {}..{}", self.next, from - 1)
            };
            self.error(
                Diagnostic::error(
                    Code::PrizeGap,
                    format!(
                        "{gap} {} no prize",
                        if from - self.next == 1 { "has" } else { "have" }
                    ),
                )
                .with_label(span, format!("{gap} skipped before this entry"))
                .with_help(format!(
                    "start this entry at place {}, or add an entry for {gap}",
                    self.next
                )),
            );
            self.next = to + 1;
            return None;
        }
        self.next = to + 1;
        Some(PlaceSpec::Places { from, to })
    }

    fn percent(&mut self, p: &Spanned<String>) -> Option<PlaceSpec> {
        let v = decimal(p, self.file, self.diags)?;
        if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
            self.error(
                Diagnostic::error(
                    Code::PercentOutOfRange,
                    format!("{}% is not a share of the players", p.value),
                )
                .with_label(p.span, "must be above 0 and at most 100")
                .with_help("write a percentage such as `top 5%`"),
            );
            return None;
        }
        if let Some((prev, pspan)) = self.last_percent {
            if v <= prev {
                self.error(
                    Diagnostic::error(
                        Code::PrizeOverlap,
                        format!("top {}% is inside the earlier top {prev}%", p.value),
                    )
                    .with_label(p.span, "overlaps")
                    .with_label(pspan, "earlier tier")
                    .with_help("percentage tiers must grow"),
                );
                return None;
            }
        }
        self.last_percent = Some((v, p.span));
        Some(PlaceSpec::Percent {
            from: self.next,
            percent: v,
        })
    }

    fn prize(&mut self, entry: &PrizeEntry) -> Option<Prize> {
        match &entry.prize.kind {
            ValueKind::Text(t) => Some(Prize::Text { text: t.clone() }),
            ValueKind::Money(a, c) => {
                let cur_span = Span::new(
                    entry.prize.span.end.saturating_sub(c.len()),
                    entry.prize.span.end,
                );
                let known = currency_code(c, cur_span, self.file, self.diags);
                let amount = decimal(
                    &Spanned::new(a.clone(), entry.prize.span),
                    self.file,
                    self.diags,
                );
                self.ok &= known && amount.is_some();
                Some(Prize::Money {
                    amount: amount?,
                    currency: c.clone(),
                })
                .filter(|_| known)
            }
            _ => None,
        }
    }
}
