//! Checking one tournament: merge its templates, run every item check, assemble the IR.

use super::eligibility::{lower_lines, SPred};
use super::merge::{merge, Templates};
use super::satisfiable::{analyze, Conflict, ConflictKind, Loc, Verdict};
use super::scoring::ScoreFacts;
use super::{identity, leaderboard, report, schedule, scoring, tests, unreadable_item, At};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceId, SourceMap};
use crate::ir::{
    Eligibility, EligibilityRule, Field, Literal, Pred, RuleKind, Schedule, SourceSpan, Tournament,
};
use crate::syntax::ast::{Block, CmpOp, Item};
use crate::syntax::Span;
use rust_decimal::Decimal;

pub(crate) fn check_tournament<'a>(
    block: At<'a, Block>,
    templates: &Templates<'a>,
    sources: &SourceMap,
    out: &mut Diagnostics,
) -> Option<Tournament> {
    let mut diags = Diagnostics::new();
    let result = build(block, templates, sources, &mut diags);
    let failed = diags.has_errors();
    out.extend(diags);
    result.filter(|_| !failed)
}

fn build<'a>(
    block: At<'a, Block>,
    templates: &Templates<'a>,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Tournament> {
    let merged = merge(block, templates, diags)?;
    let items = &merged.items;
    let (tz, _) = schedule::zone(items, diags);
    let identity = identity::identity(block, items, diags);
    let schedule = schedule::schedule(block, items, tz, diags);
    let window_ms = schedule
        .as_ref()
        .map(|s| (s.end_ms - s.start_ms).max(0) as u64);
    let header = Span::new(block.node.span.start, block.node.name.span.end);
    let score = items.iter().find_map(|i| match i.node {
        Item::Score(s) => Some(i.map(s)),
        _ => None,
    });
    let facts = scoring::scoring(score, (block.file, header), window_ms, tz, diags);
    let board = leaderboard::leaderboard(
        items.iter().find_map(|i| match i.node {
            Item::Leaderboard(l) => Some(i.map(l)),
            _ => None,
        }),
        diags,
    );
    let lines = items.iter().find_map(|i| match i.node {
        Item::Eligible(e) => Some(i.map(&e.conditions)),
        _ => None,
    });
    let (lowered, elig_ok) = match lines {
        Some(l) => {
            let (v, ok) = lower_lines(l, tz, diags);
            (
                v.into_iter()
                    .map(|(p, s)| (l.file, p, s))
                    .collect::<Vec<_>>(),
                ok,
            )
        }
        None => (Vec::new(), true),
    };
    let identity = identity?;
    let test_items: Vec<_> = items
        .iter()
        .filter_map(|i| match i.node {
            Item::Test(t) => Some(i.map(t)),
            _ => None,
        })
        .collect();
    let line_of = |f: SourceId, off: usize| sources.get(f).map_or(0, |s| s.line_col(off).0);
    let tests = tests::tests(&test_items, &identity.operator, tz, &line_of, diags);
    let (schedule, facts) = (schedule?, facts?);
    let runs_loc = runs_span(items);
    let rules = Rules {
        schedule: &schedule,
        facts: &facts,
        lowered: &lowered,
        runs: runs_loc,
        operator: &identity.operator,
    };
    // Failed conditions were lowered to `true`, which can hide a contradiction but never
    // invent one, so the analysis runs even after errors.
    rules.check_satisfiable(diags);
    // An unreadable eligibility or currency line (already reported) may be the very
    // restriction to one currency, so T0306 would only repeat that error.
    let unread = unreadable_item(items, "eligible")
        || items
            .iter()
            .any(|i| matches!(i.node, Item::Eligible(e) if !e.bad.is_empty()));
    if elig_ok && !unread && !facts.currency_unreadable {
        rules.check_currencies(diags);
    }
    let eligibility = rules.build(sources);
    Some(Tournament {
        id: identity.id,
        title: identity.title,
        operator: identity.operator,
        description: identity.description,
        metadata: identity.metadata,
        template: merged.template,
        schedule,
        eligibility,
        scoring: facts.scoring,
        leaderboard: board?,
        tests: tests?,
    })
    .filter(|_| elig_ok)
}

fn runs_span(items: &[At<'_, Item>]) -> Option<(SourceId, Span)> {
    items.iter().find_map(|i| match i.node {
        Item::Runs(r) => Some((i.file, r.span)),
        _ => None,
    })
}

/// Everything that goes into the eligibility filter.
struct Rules<'x> {
    schedule: &'x Schedule,
    facts: &'x ScoreFacts,
    lowered: &'x [(SourceId, SPred, Span)],
    runs: Option<(SourceId, Span)>,
    operator: &'x str,
}

impl Rules<'_> {
    fn window(&self) -> Pred {
        Pred::and(self.window_bounds().to_vec())
    }

    /// The two comparisons of the schedule window: from the start, up to the end.
    fn window_bounds(&self) -> [Pred; 2] {
        let s = self.schedule;
        let end_op = if s.end_inclusive {
            CmpOp::Le
        } else {
            CmpOp::Lt
        };
        [
            Pred::Cmp {
                field: Field::Time,
                cmp: CmpOp::Ge,
                value: Literal::Time(s.start_ms),
            },
            Pred::Cmp {
                field: Field::Time,
                cmp: end_op,
                value: Literal::Time(s.end_ms),
            },
        ]
    }

    fn only_wins(&self) -> Option<Pred> {
        self.facts.only_wins.map(|_| Pred::Cmp {
            field: Field::WinAmount,
            cmp: CmpOp::Gt,
            value: Literal::Decimal(Decimal::ZERO),
        })
    }

    fn currency(&self) -> Option<Pred> {
        self.facts.scoring.currency.as_ref().map(|c| {
            let mut values = vec![Literal::Text(c.base.clone())];
            values.extend(
                c.rates
                    .keys()
                    .filter(|k| **k != c.base)
                    .map(|k| Literal::Text(k.clone())),
            );
            Pred::In {
                field: Field::Currency,
                values,
            }
        })
    }

    /// Predicates with their places, for the satisfiability analysis.
    fn located(&self) -> Vec<(SourceId, SPred)> {
        let mut v = Vec::new();
        if let Some((file, span)) = self.runs {
            // One atom per bound: the analysis reads comparisons, not nested `and`s.
            let bounds = self.window_bounds().map(|p| SPred::Atom(p, span));
            v.push((file, SPred::And(bounds.to_vec())));
        }
        for (file, p, _) in self.lowered {
            v.push((*file, p.clone()));
        }
        if let (Some(p), Some((file, span))) = (self.only_wins(), self.facts.only_wins) {
            v.push((file, SPred::Atom(p, span)));
        }
        if let (Some(p), Some((file, span))) = (self.currency(), self.facts.currency_span) {
            v.push((file, SPred::Atom(p, span)));
        }
        v
    }

    fn check_satisfiable(&self, diags: &mut Diagnostics) {
        let located = self.located();
        let refs: Vec<(SourceId, &SPred)> = located.iter().map(|(f, p)| (*f, p)).collect();
        if let Verdict::Never(mut c) = analyze(&refs) {
            // A condition that only holds outside `runs` is not a minimum above a
            // maximum the operator wrote; point at the condition, not the schedule.
            let at_runs = |l: &Loc| self.runs == Some((l.file, l.span));
            let mut help = None;
            if at_runs(&c.first) || at_runs(&c.second) {
                c.kind = ConflictKind::Other;
                if at_runs(&c.second) {
                    std::mem::swap(&mut c.first, &mut c.second);
                }
                help =
                    Some("this condition only holds outside the `runs` window of the tournament");
            }
            report_conflict(&c, help, diags);
        }
    }

    /// Points that add up money need one currency (T0306).
    fn check_currencies(&self, diags: &mut Diagnostics) {
        let Some((file, span)) = self.facts.money_points else {
            return;
        };
        if self.facts.scoring.currency.is_some() {
            return;
        }
        let located = self.located();
        let refs: Vec<(SourceId, &SPred)> = located.iter().map(|(f, p)| (*f, p)).collect();
        let mixed = match analyze(&refs) {
            Verdict::Satisfiable { currencies } => currencies.is_none_or(|c| c.len() > 1),
            _ => false,
        };
        if mixed {
            let d = Diagnostic::error(Code::MixedCurrencies, "points add up money, but wagers in different currencies can count")
                .with_label(span, "money from any currency")
                .with_help("add `currency EUR` to `score` (with rates such as `currency EUR { USD 0.92 }` to convert others), or require `wager.currency = \"EUR\"`");
            report(diags, file, d);
        }
    }

    fn build(&self, sources: &SourceMap) -> Eligibility {
        let loc = |file: SourceId, span: Span| {
            sources.get(file).map(|f| {
                let (line, column) = f.line_col(span.start);
                SourceSpan {
                    file: f.name.clone(),
                    span,
                    line,
                    column,
                }
            })
        };
        let text = |file: SourceId, span: Span| {
            sources.get(file).map_or_else(String::new, |f| {
                f.slice(span)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        let mut rules = vec![EligibilityRule {
            kind: RuleKind::Operator,
            source: format!("operator = {:?}", self.operator),
            span: None,
            pred: Pred::Cmp {
                field: Field::OperatorId,
                cmp: CmpOp::Eq,
                value: Literal::Text(self.operator.to_string()),
            },
        }];
        rules.push(EligibilityRule {
            kind: RuleKind::Window,
            source: self.runs.map_or_else(String::new, |(f, s)| text(f, s)),
            span: self.runs.and_then(|(f, s)| loc(f, s)),
            pred: self.window(),
        });
        for (file, p, span) in self.lowered {
            rules.push(EligibilityRule {
                kind: RuleKind::Condition,
                source: text(*file, *span),
                span: loc(*file, *span),
                pred: p.clone().into_pred(),
            });
        }
        if let (Some(pred), Some((f, s))) = (self.only_wins(), self.facts.only_wins) {
            rules.push(EligibilityRule {
                kind: RuleKind::OnlyWins,
                source: text(f, s),
                span: loc(f, s),
                pred,
            });
        }
        if let (Some(pred), Some((f, s))) = (self.currency(), self.facts.currency_span) {
            rules.push(EligibilityRule {
                kind: RuleKind::Currency,
                source: text(f, s),
                span: loc(f, s),
                pred,
            });
        }
        Eligibility { rules }
    }
}

fn report_conflict(c: &Conflict, help_for: Option<&str>, diags: &mut Diagnostics) {
    let (code, msg, help) = match c.kind {
        ConflictKind::Currency => (
            Code::CurrencyMismatch,
            "these conditions need two different currencies at once",
            "a wager has one currency: join per-currency conditions with `or`",
        ),
        ConflictKind::MinAboveMax => (
            Code::MinAboveMax,
            "the minimum is above the maximum, so no wager can pass",
            "lower the minimum or raise the maximum",
        ),
        ConflictKind::Other => (
            Code::NeverMatches,
            "no wager can pass these eligibility rules",
            "these two rules contradict each other; relax one of them",
        ),
    };
    let help = help_for.unwrap_or(help);
    if c.first == c.second {
        // One rule contradicts itself: one label, not two on the same text.
        let d = Diagnostic::error(code, msg)
            .with_label(c.second.span, "this rule can never hold")
            .with_help("relax this rule")
            .in_file(c.second.file);
        diags.push(d);
        return;
    }
    let d = Diagnostic::error(code, msg)
        .with_label(c.second.span, "this rule")
        .with_label_in(c.first.file, c.first.span, "contradicts this one")
        .with_help(help)
        .in_file(c.second.file);
    let d = if c.first.file == c.second.file {
        let mut d = d;
        if let Some(l) = d.labels.get_mut(1) {
            l.file = None;
        }
        d
    } else {
        d
    };
    diags.push(d);
}
