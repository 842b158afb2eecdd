//! Points of one counted wager: the points expression over the wager's amounts
//! (converted into the scoring currency), times every multiplier whose condition holds.

use super::eval::eval;
use super::fixed::Points;
use crate::ir::{Aggregate, NumExpr, NumField, Scoring, WagerEvent};
use crate::syntax::ast::ArithOp;
use rust_decimal::Decimal;

/// Why a wager that passed eligibility still scores nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unscorable {
    /// The expression reads a field the event lacks.
    MissingField(&'static str),
    /// Division by zero, e.g. `win.multiplier` of a zero stake.
    DivisionByZero,
    /// The result does not fit.
    Overflow,
    /// The wager's currency has no conversion rate.
    NoRate(String),
}

impl std::fmt::Display for Unscorable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unscorable::MissingField(n) => {
                write!(f, "the points need `{n}`, which the wager lacks")
            }
            Unscorable::DivisionByZero => f.write_str("the points divide by zero"),
            Unscorable::Overflow => f.write_str("the points are too large"),
            Unscorable::NoRate(c) => write!(f, "no conversion rate for `{c}`"),
        }
    }
}

/// Points of `ev` under `scoring`, before caps.
pub fn points(scoring: &Scoring, ev: &WagerEvent) -> Result<Points, Unscorable> {
    if scoring.aggregate == Aggregate::Count {
        return Ok(Points::from_int(1));
    }
    let rate = rate(scoring, ev)?;
    let mut value = expr(&scoring.points, ev, rate)?;
    for m in &scoring.multipliers {
        if eval(&m.when, ev) {
            value = value.checked_mul(m.factor).ok_or(Unscorable::Overflow)?;
        }
    }
    Points::from_decimal(value).ok_or(Unscorable::Overflow)
}

/// Units of the scoring currency per unit of the wager's currency.
fn rate(scoring: &Scoring, ev: &WagerEvent) -> Result<Decimal, Unscorable> {
    let Some(conv) = &scoring.currency else {
        return Ok(Decimal::ONE);
    };
    let cur = ev.currency.as_deref().unwrap_or("");
    if cur == conv.base {
        return Ok(Decimal::ONE);
    }
    conv.rates
        .get(cur)
        .copied()
        .ok_or_else(|| Unscorable::NoRate(cur.to_string()))
}

fn expr(e: &NumExpr, ev: &WagerEvent, rate: Decimal) -> Result<Decimal, Unscorable> {
    match e {
        NumExpr::Const { value } => Ok(*value),
        NumExpr::Field { field } => field_value(*field, ev, rate),
        NumExpr::Chain { first, rest } => {
            let mut acc = expr(first, ev, rate)?;
            for step in rest {
                acc = arith(step.op, acc, expr(&step.operand, ev, rate)?)?;
            }
            Ok(acc)
        }
    }
}

fn arith(op: ArithOp, l: Decimal, r: Decimal) -> Result<Decimal, Unscorable> {
    match op {
        ArithOp::Add => l.checked_add(r),
        ArithOp::Sub => l.checked_sub(r),
        ArithOp::Mul => l.checked_mul(r),
        ArithOp::Div if r.is_zero() => return Err(Unscorable::DivisionByZero),
        ArithOp::Div => l.checked_div(r),
    }
    .ok_or(Unscorable::Overflow)
}

fn field_value(f: NumField, ev: &WagerEvent, rate: Decimal) -> Result<Decimal, Unscorable> {
    let wager = || {
        ev.wager_amount
            .ok_or(Unscorable::MissingField("wager.amount"))
    };
    let win = || ev.win_amount.ok_or(Unscorable::MissingField("win.amount"));
    let raw = match f {
        NumField::WagerAmount => wager()?,
        NumField::WinAmount => win()?,
        NumField::WinNet => win()?.checked_sub(wager()?).ok_or(Unscorable::Overflow)?,
        NumField::WinMultiplier => {
            let w = wager()?;
            if w.is_zero() {
                return Err(Unscorable::DivisionByZero);
            }
            return win()?.checked_div(w).ok_or(Unscorable::Overflow);
        }
    };
    raw.checked_mul(rate).ok_or(Unscorable::Overflow)
}
