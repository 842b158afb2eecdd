//! Scoring: points expression, multipliers, `only wins`, aggregation, caps, currency.

use super::bounds;
use super::eligibility::{article, Lowerer, SPred};
use super::literal::{currency_code, decimal};
use super::{report, unreadable, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::ir::{
    Aggregate, Cap, Conversion, Field, FieldType, Multiplier, NumExpr, NumField, NumStep, Scoring,
};
use crate::syntax::ast::{ArithOp, CurrencyEntry, Expr, Score, ScoreEntry};
use crate::syntax::{Span, Spanned};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the rest of the checker needs from the score block besides the IR.
pub(crate) struct ScoreFacts {
    pub scoring: Scoring,
    pub only_wins: Option<(SourceId, Span)>,
    /// Where the points expression reads money, if it does.
    pub money_points: Option<(SourceId, Span)>,
    pub currency_span: Option<(SourceId, Span)>,
    /// A `currency` line or rate was written but could not be read (already reported).
    pub currency_unreadable: bool,
    /// Multiplier conditions, for the satisfiability check of each.
    pub multiplier_preds: Vec<(SourceId, SPred)>,
}

pub(crate) fn scoring(
    score: Option<At<'_, Score>>,
    fallback: (SourceId, Span),
    window_ms: Option<u64>,
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> Option<ScoreFacts> {
    let mut b = Builder {
        diags,
        tz,
        ok: true,
        facts: empty_facts(),
        points: None,
        unreadable_points: false,
        aggregate: None,
        points_at: None,
    };
    if let Some(score) = score {
        for entry in &score.node.entries {
            b.entry(score.file, entry, window_ms);
        }
    }
    b.finish(score, fallback)
}

fn empty_facts() -> ScoreFacts {
    ScoreFacts {
        scoring: Scoring {
            points: NumExpr::Const {
                value: Decimal::ONE,
            },
            multipliers: Vec::new(),
            aggregate: Aggregate::Sum,
            caps: Vec::new(),
            currency: None,
        },
        only_wins: None,
        money_points: None,
        currency_span: None,
        currency_unreadable: false,
        multiplier_preds: Vec::new(),
    }
}

struct Builder<'d> {
    diags: &'d mut Diagnostics,
    tz: Option<Tz>,
    ok: bool,
    facts: ScoreFacts,
    points: Option<NumExpr>,
    /// A `points` line was written but could not be read (already reported).
    unreadable_points: bool,
    aggregate: Option<Aggregate>,
    /// Where the points expression was written.
    points_at: Option<(SourceId, Span)>,
}

impl Builder<'_> {
    fn error(&mut self, file: SourceId, d: Diagnostic) {
        self.ok = false;
        report(self.diags, file, d);
    }

    fn entry(&mut self, file: SourceId, entry: &ScoreEntry, window_ms: Option<u64>) {
        match entry {
            ScoreEntry::Points(expr, _) => {
                self.points = self.expr(file, expr);
                // Written but unusable: its own error is reported, not "no points".
                self.unreadable_points |= self.points.is_none();
                self.points_at = Some((file, expr.span()));
                if uses_money(expr) {
                    self.facts.money_points = Some((file, expr.span()));
                }
            }
            ScoreEntry::Multiplier { factor, when, span } => {
                self.multiplier(file, factor, when, *span)
            }
            ScoreEntry::OnlyWins(span) => self.facts.only_wins = Some((file, *span)),
            ScoreEntry::Aggregate(name, _) => self.aggregate(file, name),
            ScoreEntry::Cap { points, per, .. } => self.cap(file, points, per, window_ms),
            ScoreEntry::Currency(c) => {
                self.facts.currency_unreadable |= !c.bad.is_empty();
                self.currency(file, c);
            }
            ScoreEntry::Bad(b) => {
                self.unreadable_points |= unreadable(&b.text, "points");
                self.facts.currency_unreadable |= unreadable(&b.text, "currency");
            }
        }
    }

    fn expr(&mut self, file: SourceId, e: &Expr) -> Option<NumExpr> {
        match e {
            Expr::Number(n) => decimal(n, file, self.diags).map(|value| NumExpr::Const { value }),
            Expr::Group(inner, _) => self.expr(file, inner),
            Expr::Field(name) => self
                .num_field(file, name)
                .map(|field| NumExpr::Field { field }),
            Expr::Chain { first, rest, .. } => {
                let first = self.expr(file, first);
                let mut ok = true;
                let mut steps = Vec::with_capacity(rest.len());
                for (op, operand) in rest {
                    match self.expr(file, operand) {
                        Some(lowered) => {
                            if *op == ArithOp::Div && self.divides_by_zero(file, operand, &lowered)
                            {
                                ok = false;
                            }
                            steps.push(NumStep {
                                op: *op,
                                operand: lowered,
                            });
                        }
                        None => ok = false,
                    }
                }
                Some(NumExpr::Chain {
                    first: Box::new(first?),
                    rest: steps,
                })
                .filter(|_| ok)
            }
        }
    }

    /// Reports a divisor that is zero whatever the event (T0308): constant parts are
    /// folded, so `/ (2 - 2)` is seen as well as `/ 0`.
    fn divides_by_zero(&mut self, file: SourceId, divisor: &Expr, lowered: &NumExpr) -> bool {
        if !matches!(bounds::fold(lowered), Ok(Some(d)) if d.is_zero()) {
            return false;
        }
        self.error(
            file,
            Diagnostic::error(Code::DivisionByZero, "points divide by zero")
                .with_label(divisor.span(), "zero")
                .with_help("divide by a non-zero number"),
        );
        true
    }

    fn num_field(&mut self, file: SourceId, name: &Spanned<String>) -> Option<NumField> {
        let Some((field, ty)) = Field::lookup(&name.value) else {
            let nums = ["wager.amount", "win.amount", "win.net", "win.multiplier"];
            let help = did_you_mean(&name.value, nums)
                .unwrap_or_else(|| format!("points can use {}", nums.join(", ")));
            self.error(
                file,
                Diagnostic::error(
                    Code::UnknownField,
                    format!("unknown field `{}`", name.value),
                )
                .with_label(name.span, "not an event field")
                .with_help(help),
            );
            return None;
        };
        let nf = match field {
            Field::WagerAmount => NumField::WagerAmount,
            Field::WinAmount => NumField::WinAmount,
            Field::WinNet => NumField::WinNet,
            Field::WinMultiplier => NumField::WinMultiplier,
            _ => {
                let d = Diagnostic::error(
                    Code::TypeMismatch,
                    format!(
                        "points need numbers, but `{}` is {}",
                        name.value,
                        article(ty)
                    ),
                )
                .with_label(name.span, format!("{} field", ty.name()))
                .with_help(
                    "use `wager.amount`, `win.amount`, `win.net`, `win.multiplier` or a number",
                );
                self.error(file, d);
                return None;
            }
        };
        debug_assert!(ty != FieldType::Text);
        Some(nf)
    }

    fn multiplier(
        &mut self,
        file: SourceId,
        factor: &Spanned<String>,
        when: &crate::syntax::ast::Cond,
        span: Span,
    ) {
        let f = decimal(factor, file, self.diags);
        if f.is_some_and(|f| f <= Decimal::ZERO) {
            self.error(
                file,
                Diagnostic::error(
                    Code::NonPositiveMultiplier,
                    format!("multiplier x{} is not positive", factor.value),
                )
                .with_label(factor.span, "must be above zero")
                .with_help("to exclude wagers, use `eligible when`"),
            );
        }
        let mut lx = Lowerer {
            file,
            tz: self.tz,
            diags: self.diags,
            ok: true,
        };
        let pred = lx.lower(when, false);
        let limits_ok =
            super::sql_limits::check_values(std::slice::from_ref(when), false, file, lx.diags);
        self.ok &= lx.ok && limits_ok && f.is_some();
        let source = format!("x{} when ...", factor.value);
        self.facts.multiplier_preds.push((file, pred.clone()));
        if let Some(factor) = f {
            let _ = span;
            self.facts.scoring.multipliers.push(Multiplier {
                factor,
                when: pred.into_pred(),
                source,
            });
        }
    }

    fn aggregate(&mut self, file: SourceId, name: &Spanned<String>) {
        match Aggregate::from_name(&name.value) {
            Some(a) => self.aggregate = Some(a),
            None => {
                let help = did_you_mean(&name.value, Aggregate::NAMES.iter().copied())
                    .unwrap_or_else(|| "choose `sum`, `max` or `count`".into());
                self.error(
                    file,
                    Diagnostic::error(
                        Code::UnknownAggregate,
                        format!("unknown aggregation `{}`", name.value),
                    )
                    .with_label(name.span, "not an aggregation")
                    .with_help(help),
                );
            }
        }
    }

    fn cap(
        &mut self,
        file: SourceId,
        points: &Spanned<String>,
        per: &Spanned<crate::syntax::ast::Duration>,
        window_ms: Option<u64>,
    ) {
        let p = decimal(points, file, self.diags);
        self.ok &= p.is_some();
        if p.is_some_and(|p| p <= Decimal::ZERO) {
            self.error(
                file,
                Diagnostic::error(
                    Code::NonPositiveCap,
                    format!("a cap of {} points lets nothing count", points.value),
                )
                .with_label(points.span, "must be above zero")
                .with_help("remove the cap, or give a positive number of points"),
            );
        }
        let ms = per.value.millis();
        if per.value.out_of_range {
            // Reported where it was read (T0006: too long).
            self.ok = false;
        } else if ms == 0 {
            self.error(
                file,
                Diagnostic::error(
                    Code::NonPositiveCapWindow,
                    format!("the cap window `{}` is not positive", per.value),
                )
                .with_label(per.span, "must be longer than zero")
                .with_help("write a window such as `1h` or `1d`"),
            );
        } else if window_ms.is_some_and(|w| ms > w) {
            report(self.diags, file, Diagnostic::new(Code::CapWindowTooLong, format!("the cap window `{}` is longer than the tournament", per.value)).with_label(per.span, "one window covers the whole tournament").with_help("this caps the whole tournament; say so with a window equal to its length, or shorten it"));
        }
        if let Some(points) = p {
            if ms > 0 {
                self.nest(file, per, ms);
            }
            self.facts.scoring.caps.push(Cap {
                points,
                window_ms: ms,
            });
        }
    }

    /// Caps apply smallest window first, so every window must be a whole multiple of
    /// every smaller one (T0310).
    fn nest(&mut self, file: SourceId, per: &Spanned<crate::syntax::ast::Duration>, ms: u64) {
        let clash = self.facts.scoring.caps.iter().find(|c| {
            let (small, big) = (c.window_ms.min(ms), c.window_ms.max(ms));
            c.window_ms == ms || (small > 0 && big % small != 0)
        });
        let Some(other) = clash else { return };
        let msg = if other.window_ms == ms {
            format!("two caps have the same window `{}`", per.value)
        } else {
            format!(
                "the cap window `{}` is not a multiple or a divisor of another cap's window",
                per.value
            )
        };
        let d = Diagnostic::error(Code::CapsDoNotNest, msg)
            .with_label(per.span, "does not nest")
            .with_help("caps apply smallest window first; use windows that divide each other, such as `1h` and `1d`");
        self.error(file, d);
    }

    fn currency(&mut self, file: SourceId, c: &CurrencyEntry) {
        self.facts.currency_span = Some((file, c.span));
        let mut ok = currency_code(&c.code.value, c.code.span, file, self.diags);
        let mut rates = BTreeMap::new();
        for r in &c.rates {
            ok &= currency_code(&r.code.value, r.code.span, file, self.diags);
            match decimal(&r.rate, file, self.diags) {
                Some(v) if v > Decimal::ZERO => {
                    rates.insert(r.code.value.clone(), v);
                }
                Some(_) => self.error(
                    file,
                    Diagnostic::error(
                        Code::NonPositiveRate,
                        format!("the rate for `{}` is not positive", r.code.value),
                    )
                    .with_label(r.rate.span, "must be above zero")
                    .with_help(
                        "give the units of the scoring currency one unit of this currency is worth",
                    ),
                ),
                None => ok = false,
            }
        }
        self.ok &= ok;
        self.facts.scoring.currency = Some(Conversion {
            base: c.code.value.clone(),
            rates,
        });
    }

    fn finish(
        mut self,
        score: Option<At<'_, Score>>,
        fallback: (SourceId, Span),
    ) -> Option<ScoreFacts> {
        let aggregate = self.aggregate.unwrap_or(Aggregate::Sum);
        self.facts.scoring.aggregate = aggregate;
        match (self.points.take(), aggregate) {
            (Some(p), _) => {
                self.bound(&p);
                self.facts.scoring.points = p;
            }
            (None, Aggregate::Count) => {}
            (None, _) if self.unreadable_points => self.ok = false,
            (None, _) if self.ok => {
                let (file, span, label) = match score {
                    Some(s) => (s.file, s.node.span, "no `points` here"),
                    None => (fallback.0, fallback.1, "no `score` block"),
                };
                let d = Diagnostic::error(Code::MissingPoints, "the tournament does not say how wagers score")
                    .with_label(span, label)
                    .with_help("add `points = wager.amount` (or another expression) to `score`, or `aggregate count`");
                self.error(file, d);
            }
            (None, _) => {}
        }
        self.ok.then_some(self.facts)
    }
}

impl Builder<'_> {
    /// Refuses points one wager could score beyond the engine's range (T0311).
    fn bound(&mut self, points: &NumExpr) {
        let Some((file, span)) = self.points_at else {
            return;
        };
        if self.facts.scoring.aggregate == Aggregate::Count {
            return;
        }
        let rates = self
            .facts
            .scoring
            .currency
            .as_ref()
            .map(|c| c.rates.values().copied().collect::<Vec<_>>())
            .unwrap_or_default();
        let cx = bounds::Context {
            rate_max: rates.iter().copied().fold(Decimal::ONE, Decimal::max),
            rate_scale: rates.iter().map(Decimal::scale).max().unwrap_or(0),
        };
        let factors = self
            .facts
            .scoring
            .multipliers
            .iter()
            .map(|m| m.factor.abs());
        let largest = factors.fold(bounds::magnitude(points, &cx), |acc, f| {
            acc.and_then(|a| a.checked_mul(f))
        });
        if largest.is_some_and(|m| m <= bounds::max_wager_points()) {
            return;
        }
        let reach = largest.map_or_else(
            || "beyond 10^28".to_string(),
            |m| format!("{}", m.round_dp(4).normalize()),
        );
        let d = Diagnostic::error(
            Code::PointsOutOfRange,
            format!("one wager could score up to {reach} points, more than the 10^20 the engine allows"),
        )
        .with_label(span, "too large for the largest amounts")
        .with_help("amounts go up to 99,999,999,999,999.9999 and `win.multiplier` up to 10^18; scale the points down (for example divide by 100) or lower the multipliers");
        self.error(file, d);
    }
}

fn uses_money(e: &Expr) -> bool {
    match e {
        Expr::Number(_) => false,
        Expr::Field(f) => matches!(f.value.as_str(), "wager.amount" | "win.amount" | "win.net"),
        Expr::Group(inner, _) => uses_money(inner),
        Expr::Chain { first, rest, .. } => {
            uses_money(first) || rest.iter().any(|(_, operand)| uses_money(operand))
        }
    }
}
