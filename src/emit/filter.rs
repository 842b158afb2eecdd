//! Lowers eligibility predicates to ksqlDB boolean expressions.
//!
//! The IR is already in ksqlDB's semantics (a comparison on a missing field is
//! false; negated lists carry a presence guard), so lowering is one-to-one:
//!
//! | IR | SQL |
//! |---|---|
//! | `Cmp` | `COL op literal` (`!=` as `<>`), `ROWTIME op <epoch ms>` for the time |
//! | `In` | `COL IN (...)`; an empty list is `FALSE` |
//! | `NotIn` | `(COL IS NOT NULL AND NOT (COL IN (...)))`; empty: `COL IS NOT NULL` |
//! | `Present` / `Missing` | `COL IS NOT NULL` / `COL IS NULL` (the multiplier also needs a non-zero stake) |
//! | `Net` | `(WINAMOUNT - WAGERAMOUNT) op literal` |
//! | `Ratio` | `(WAGERAMOUNT <> 0 AND WINAMOUNT op literal * WAGERAMOUNT)`: a zero stake has no multiplier |
//! | `True` / `False` | `TRUE` / `FALSE` |
//! | `And` / `Or` | parenthesised `AND` / `OR` |

use super::columns::{field_column, FieldColumn, ROWTIME};
use super::error::EmitError;
use super::ident::Ident;
use super::literal;
use crate::ir::{Field, FieldType, Literal, Pred};
use crate::syntax::ast::CmpOp;
use rust_decimal::Decimal;

/// A lowered expression and whether it already stands in its own parentheses.
struct Sql {
    text: String,
    grouped: bool,
}

impl Sql {
    fn bare(text: String) -> Sql {
        Sql {
            text,
            grouped: false,
        }
    }

    fn grouped(text: String) -> Sql {
        Sql {
            text,
            grouped: true,
        }
    }
}

/// One eligibility rule as a parenthesised boolean expression.
pub fn rule(pred: &Pred) -> Result<String, EmitError> {
    let sql = lower(pred)?;
    Ok(if sql.grouped {
        sql.text
    } else {
        format!("({})", sql.text)
    })
}

/// Recursive over `And`/`Or`: the checker's nesting limit (T0008) bounds the depth.
fn lower(pred: &Pred) -> Result<Sql, EmitError> {
    Ok(match pred {
        Pred::True => Sql::bare("TRUE".into()),
        Pred::False => Sql::bare("FALSE".into()),
        Pred::And { all } => junction(all, "AND", "TRUE")?,
        Pred::Or { any } => junction(any, "OR", "FALSE")?,
        Pred::Cmp { field, cmp, value } => compare(*field, *cmp, value)?,
        Pred::In { field, values } => in_list(*field, values)?,
        Pred::NotIn { field, values } => not_in_list(*field, values)?,
        Pred::Present { field } => presence(*field, true)?,
        Pred::Missing { field } => presence(*field, false)?,
        Pred::Net { cmp, value } => net(*cmp, value)?,
        Pred::Ratio { cmp, value } => ratio(*cmp, value)?,
    })
}

fn junction(parts: &[Pred], op: &str, empty: &str) -> Result<Sql, EmitError> {
    if parts.is_empty() {
        return Ok(Sql::bare(empty.into()));
    }
    let lowered = parts
        .iter()
        .map(|p| lower(p).map(|s| s.text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Sql::grouped(format!(
        "({})",
        lowered.join(&format!(" {op} "))
    )))
}

fn op(cmp: CmpOp) -> &'static str {
    match cmp {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

fn compare(field: Field, cmp: CmpOp, value: &Literal) -> Result<Sql, EmitError> {
    match (field, value) {
        (Field::WinNet, Literal::Decimal(d)) => return net(cmp, d),
        (Field::WinMultiplier, Literal::Decimal(d)) => return ratio(cmp, d),
        _ => {}
    }
    let column = column(field, "a comparison")?;
    let value = typed_literal(field, value)?;
    Ok(Sql::bare(format!("{column} {} {value}", op(cmp))))
}

fn in_list(field: Field, values: &[Literal]) -> Result<Sql, EmitError> {
    let column = column(field, "a list test")?;
    if values.is_empty() {
        return Ok(Sql::bare("FALSE".into()));
    }
    Ok(Sql::bare(format!("{column} IN ({})", list(field, values)?)))
}

fn not_in_list(field: Field, values: &[Literal]) -> Result<Sql, EmitError> {
    let column = column(field, "a list test")?;
    if values.is_empty() {
        return Ok(Sql::bare(format!("{column} IS NOT NULL")));
    }
    let list = list(field, values)?;
    Ok(Sql::grouped(format!(
        "({column} IS NOT NULL AND NOT ({column} IN ({list})))"
    )))
}

fn list(field: Field, values: &[Literal]) -> Result<String, EmitError> {
    let items = values
        .iter()
        .map(|v| typed_literal(field, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items.join(", "))
}

fn presence(field: Field, present: bool) -> Result<Sql, EmitError> {
    let test = if present { "IS NOT NULL" } else { "IS NULL" };
    if field_column(field) == FieldColumn::Derived {
        // A derived field is there exactly when both amounts are.
        let (win, wager) = amounts()?;
        let joiner = if present { "AND" } else { "OR" };
        let stake = match (field, present) {
            (Field::WinMultiplier, true) => format!(" AND {wager} <> 0"),
            (Field::WinMultiplier, false) => format!(" OR {wager} = 0"),
            _ => String::new(),
        };
        let text = format!("({win} {test} {joiner} {wager} {test}{stake})");
        return Ok(Sql::grouped(text));
    }
    let column = column(field, "a presence test")?;
    Ok(Sql::bare(format!("{column} {test}")))
}

fn net(cmp: CmpOp, value: &Decimal) -> Result<Sql, EmitError> {
    let (win, wager) = amounts()?;
    let value = literal::decimal(value);
    Ok(Sql::bare(format!("({win} - {wager}) {} {value}", op(cmp))))
}

fn ratio(cmp: CmpOp, value: &Decimal) -> Result<Sql, EmitError> {
    let (win, wager) = amounts()?;
    let value = literal::decimal(value);
    // A zero stake has no multiplier: every comparison on it is false.
    Ok(Sql::grouped(format!(
        "({wager} <> 0 AND {win} {} {value} * {wager})",
        op(cmp)
    )))
}

/// The win and wager amount columns, which the derived fields are computed from.
fn amounts() -> Result<(Ident, Ident), EmitError> {
    let win = column(Field::WinAmount, "a computation")?;
    let wager = column(Field::WagerAmount, "a computation")?;
    Ok((win, wager))
}

/// The validated column (or `ROWTIME`) a field is read from.
fn column(field: Field, position: &'static str) -> Result<Ident, EmitError> {
    let name = match field_column(field) {
        FieldColumn::Column(name) => name,
        FieldColumn::RowTime => ROWTIME,
        FieldColumn::Derived => {
            return Err(EmitError::Unsupported {
                field: field.name(),
                position,
            });
        }
    };
    Ok(Ident::new(name)?)
}

/// The literal for `value`, refused unless its type fits the field.
fn typed_literal(field: Field, value: &Literal) -> Result<String, EmitError> {
    let ty = field.ty();
    match (ty, value) {
        (FieldType::Text, Literal::Text(s)) => literal::text(s),
        (FieldType::Money | FieldType::Number, Literal::Decimal(d)) => Ok(literal::decimal(d)),
        (FieldType::Timestamp, Literal::Time(ms)) => Ok(literal::epoch_ms(*ms)),
        _ => Err(EmitError::LiteralType {
            field: field.name(),
            ty: ty.name(),
            literal: match value {
                Literal::Text(_) => "text",
                Literal::Decimal(_) => "number",
                Literal::Time(_) => "time",
            },
        }),
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
