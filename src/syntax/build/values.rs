//! Builders for literal tokens: strings (with escapes), numbers, money, durations.

use super::super::ast::{Duration, DurationUnit, Value, ValueKind};
use super::super::span::{Span, Spanned};
use super::super::Rule;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use pest::iterators::Pair;

/// A `string` pair, unescaped. A bad escape is reported and kept as written.
pub(crate) fn string(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Spanned<String> {
    let span = Span::from_pest(pair.as_span());
    let inner = pair.into_inner().next();
    let (raw, offset) = match &inner {
        Some(p) => (p.as_str(), p.as_span().start()),
        None => ("", span.start + 1),
    };
    Spanned::new(unescape(raw, offset, diags), span)
}

fn unescape(raw: &str, offset: usize, diags: &mut Diagnostics) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 'u')) => {
                let rest = &raw[i..];
                let end = rest.find('}').map_or(rest.len(), |e| e + 1);
                let hex = rest.get(3..end.saturating_sub(1)).unwrap_or("");
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => diags.push(
                        Diagnostic::error(Code::BadEscape, format!("`{}` is not a unicode scalar value", &rest[..end]))
                            .with_label(Span::new(offset + i, offset + i + end), "invalid escape")
                            .with_help("use `\\u{...}` with 1 to 6 hex digits of a code point outside D800-DFFF"),
                    ),
                }
                while let Some(&(j, _)) = chars.peek() {
                    if j >= i + end {
                        break;
                    }
                    chars.next();
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// Any token as written, with its span.
pub(crate) fn text(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_string(), Span::from_pest(pair.as_span()))
}

/// A `value` alternative: money, timestamp, number or string.
pub(crate) fn value(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Value {
    let span = Span::from_pest(pair.as_span());
    let kind = match pair.as_rule() {
        Rule::money => {
            let mut parts = pair.into_inner();
            let amount = parts
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let currency = parts
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            ValueKind::Money(amount, currency)
        }
        Rule::timestamp => ValueKind::Timestamp(pair.as_str().to_string()),
        Rule::number => ValueKind::Number(pair.as_str().to_string()),
        Rule::prize_value => return prize_value(pair, diags),
        _ => ValueKind::Text(string(pair, diags).value),
    };
    Value { kind, span }
}

/// A `prize_value`: money or a string.
pub(crate) fn prize_value(pair: Pair<'_, Rule>, diags: &mut Diagnostics) -> Value {
    let span = Span::from_pest(pair.as_span());
    match pair.into_inner().next() {
        Some(inner) => value(inner, diags),
        None => Value {
            kind: ValueKind::Text(String::new()),
            span,
        },
    }
}

/// A `duration` token such as `90s` or `1h`.
pub(crate) fn duration(pair: &Pair<'_, Rule>, diags: &mut Diagnostics) -> Spanned<Duration> {
    let text = pair.as_str();
    let span = Span::from_pest(pair.as_span());
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let unit = match &text[split..] {
        "ms" => DurationUnit::Millis,
        "s" => DurationUnit::Seconds,
        "m" => DurationUnit::Minutes,
        "h" => DurationUnit::Hours,
        "d" => DurationUnit::Days,
        _ => DurationUnit::Weeks,
    };
    let mut out_of_range = false;
    let amount = match text[..split].parse::<u64>() {
        Ok(n)
            if n.checked_mul(unit.millis())
                .is_some_and(|ms| ms <= i64::MAX as u64) =>
        {
            n
        }
        _ => {
            out_of_range = true;
            diags.push(
                Diagnostic::error(
                    Code::InvalidNumber,
                    format!("the duration `{text}` is too long"),
                )
                .with_label(span, "out of range"),
            );
            0
        }
    };
    Spanned::new(
        Duration {
            amount,
            unit,
            out_of_range,
        },
        span,
    )
}
