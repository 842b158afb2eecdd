//! ksqlDB literals.
//!
//! A ksqlDB string literal is `'...'`; a doubled quote `''` is its only escape, and
//! every other character — backslash, `;`, `--`, `/*`, newline, NUL, any Unicode —
//! stands for itself inside the quotes. Doubling every quote is therefore enough to
//! keep a value inside its literal. A user's text value with a control character is
//! refused ([`text`]): written raw into a `.sql` file it would not survive line-ending
//! conversion.
//!
//! One caveat lives outside the grammar: when a request to ksqlDB defines session
//! variables (`sessionVariables` or `DEFINE`), ksqlDB substitutes `${name}` inside
//! string literals too. Statements from this module must be sent without variables.
//!
//! Numbers: a literal with a dot and no exponent is a DECIMAL (`10.00`), one with an
//! exponent a DOUBLE (`1e1`), so money is always written with a dot and never in
//! exponent form. Instants are epoch milliseconds, compared with `ROWTIME` (BIGINT).

use super::error::EmitError;
use rust_decimal::Decimal;

/// The SQL string literal of a user's text value, refusing control characters: a raw
/// CR, LF, NUL or tab inside a literal would be written verbatim into the `.sql`
/// file, where line-ending conversion or a text tool could change the value, and
/// ksqlDB's literals have no escape for them.
pub fn text(value: &str) -> Result<String, EmitError> {
    if value.chars().any(char::is_control) {
        return Err(EmitError::ControlCharacter {
            value: value.to_owned(),
        });
    }
    Ok(string(value))
}

/// The SQL string literal holding exactly `value`.
pub fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for ch in value.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
    out
}

/// The DECIMAL literal for `value`: plain digits with at least one fractional digit,
/// never an exponent (`10` → `10.0`, `10.00` → `10.00`, `-1.5` → `-1.5`).
pub fn decimal(value: &Decimal) -> String {
    // A zero may carry a sign; `-0.0` is the same number but reads badly.
    let value = if value.is_zero() { value.abs() } else { *value };
    let mut text = value.to_string();
    if !text.contains('.') {
        text.push_str(".0");
    }
    text
}

/// The BIGINT literal for an instant in epoch milliseconds.
pub fn epoch_ms(ms: i64) -> String {
    ms.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(mantissa: i64, scale: u32) -> Decimal {
        Decimal::new(mantissa, scale)
    }

    #[test]
    fn strings_double_quotes_only() {
        assert_eq!(string(""), "''");
        assert_eq!(string("slots"), "'slots'");
        assert_eq!(string("O'Brien"), "'O''Brien'");
        assert_eq!(string("''"), "''''''");
        assert_eq!(string(r"a\'b"), r"'a\''b'");
        assert_eq!(string("x'; DROP STREAM S; --"), "'x''; DROP STREAM S; --'");
    }

    #[test]
    fn strings_keep_every_other_character() {
        for value in [
            "back\\slash\\",
            "semi;colon",
            "--dash",
            "/* c */",
            "line\nbreak\r\n",
            "nul\0byte",
            "tab\t",
            "\u{202E}rtl\u{200F}",
            "emoji 🎰🃏",
            "e\u{301}\u{301}",
            "${var}",
            "$${x}",
        ] {
            assert_eq!(string(value), format!("'{value}'"), "{value:?}");
        }
    }

    #[test]
    fn text_values_refuse_control_characters() {
        for value in [
            "line\nbreak",
            "cr\r",
            "nul\0",
            "tab\t",
            "del\u{7f}",
            "c1\u{85}",
        ] {
            assert_eq!(
                text(value),
                Err(EmitError::ControlCharacter {
                    value: value.to_owned()
                }),
                "{value:?}"
            );
        }
        assert_eq!(
            text("O'Brien 🎰\u{202E}"),
            Ok("'O''Brien 🎰\u{202E}'".to_owned())
        );
    }

    #[test]
    fn decimals_always_have_a_dot() {
        assert_eq!(decimal(&dec(10, 0)), "10.0");
        assert_eq!(decimal(&dec(1000, 2)), "10.00");
        assert_eq!(decimal(&dec(-15, 1)), "-1.5");
        assert_eq!(decimal(&dec(0, 0)), "0.0");
        let mut negative_zero = dec(0, 2);
        negative_zero.set_sign_negative(true);
        assert_eq!(decimal(&negative_zero), "0.00");
        assert_eq!(decimal(&dec(1, 4)), "0.0001");
        assert_eq!(decimal(&Decimal::MAX), "79228162514264337593543950335.0");
        assert_eq!(decimal(&Decimal::MIN), "-79228162514264337593543950335.0");
        assert_eq!(
            decimal(&Decimal::new(1, 28)),
            "0.0000000000000000000000000001"
        );
    }

    #[test]
    fn decimals_never_use_an_exponent() -> Result<(), rust_decimal::Error> {
        for s in ["1e3", "1E-3", "1e20", "-7.5e-10"] {
            let text = decimal(&Decimal::from_scientific(s)?);
            assert!(!text.contains(['e', 'E']), "{text}");
            assert!(text.contains('.'), "{text}");
        }
        Ok(())
    }

    #[test]
    fn instants_are_plain_integers() {
        assert_eq!(epoch_ms(1_731_628_800_000), "1731628800000");
        assert_eq!(epoch_ms(-1), "-1");
        assert_eq!(epoch_ms(0), "0");
    }
}
