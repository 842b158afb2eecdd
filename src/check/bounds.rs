//! What a points expression can be, found without any event: constant parts folded
//! (so `/ (2 - 2)` is seen as a division by zero, T0308) and the largest magnitude
//! one wager's points can reach over every amount the language accepts (T0311 when
//! it is beyond [`max_wager_points`]).
//!
//! Magnitudes are bounded by interval arithmetic on absolute values. A division by a
//! non-constant divisor is bounded through the divisor's grid: every value it takes is
//! a whole multiple of a power of ten (amounts of `0.0001`, times rates and constants
//! of known scale), so when it is not zero it is at least that grid.

use crate::ir::{NumExpr, NumField};
use crate::syntax::ast::ArithOp;
use rust_decimal::Decimal;

/// The largest points one wager may score: 10^20. With at most 2^32 counted wagers a
/// player's total then stays far inside the engine's fixed-point range (i128 units of
/// 10^-8 points, about 1.7 × 10^30 points).
pub fn max_wager_points() -> Decimal {
    Decimal::from_i128_with_scale(100_000_000_000_000_000_000, 0)
}

/// The largest amount a wager or win may carry (`DECIMAL(18, 4)`).
fn max_amount() -> Decimal {
    Decimal::from_i128_with_scale(999_999_999_999_999_999, 4)
}

/// The step of every amount.
fn amount_step() -> Decimal {
    Decimal::new(1, 4)
}

/// A constant sub-expression's value: `Ok(None)` when it reads a field, `Err` when
/// computing it overflows or divides by zero.
pub(crate) fn fold(e: &NumExpr) -> Result<Option<Decimal>, ()> {
    match e {
        NumExpr::Const { value } => Ok(Some(*value)),
        NumExpr::Field { .. } => Ok(None),
        NumExpr::Chain { first, rest } => {
            let mut acc = fold(first)?;
            for step in rest {
                acc = match (acc, fold(&step.operand)?) {
                    (Some(l), Some(r)) => Some(apply(step.op, l, r).ok_or(())?),
                    _ => None,
                };
            }
            Ok(acc)
        }
    }
}

fn apply(op: ArithOp, l: Decimal, r: Decimal) -> Option<Decimal> {
    match op {
        ArithOp::Add => l.checked_add(r),
        ArithOp::Sub => l.checked_sub(r),
        ArithOp::Mul => l.checked_mul(r),
        ArithOp::Div => l.checked_div(r),
    }
}

/// What the bound of an expression depends on besides the expression.
pub(crate) struct Context {
    /// The largest conversion rate, 1 included (the base currency).
    pub rate_max: Decimal,
    /// The most decimal places of any conversion rate.
    pub rate_scale: u32,
}

/// The largest magnitude of `e` over every event, `None` when it cannot be bounded
/// within `Decimal` (which itself means it is too large).
pub(crate) fn magnitude(e: &NumExpr, cx: &Context) -> Option<Decimal> {
    match e {
        NumExpr::Const { value } => Some(value.abs()),
        NumExpr::Field { field } => field_max(*field, cx),
        NumExpr::Chain { first, rest } => {
            let mut l = magnitude(first, cx)?;
            for step in rest {
                let rhs = &step.operand;
                l = match step.op {
                    ArithOp::Add | ArithOp::Sub => l.checked_add(magnitude(rhs, cx)?),
                    ArithOp::Mul => l.checked_mul(magnitude(rhs, cx)?),
                    ArithOp::Div => match fold(rhs) {
                        Ok(Some(c)) if !c.is_zero() => l.checked_div(c.abs()),
                        _ => l.checked_div(grid(rhs, cx)?),
                    },
                }?;
            }
            Some(l)
        }
    }
}

fn field_max(f: NumField, cx: &Context) -> Option<Decimal> {
    match f {
        NumField::WagerAmount | NumField::WinAmount | NumField::WinNet => {
            max_amount().checked_mul(cx.rate_max)
        }
        NumField::WinMultiplier => max_amount().checked_div(amount_step()),
    }
}

/// A positive number every value of `e` is a whole multiple of, when there is one.
fn grid(e: &NumExpr, cx: &Context) -> Option<Decimal> {
    match e {
        NumExpr::Const { value } => Some(Decimal::new(1, value.scale())),
        NumExpr::Field { field } => match field {
            NumField::WinMultiplier => None,
            _ => amount_step().checked_mul(Decimal::new(1, cx.rate_scale.min(20))),
        },
        NumExpr::Chain { first, rest } => {
            let mut l = grid(first, cx)?;
            for step in rest {
                let r = grid(&step.operand, cx)?;
                l = match step.op {
                    ArithOp::Add | ArithOp::Sub => l.min(r),
                    ArithOp::Mul => l.checked_mul(r)?,
                    ArithOp::Div => return None,
                };
            }
            Some(l)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_what_they_say() {
        assert_eq!(max_wager_points().to_string(), "100000000000000000000");
        assert_eq!(max_amount().to_string(), "99999999999999.9999");
    }
}
