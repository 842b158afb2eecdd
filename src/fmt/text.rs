//! Literals in canonical form: quoted strings, values and prize places.

use crate::syntax::ast::{Places, Value, ValueKind};
use std::fmt::Write;

/// A string literal: quotes, backslashes and control characters escaped, everything
/// else as literal UTF-8.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value as written; strings re-escaped.
pub(super) fn value(value: &Value) -> String {
    match &value.kind {
        ValueKind::Text(text) => quote(text),
        ValueKind::Number(n) | ValueKind::Timestamp(n) => n.clone(),
        ValueKind::Money(amount, currency) => format!("{amount} {currency}"),
    }
}

/// The places of a prize line: `1`, `2..3`, `top 10` or `top 5%`.
pub(super) fn places(places: &Places) -> String {
    match places {
        Places::One(n) => n.value.clone(),
        Places::Range(a, b) => format!("{}..{}", a.value, b.value),
        Places::Top(n) => format!("top {}", n.value),
        Places::TopPercent(n) => format!("top {}%", n.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;

    #[test]
    fn quote_escapes_quotes_backslashes_and_controls() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("l1\nl2\tx\ry"), r#""l1\nl2\tx\ry""#);
        assert_eq!(quote("\u{1}\u{7f}\u{9f}"), r#""\u{1}\u{7f}\u{9f}""#);
        assert_eq!(quote("€ 🎰 // /* */ {}"), "\"€ 🎰 // /* */ {}\"");
    }

    #[test]
    fn values_print_as_written() {
        let v = |kind| Value {
            kind,
            span: Span::default(),
        };
        assert_eq!(
            value(&v(ValueKind::Money("10.00".into(), "EUR".into()))),
            "10.00 EUR"
        );
        assert_eq!(value(&v(ValueKind::Number("-3".into()))), "-3");
        assert_eq!(
            value(&v(ValueKind::Timestamp("2024-11-15T00:00".into()))),
            "2024-11-15T00:00"
        );
        assert_eq!(value(&v(ValueKind::Text("\"".into()))), r#""\"""#);
    }
}
