//! Eligibility: type-checks conditions and lowers them to predicates in negation normal
//! form (see `ir::predicate` for why that gives ksqlDB-exact null handling).

use super::literal::{currency_code, decimal, timestamp};
use super::{report, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::ir::{Field, FieldType, Literal, Pred};
use crate::syntax::ast::{Between, CmpOp, Compare, Cond, InList, Presence, Value, ValueKind};
use crate::syntax::{Span, Spanned};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// A predicate whose comparisons remember where they were written, for the
/// satisfiability analysis.
#[derive(Debug, Clone)]
pub(crate) enum SPred {
    Atom(Pred, Span),
    And(Vec<SPred>),
    Or(Vec<SPred>),
}

impl SPred {
    pub fn into_pred(self) -> Pred {
        match self {
            SPred::Atom(p, _) => p,
            SPred::And(v) => Pred::and(v.into_iter().map(SPred::into_pred).collect()),
            SPred::Or(v) => Pred::or(v.into_iter().map(SPred::into_pred).collect()),
        }
    }
}

/// Lowers conditions of one file; `ok` turns false on the first error.
pub(crate) struct Lowerer<'d> {
    pub file: SourceId,
    pub tz: Option<Tz>,
    pub diags: &'d mut Diagnostics,
    pub ok: bool,
}

impl Lowerer<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.ok = false;
        report(self.diags, self.file, d);
    }

    /// Lowers `cond`, negated when `neg` (De Morgan down to the comparisons).
    pub fn lower(&mut self, cond: &Cond, neg: bool) -> SPred {
        match cond {
            Cond::And(parts, _) | Cond::All(parts, _) => self.junction(parts, neg, cond, false),
            Cond::Or(parts, _) | Cond::Any(parts, _) => self.junction(parts, neg, cond, true),
            Cond::Not(inner, _) => self.lower(inner, !neg),
            Cond::Compare(c) => self.compare(c, neg),
            Cond::In(c) => self.in_list(c, neg),
            Cond::Between(b) => self.between(b, neg),
            Cond::Presence(p) => self.presence(p, neg),
        }
    }

    fn junction(&mut self, parts: &[Cond], neg: bool, cond: &Cond, is_or: bool) -> SPred {
        if parts.is_empty() {
            let kw = if is_or { "any" } else { "all" };
            self.error(
                Diagnostic::error(
                    Code::EmptyGroup,
                    format!("this `{kw}` group has no conditions"),
                )
                .with_label(cond.span(), "empty group")
                .with_help("add a condition per line, or remove the group"),
            );
            return SPred::Atom(Pred::True, cond.span());
        }
        let lowered = parts.iter().map(|p| self.lower(p, neg)).collect();
        if is_or != neg {
            SPred::Or(lowered)
        } else {
            SPred::And(lowered)
        }
    }

    /// Resolves a field name (T0201 with a suggestion when unknown).
    fn field(&mut self, name: &Spanned<String>) -> Option<(Field, FieldType)> {
        let found = Field::lookup(&name.value);
        if found.is_none() {
            let help = did_you_mean(&name.value, Field::names()).unwrap_or_else(|| {
                format!(
                    "event fields: {}",
                    Field::names().collect::<Vec<_>>().join(", ")
                )
            });
            self.error(
                Diagnostic::error(
                    Code::UnknownField,
                    format!("unknown field `{}`", name.value),
                )
                .with_label(name.span, "not an event field")
                .with_help(help),
            );
        }
        found
    }

    fn mismatch(&mut self, field: &Spanned<String>, ty: FieldType, value: &Value) {
        let got = value_type(value);
        let help = match (ty, got) {
            (FieldType::Money, FieldType::Number) => {
                format!("add a currency: `{} EUR`", value_text(value))
            }
            (FieldType::Text, _) => format!("quote it: `\"{}\"`", value_text(value)),
            (FieldType::Timestamp, _) => {
                String::from("write a timestamp such as `2024-11-15T12:00:00Z`")
            }
            _ => format!("`{}` holds {}", field.value, article(ty)),
        };
        self.error(
            Diagnostic::error(
                Code::TypeMismatch,
                format!(
                    "`{}` is {}, but the value is {}",
                    field.value,
                    article(ty),
                    article(got)
                ),
            )
            .with_label(value.span, format!("this is {}", article(got)))
            .with_label(field.span, format!("this is {}", article(ty)))
            .with_help(help),
        );
    }

    fn compare(&mut self, c: &Compare, neg: bool) -> SPred {
        let Some((field, ty)) = self.field(&c.field) else {
            return SPred::Atom(Pred::True, c.span);
        };
        let op = if neg {
            c.op.value.negated()
        } else {
            c.op.value
        };
        if ty == FieldType::Text && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.error(
                Diagnostic::error(
                    Code::OperatorNotForType,
                    format!(
                        "`{}` cannot be ordered with `{}`",
                        c.field.value,
                        c.op.value.symbol()
                    ),
                )
                .with_label(c.op.span, "ordering is for numbers, money and times")
                .with_help("compare text with `=`, `!=`, `in (...)` or `not in (...)`"),
            );
            return SPred::Atom(Pred::True, c.span);
        }
        self.scalar(field, ty, &c.field, op, &c.value, c.span)
    }

    /// `field op value` for one typed value; money also pins the currency.
    #[allow(clippy::too_many_arguments)] // reason: the pieces of one comparison, kept apart for labels
    fn scalar(
        &mut self,
        field: Field,
        ty: FieldType,
        name: &Spanned<String>,
        op: CmpOp,
        value: &Value,
        span: Span,
    ) -> SPred {
        let atom = |p| SPred::Atom(p, span);
        match (ty, &value.kind) {
            (FieldType::Text, ValueKind::Text(s)) => atom(Pred::Cmp {
                field,
                cmp: op,
                value: Literal::Text(s.clone()),
            }),
            (FieldType::Money, ValueKind::Money(amount, cur)) => {
                let Some(amount) = self.money(amount, cur, value.span) else {
                    return atom(Pred::True);
                };
                // Money in another currency compares like a missing field: every
                // comparison is false, so a negation keeps the currency condition.
                let currency = atom(Pred::Cmp {
                    field: Field::Currency,
                    cmp: CmpOp::Eq,
                    value: Literal::Text(cur.clone()),
                });
                let amount = atom(amount_pred(field, op, amount));
                SPred::And(vec![currency, amount])
            }
            (FieldType::Number, ValueKind::Number(n)) => match self.number(n, value.span) {
                Some(v) => atom(Pred::Ratio { cmp: op, value: v }),
                None => atom(Pred::True),
            },
            (FieldType::Timestamp, ValueKind::Timestamp(t)) => {
                let text = Spanned::new(t.clone(), value.span);
                match timestamp(&text, self.tz, self.file, self.diags) {
                    Some(ms) => atom(Pred::Cmp {
                        field,
                        cmp: op,
                        value: Literal::Time(ms),
                    }),
                    None => {
                        self.ok = false;
                        atom(Pred::True)
                    }
                }
            }
            _ => {
                self.mismatch(name, ty, value);
                atom(Pred::True)
            }
        }
    }

    fn number(&mut self, text: &str, span: Span) -> Option<Decimal> {
        let d = decimal(&Spanned::new(text.to_string(), span), self.file, self.diags);
        self.ok &= d.is_some();
        d
    }

    fn money(&mut self, amount: &str, cur: &str, span: Span) -> Option<Decimal> {
        let cur_span = Span::new(span.end.saturating_sub(cur.len()), span.end);
        let known = currency_code(cur, cur_span, self.file, self.diags);
        self.ok &= known;
        let d = self.number(amount, span)?;
        known.then_some(d)
    }

    fn in_list(&mut self, c: &InList, neg: bool) -> SPred {
        let Some((field, ty)) = self.field(&c.field) else {
            return SPred::Atom(Pred::True, c.span);
        };
        if ty != FieldType::Text {
            self.error(
                Diagnostic::error(
                    Code::OperatorNotForType,
                    format!(
                        "`in` lists are for text fields, and `{}` is {}",
                        c.field.value,
                        article(ty)
                    ),
                )
                .with_label(c.field.span, format!("{} field", ty.name()))
                .with_help("use comparisons or `between` for numbers, money and times"),
            );
            return SPred::Atom(Pred::True, c.span);
        }
        let mut values: Vec<Literal> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::with_capacity(c.values.len());
        for v in &c.values {
            match &v.kind {
                ValueKind::Text(s) if !seen.insert(s) => report(
                    self.diags,
                    self.file,
                    Diagnostic::new(
                        Code::DuplicateListValue,
                        format!("`{}` is listed twice", s.escape_debug()),
                    )
                    .with_label(v.span, "listed again here")
                    .with_help("remove the repeat"),
                ),
                ValueKind::Text(s) => values.push(Literal::Text(s.clone())),
                _ => self.mismatch(&c.field, ty, v),
            }
        }
        let pred = if c.negated != neg {
            Pred::NotIn { field, values }
        } else {
            Pred::In { field, values }
        };
        SPred::Atom(pred, c.span)
    }

    fn between(&mut self, b: &Between, neg: bool) -> SPred {
        let Some((field, ty)) = self.field(&b.field) else {
            return SPred::Atom(Pred::True, b.span);
        };
        if ty == FieldType::Text {
            self.error(
                Diagnostic::error(
                    Code::OperatorNotForType,
                    format!(
                        "`{}` is text and cannot be used with `between`",
                        b.field.value
                    ),
                )
                .with_label(b.field.span, "text field")
                .with_help("use `in (...)` for a set of text values"),
            );
            return SPred::Atom(Pred::True, b.span);
        }
        if let (ValueKind::Money(_, c1), ValueKind::Money(_, c2)) = (&b.low.kind, &b.high.kind) {
            if c1 != c2 {
                self.error(
                    Diagnostic::error(Code::CurrencyMismatch, format!("the bounds are in different currencies, `{c1}` and `{c2}`"))
                        .with_label(b.high.span, c2.to_string())
                        .with_label(b.low.span, c1.to_string())
                        .with_help("a wager has one currency; write one `between` per currency, joined with `or`"),
                );
                return SPred::Atom(Pred::True, b.span);
            }
        }
        if !self.check_bounds(b) {
            // Already reported; lowering it as written would report it again as T0206.
            return SPred::Atom(Pred::True, b.span);
        }
        let negated = b.negated != neg;
        let (lo_op, hi_op) = if negated {
            (CmpOp::Lt, CmpOp::Gt)
        } else {
            (CmpOp::Ge, CmpOp::Le)
        };
        let lo = self.scalar(field, ty, &b.field, lo_op, &b.low, b.span);
        let hi = self.scalar(field, ty, &b.field, hi_op, &b.high, b.span);
        if negated {
            SPred::Or(vec![lo, hi])
        } else {
            SPred::And(vec![lo, hi])
        }
    }

    /// `between A and B` with A above B can never hold (T0205). Returns whether the
    /// bounds are in order (or cannot be compared here).
    fn check_bounds(&mut self, b: &Between) -> bool {
        let tz = self.tz;
        let file = self.file;
        let key = |v: &Value| match &v.kind {
            ValueKind::Number(n) | ValueKind::Money(n, _) => n.parse::<Decimal>().ok(),
            // Malformed timestamps are reported when the bounds are lowered.
            ValueKind::Timestamp(t) => timestamp(
                &Spanned::new(t.clone(), v.span),
                tz,
                file,
                &mut Diagnostics::new(),
            )
            .map(Decimal::from),
            ValueKind::Text(_) => None,
        };
        if let (Some(lo), Some(hi)) = (key(&b.low), key(&b.high)) {
            if lo > hi {
                self.error(
                    Diagnostic::error(
                        Code::MinAboveMax,
                        format!(
                            "the lower bound {} is above the upper bound {}",
                            value_text(&b.low),
                            value_text(&b.high)
                        ),
                    )
                    .with_label(b.low.span, "minimum")
                    .with_label(b.high.span, "maximum")
                    .with_help("swap the bounds"),
                );
                return false;
            }
        }
        true
    }

    fn presence(&mut self, p: &Presence, neg: bool) -> SPred {
        let Some((field, _)) = self.field(&p.field) else {
            return SPred::Atom(Pred::True, p.span);
        };
        if matches!(field, Field::WinNet | Field::WinMultiplier) {
            self.error(
                Diagnostic::error(
                    Code::OperatorNotForType,
                    format!(
                        "`{}` is computed, so it cannot be missing on its own",
                        p.field.value
                    ),
                )
                .with_label(
                    p.field.span,
                    "computed from `win.amount` and `wager.amount`",
                )
                .with_help("test `win.amount is present` instead"),
            );
            return SPred::Atom(Pred::True, p.span);
        }
        let pred = if p.present != neg {
            Pred::Present { field }
        } else {
            Pred::Missing { field }
        };
        SPred::Atom(pred, p.span)
    }
}

fn amount_pred(field: Field, cmp: CmpOp, value: Decimal) -> Pred {
    match field {
        Field::WinNet => Pred::Net { cmp, value },
        _ => Pred::Cmp {
            field,
            cmp,
            value: Literal::Decimal(value),
        },
    }
}

pub(crate) fn value_type(v: &Value) -> FieldType {
    match v.kind {
        ValueKind::Text(_) => FieldType::Text,
        ValueKind::Number(_) => FieldType::Number,
        ValueKind::Money(..) => FieldType::Money,
        ValueKind::Timestamp(_) => FieldType::Timestamp,
    }
}

fn value_text(v: &Value) -> String {
    match &v.kind {
        ValueKind::Text(s) | ValueKind::Number(s) | ValueKind::Timestamp(s) => s.clone(),
        ValueKind::Money(a, c) => format!("{a} {c}"),
    }
}

pub(crate) fn article(t: FieldType) -> &'static str {
    match t {
        FieldType::Text => "text",
        FieldType::Number => "a number",
        FieldType::Money => "money",
        FieldType::Timestamp => "a timestamp",
    }
}

/// Lowers the `eligible when` block of a tournament: one predicate per written line.
pub(crate) fn lower_lines(
    conds: At<'_, Vec<Cond>>,
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> (Vec<(SPred, Span)>, bool) {
    let mut lx = Lowerer {
        file: conds.file,
        tz,
        diags,
        ok: true,
    };
    let out = conds
        .node
        .iter()
        .map(|c| (lx.lower(c, false), c.span()))
        .collect();
    let limits_ok = super::sql_limits::check_values(conds.node, true, conds.file, lx.diags);
    (out, lx.ok && limits_ok)
}
