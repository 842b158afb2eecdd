//! One JSON value read into a column of the source stream, as ksqlDB's JSON
//! deserializer reads it.
//!
//! - A `STRING` column takes a string as it is, and a number or a boolean as its text
//!   (`12345` is `"12345"`, `1.50` is `"1.50"`, `1e3` is `"1E+3"`, `true` is `"true"`:
//!   the text Java's `BigDecimal` and `Boolean` print). An object or an array is set
//!   aside.
//! - A `DECIMAL(18, 4)` column takes a number, or a string holding one, only when it
//!   fits without rounding: at most four decimals (trailing zeros do not count) and
//!   fourteen integer digits. The number is read from its text, never through a float,
//!   whatever its length, so `0.99999999999999999999999999999` has 29 decimals and is
//!   set aside, as ksqlDB sets it aside, instead of being rounded to `1`.

use rust_decimal::Decimal;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Decimals and integer digits of a `DECIMAL(18, 4)` column.
const SCALE: i64 = 4;
const INTEGER_DIGITS: i64 = 14;

/// The text of a `STRING` column.
pub fn text(v: &RawValue, name: &str) -> Result<String, String> {
    let raw = v.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<Cow<'_, str>>(raw)
            .map(Cow::into_owned)
            .map_err(|_| format!("`{name}` is not a string")),
        Some(b't' | b'f') => Ok(raw.to_owned()),
        Some(b'-' | b'0'..=b'9') => number_text(raw).ok_or_else(|| not_a_string(name)),
        _ => Err(not_a_string(name)),
    }
}

fn not_a_string(name: &str) -> String {
    format!("`{name}` is not a string (an object or an array has no text)")
}

/// The value of a `DECIMAL(18, 4)` column; negative amounts are refused.
pub fn amount(v: &RawValue, name: &str) -> Result<Decimal, String> {
    let raw = v.get();
    let text = if raw.starts_with('"') {
        serde_json::from_str::<Cow<'_, str>>(raw)
            .map_err(|_| format!("`{name}` is not a number: {raw}"))?
    } else {
        Cow::Borrowed(raw)
    };
    let d = Digits::parse(&text).ok_or_else(|| format!("`{name}` is not a number: {raw}"))?;
    if d.negative && !d.digits.is_empty() {
        return Err(format!("`{name}` is negative: {raw}"));
    }
    if d.scale() > SCALE {
        return Err(format!("`{name}` has more than four decimal places: {raw}"));
    }
    if d.integer_digits() > INTEGER_DIGITS {
        return Err(format!(
            "`{name}` has more than fourteen integer digits: {raw}"
        ));
    }
    d.decimal()
        .ok_or_else(|| format!("`{name}` is not a number: {raw}"))
}

/// A decimal number as significant digits times a power of ten.
#[derive(Debug, PartialEq, Eq)]
struct Digits {
    negative: bool,
    /// Without leading or trailing zeros; empty for zero.
    digits: String,
    /// The power of ten of the last digit.
    exponent: i64,
    /// Decimal places as written, trailing zeros included (`10.10`: 2).
    written_scale: i64,
}

impl Digits {
    /// Java's `BigDecimal` grammar: `[+-]` digits with an optional `.` (at least one
    /// digit), then an optional `e`/`E`, sign and digits.
    fn parse(text: &str) -> Option<Digits> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], parse_exponent(&rest[i + 1..])?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let joined = format!("{int}{frac}");
        let trimmed_end = joined.trim_end_matches('0');
        let exponent = exp
            .checked_sub(i64::try_from(frac.len()).ok()?)?
            .checked_add(i64::try_from(joined.len() - trimmed_end.len()).ok()?)?;
        let digits = trimmed_end.trim_start_matches('0').to_owned();
        let written_scale = i64::try_from(frac.len()).ok()?.saturating_sub(exp).max(0);
        Some(Digits {
            negative,
            digits,
            exponent,
            written_scale,
        })
    }

    /// Decimal places needed (0 for a whole number).
    fn scale(&self) -> i64 {
        if self.digits.is_empty() {
            0
        } else {
            (-self.exponent).max(0)
        }
    }

    /// Digits before the point.
    fn integer_digits(&self) -> i64 {
        let len = i64::try_from(self.digits.len()).unwrap_or(i64::MAX);
        if self.digits.is_empty() {
            0
        } else {
            len.saturating_add(self.exponent).max(0)
        }
    }

    /// The exact value, with the decimal places written (at most the column's
    /// four: `10.10` stays `10.10`); call after the scale and integer digits are
    /// checked.
    fn decimal(&self) -> Option<Decimal> {
        let mut mantissa: i128 = self.digits.parse().unwrap_or(0);
        for _ in 0..self.exponent.max(0) {
            mantissa = mantissa.checked_mul(10)?;
        }
        let scale = u32::try_from(self.scale()).ok()?;
        let mut d = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
        let written = u32::try_from(self.written_scale.min(SCALE)).ok()?;
        if written > scale {
            d.rescale(written);
        }
        Some(d)
    }
}

fn parse_exponent(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // An exponent beyond i64 makes the number far outside the column either way.
    s.parse::<i64>().ok().or(Some(if s.starts_with('-') {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    }))
}

/// The text Java prints for a JSON number read with exact decimals: an integer as its
/// digits, any other number as `BigDecimal.toString()` (plain unless the exponent is
/// positive or the number is smaller than 10^-6).
fn number_text(raw: &str) -> Option<String> {
    let is_integer = !raw.contains(['.', 'e', 'E']);
    let (negative, body) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if is_integer {
        let digits = body.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        let sign = if negative && digits != "0" { "-" } else { "" };
        return Some(format!("{sign}{digits}"));
    }
    big_decimal_text(negative, body)
}

/// `BigDecimal.toString()` of the unscaled digits and scale written in `body`.
fn big_decimal_text(negative: bool, body: &str) -> Option<String> {
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], parse_exponent(&body[i + 1..])?),
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let scale = i64::try_from(frac.len()).ok()?.checked_sub(exp)?;
    let unscaled = format!("{int}{frac}");
    let unscaled = unscaled.trim_start_matches('0');
    let unscaled = if unscaled.is_empty() { "0" } else { unscaled };
    let len = i64::try_from(unscaled.len()).ok()?;
    let adjusted = len - 1 - scale;
    let sign = if negative && unscaled != "0" { "-" } else { "" };
    if scale >= 0 && adjusted >= -6 {
        return Some(format!("{sign}{}", plain(unscaled, scale)));
    }
    let (head, tail) = unscaled.split_at(1);
    let point = if tail.is_empty() { "" } else { "." };
    let exp_sign = if adjusted >= 0 { "+" } else { "" };
    Some(format!("{sign}{head}{point}{tail}E{exp_sign}{adjusted}"))
}

/// `unscaled` × 10^-scale written plainly (scale >= 0).
fn plain(unscaled: &str, scale: i64) -> String {
    let scale = usize::try_from(scale).unwrap_or(0);
    if scale == 0 {
        return unscaled.to_owned();
    }
    if unscaled.len() > scale {
        let (int, frac) = unscaled.split_at(unscaled.len() - scale);
        return format!("{int}.{frac}");
    }
    format!("0.{}{unscaled}", "0".repeat(scale - unscaled.len()))
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
