//! Reading literal values: decimals, timestamps in a time zone, currency codes.

use super::{currency, report};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::syntax::{Span, Spanned};
use chrono::{FixedOffset, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal as written; reports T0006 when it does not fit.
pub(crate) fn decimal(
    text: &Spanned<String>,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<Decimal> {
    match Decimal::from_str(&text.value) {
        Ok(d) if exact(&text.value, d) => Some(d),
        Ok(_) => {
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::InvalidNumber,
                    format!(
                        "`{}` has more significant digits than tourney can hold exactly",
                        text.value
                    ),
                )
                .with_label(text.span, "would be rounded")
                .with_help("numbers have at most 28 significant digits"),
            );
            None
        }
        Err(_) => {
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::InvalidNumber,
                    format!("`{}` is not a number tourney can hold exactly", text.value),
                )
                .with_label(text.span, "malformed or out of range")
                .with_help("numbers have at most 28 significant digits"),
            );
            None
        }
    }
}

/// Whether `d` is exactly the number `text` writes (`Decimal` rounds beyond 28
/// significant digits without saying so).
fn exact(text: &str, d: Decimal) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = match int.trim_start_matches('0') {
        "" => "0",
        i => i,
    };
    let frac = frac.trim_end_matches('0');
    let written = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    d.abs().normalize().to_string() == written
}

/// A whole number of at least `min`, reporting `code` when it is smaller and T0006 when
/// it is not whole or does not fit.
pub(crate) fn whole(
    text: &Spanned<String>,
    min: u32,
    code: Code,
    what: &str,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let digits = text.value.strip_prefix('-').unwrap_or(&text.value);
    let integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let d = match text.value.parse::<i64>() {
        Ok(n) if n < i64::from(min) => {
            Diagnostic::error(code, format!("{what} must be at least {min}, not {n}"))
                .with_label(text.span, "too small")
        }
        Ok(n) => match u32::try_from(n) {
            Ok(n) => return Some(n),
            Err(_) => too_large(what, text),
        },
        Err(_) if integer && text.value.starts_with('-') => Diagnostic::error(
            code,
            format!("{what} must be at least {min}, not {}", text.value),
        )
        .with_label(text.span, "too small"),
        Err(_) if integer => too_large(what, text),
        Err(_) => Diagnostic::error(
            Code::InvalidNumber,
            format!("{what} must be a whole number, not `{}`", text.value),
        )
        .with_label(text.span, "expected a whole number"),
    };
    report(diags, file, d);
    None
}

fn too_large(what: &str, text: &Spanned<String>) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidNumber,
        format!("{what} cannot be as large as {}", text.value),
    )
    .with_label(text.span, "out of range")
    .with_help(format!("the largest whole number allowed is {}", u32::MAX))
}

/// Checks a currency code against ISO 4217 (T0204).
pub(crate) fn currency_code(
    code: &str,
    span: Span,
    file: SourceId,
    diags: &mut Diagnostics,
) -> bool {
    if currency::is_known(code) {
        return true;
    }
    report(
        diags,
        file,
        Diagnostic::error(
            Code::UnknownCurrency,
            format!("`{code}` is not an ISO 4217 currency code"),
        )
        .with_label(span, "unknown currency")
        .with_help(did_you_mean(code, currency::all()).unwrap_or_else(|| {
            "use a three-letter ISO 4217 code such as `EUR`, `USD` or `GBP`".into()
        })),
    );
    false
}

/// A time zone, validated against the IANA database (T0105).
pub(crate) fn timezone(
    name: &Spanned<String>,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<Tz> {
    match name.value.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
            let help = did_you_mean(&name.value, names)
                .unwrap_or_else(|| "use an IANA name such as `Europe/Malta` or `UTC`".into());
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::InvalidTimezone,
                    format!("`{}` is not a known time zone", name.value),
                )
                .with_label(name.span, "unknown time zone")
                .with_help(help),
            );
            None
        }
    }
}

/// A timestamp as written, read as epoch milliseconds. Local times (no offset) are read
/// in `tz`; without one they are an error (T0107).
pub(crate) fn timestamp(
    text: &Spanned<String>,
    tz: Option<Tz>,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<i64> {
    let (local, offset) = split_offset(&text.value);
    let Some(naive) = parse_naive(local) else {
        report(
            diags,
            file,
            Diagnostic::error(
                Code::InvalidTimestamp,
                format!("`{}` is not a valid date and time", text.value),
            )
            .with_label(text.span, "no such date or time")
            .with_help(
                "write `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional `Z` or `+HH:MM` offset",
            ),
        );
        return None;
    };
    if naive.and_utc().timestamp_subsec_nanos() % 1_000_000 != 0 {
        report(
            diags,
            file,
            Diagnostic::error(
                Code::SubMillisecond,
                format!("`{}` is more precise than a millisecond", text.value),
            )
            .with_label(text.span, "finer than a millisecond")
            .with_help("event times (ksqlDB's ROWTIME) are whole milliseconds; write at most three digits after the seconds"),
        );
        return None;
    }
    match offset {
        Some(off) => fixed(off, naive, text, file, diags),
        None => {
            match tz {
                Some(tz) => zoned(tz, naive, text, file, diags),
                None => {
                    report(
                    diags,
                    file,
                    Diagnostic::error(Code::NoOffset, format!("`{}` has no offset and the tournament has no time zone", text.value))
                        .with_label(text.span, "which time zone?")
                        .with_help(format!("write `{}Z` for UTC, or add `timezone \"Europe/Malta\"` to the tournament", text.value)),
                );
                    None
                }
            }
        }
    }
}

fn split_offset(text: &str) -> (&str, Option<&str>) {
    if let Some(stripped) = text.strip_suffix('Z') {
        return (stripped, Some("+00:00"));
    }
    if text.len() > 6 {
        let (head, tail) = text.split_at(text.len() - 6);
        if (tail.starts_with('+') || tail.starts_with('-')) && tail.as_bytes().get(3) == Some(&b':')
        {
            return (head, Some(tail));
        }
    }
    (text, None)
}

fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()
}

fn fixed(
    off: &str,
    naive: NaiveDateTime,
    text: &Spanned<String>,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<i64> {
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let hours: i32 = off.get(1..3).and_then(|h| h.parse().ok()).unwrap_or(99);
    let mins: i32 = off.get(4..6).and_then(|m| m.parse().ok()).unwrap_or(99);
    let secs = sign * (hours * 3600 + mins * 60);
    match FixedOffset::east_opt(secs).filter(|_| hours <= 23 && mins <= 59) {
        Some(fo) => fo
            .from_local_datetime(&naive)
            .single()
            .map(|dt| dt.timestamp_millis()),
        None => {
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::InvalidTimestamp,
                    format!("`{off}` is not a valid UTC offset"),
                )
                .with_label(text.span, "offset out of range")
                .with_help("offsets run from `-23:59` to `+23:59`"),
            );
            None
        }
    }
}

fn zoned(
    tz: Tz,
    naive: NaiveDateTime,
    text: &Spanned<String>,
    file: SourceId,
    diags: &mut Diagnostics,
) -> Option<i64> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Some(dt.timestamp_millis()),
        LocalResult::Ambiguous(a, b) => {
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::LocalTimeGap,
                    format!(
                        "`{}` happens twice in {} (clocks go back)",
                        text.value,
                        tz.name()
                    ),
                )
                .with_label(text.span, "ambiguous local time")
                .with_help(format!(
                    "write the offset to choose: `{}` or `{}`",
                    a.to_rfc3339(),
                    b.to_rfc3339()
                )),
            );
            None
        }
        LocalResult::None => {
            report(
                diags,
                file,
                Diagnostic::error(
                    Code::LocalTimeGap,
                    format!(
                        "`{}` does not exist in {} (clocks go forward)",
                        text.value,
                        tz.name()
                    ),
                )
                .with_label(text.span, "skipped local time")
                .with_help(
                    "pick a time outside the daylight-saving gap, or write an explicit offset",
                ),
            );
            None
        }
    }
}

/// Epoch milliseconds as RFC 3339 in UTC, for messages and the IR.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|dt| dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| ms.to_string())
}
