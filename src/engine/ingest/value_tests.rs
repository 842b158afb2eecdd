use super::{amount, text};
use rust_decimal::Decimal;
use serde_json::value::RawValue;

fn raw(json: &str) -> Box<RawValue> {
    RawValue::from_string(json.to_owned()).unwrap()
}

#[test]
fn text_columns_read_numbers_and_booleans_as_java_prints_them() {
    let cases: &[(&str, Option<&str>)] = &[
        (r#""abc""#, Some("abc")),
        (r#""a\"b""#, Some("a\"b")),
        ("12345", Some("12345")),
        ("-12", Some("-12")),
        ("-0", Some("0")),
        (
            "123456789012345678901234567890",
            Some("123456789012345678901234567890"),
        ),
        ("1.50", Some("1.50")),
        ("-0.0", Some("0.0")),
        ("0.000001", Some("0.000001")),
        ("0.0000001", Some("1E-7")),
        ("1e3", Some("1E+3")),
        ("1.5E3", Some("1.5E+3")),
        ("123.456e1", Some("1234.56")),
        ("12E-2", Some("0.12")),
        ("true", Some("true")),
        ("false", Some("false")),
        (r#"{"a":1}"#, None),
        ("[1,2]", None),
    ];
    for (json, want) in cases {
        let got = text(&raw(json), "playerId");
        assert_eq!(got.as_deref().ok(), *want, "{json}: {got:?}");
    }
}

#[test]
fn amounts_are_exact_or_refused() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("10.10", Ok("10.10")),
        ("0.000", Ok("0")),
        ("10", Ok("10")),
        ("0", Ok("0")),
        ("-0", Ok("0")),
        ("0e-40", Ok("0")),
        ("1.23450", Ok("1.2345")),
        ("1.5e2", Ok("150")),
        ("99999999999999.9999", Ok("99999999999999.9999")),
        (r#""7.25""#, Ok("7.25")),
        (r#""+7.25""#, Ok("7.25")),
        (r#"".5""#, Ok("0.5")),
        (r#""5.""#, Ok("5")),
        (
            "0.99999999999999999999999999999",
            Err("more than four decimal places"),
        ),
        ("1.00001", Err("more than four decimal places")),
        ("1e-5", Err("more than four decimal places")),
        (
            "1e-99999999999999999999",
            Err("more than four decimal places"),
        ),
        ("100000000000000", Err("fourteen integer digits")),
        ("1e14", Err("fourteen integer digits")),
        ("1e99999999999999999999", Err("fourteen integer digits")),
        ("-1", Err("negative")),
        ("-0.0001", Err("negative")),
        (r#""x""#, Err("not a number")),
        (r#""1 ""#, Err("not a number")),
        (r#""""#, Err("not a number")),
        (r#"".""#, Err("not a number")),
        (r#""1e""#, Err("not a number")),
        ("true", Err("not a number")),
        ("[1]", Err("not a number")),
    ];
    for (json, want) in cases {
        let got = amount(&raw(json), "wagerAmount");
        match (want, &got) {
            (Ok(v), Ok(d)) => assert_eq!(*d, v.parse::<Decimal>().unwrap(), "{json}"),
            (Err(reason), Err(e)) => assert!(e.contains(reason), "{json}: {e}"),
            _ => panic!("{json}: want {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn amounts_keep_the_decimal_places_written_up_to_four() {
    for (json, want) in [
        ("10.10", 2),
        ("10", 0),
        ("1.00000", 4),
        ("5.5e1", 0),
        ("0.000", 3),
    ] {
        assert_eq!(
            amount(&raw(json), "wagerAmount").unwrap().scale(),
            want,
            "{json}"
        );
    }
}
