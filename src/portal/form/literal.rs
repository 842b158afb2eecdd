//! Form values as source literals, and the checks that keep a value one literal: a
//! field's text can never close its item and open another.

use super::model::Money;

/// A string literal, escaped as the formatter escapes it.
pub(super) fn quote(text: &str) -> String {
    crate::fmt::text::quote(text)
}

/// `0.10 EUR`.
pub(super) fn money(m: &Money) -> String {
    format!("{} {}", m.amount, m.currency)
}

/// A number as the grammar reads it: an optional `-`, digits, optional decimals.
pub(super) fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    is_unsigned(digits)
}

/// Digits with optional decimals, no sign.
pub(super) fn is_unsigned(text: &str) -> bool {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    all_digits(int) && frac.is_none_or(all_digits)
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Three capital letters.
pub(super) fn is_currency(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// A duration such as `45m` or `250ms`, short enough to hold in milliseconds.
pub(super) fn is_duration(text: &str) -> bool {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (amount, unit) = text.split_at(split);
    let millis: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 604_800_000,
        _ => return false,
    };
    all_digits(amount)
        && amount
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(millis))
            .is_some_and(|ms| ms <= i64::MAX as u64)
}

/// An identifier: a letter or `_`, then letters, digits or `_`.
pub(super) fn is_ident(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A timestamp as the grammar reads it: `2024-12-31T18:00`, with optional seconds,
/// fraction and offset (`Z` or `+01:00`).
pub(super) fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let fixed = b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16);
    if !fixed {
        return false;
    }
    let mut rest = &text[16..];
    if let Some(secs) = rest.strip_prefix(':') {
        if secs.len() < 2 || !secs.as_bytes()[..2].iter().all(u8::is_ascii_digit) {
            return false;
        }
        rest = &secs[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=9).contains(&n) {
                return false;
            }
            rest = &frac[n..];
        }
    }
    is_offset(rest)
}

fn is_offset(text: &str) -> bool {
    let b = text.as_bytes();
    match b.first() {
        None => true,
        Some(b'Z') => b.len() == 1,
        Some(b'+' | b'-') => {
            b.len() == 6
                && b[1..3].iter().all(u8::is_ascii_digit)
                && b[3] == b':'
                && b[4..6].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Prize places in canonical form (`1`, `2..3`, `top 10`, `top 5%`), or `None`.
pub(super) fn places(text: &str) -> Option<String> {
    let text = text.trim();
    let whole = |t: &str| all_digits(t).then(|| t.to_string());
    if let Some(top) = text.strip_prefix("top") {
        let n = top.trim_start();
        if n.len() == top.len() {
            return None;
        }
        return match n.strip_suffix('%') {
            Some(p) => is_unsigned(p.trim_end()).then(|| format!("top {}%", p.trim_end())),
            None => whole(n).map(|n| format!("top {n}")),
        };
    }
    match text.split_once("..") {
        Some((a, b)) => Some(format!("{}..{}", whole(a.trim())?, whole(b.trim())?)),
        None => whole(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations_are_read_as_the_grammar_reads_them() {
        assert!(is_number("-3") && is_number("0.10") && !is_number("1.") && !is_number("1 EUR"));
        assert!(
            is_duration("45m") && is_duration("250ms") && !is_duration("1y") && !is_duration("m")
        );
        assert!(!is_duration("99999999999999999999w"));
        assert!(is_timestamp("2024-12-31T18:00") && is_timestamp("2025-01-01T06:00:00.001+01:00"));
        assert!(!is_timestamp("2024-12-31T18:00 .. 2025") && !is_timestamp("2024-12-31"));
        assert_eq!(places("top  10").as_deref(), Some("top 10"));
        assert_eq!(places("2 .. 3").as_deref(), Some("2..3"));
        assert_eq!(places("top 5%").as_deref(), Some("top 5%"));
        assert_eq!(places("1: \"x\""), None);
    }
}
