use super::parse;

/// `2024-11-15T10:00:00Z` in milliseconds.
const BASE: i64 = 1_731_664_800_000;

/// Every timestamp with the verdict of the source stream's format: `Some(ms)` when
/// ksqlDB reads it (and the engine counts it), `None` when ksqlDB drops the record.
const CASES: &[(&str, Option<i64>)] = &[
    ("2024-11-15T10:00:00Z", Some(BASE)),
    ("2024-11-15T10:00:00.123Z", Some(BASE + 123)),
    ("2024-11-15T10:00:00.123456Z", Some(BASE + 123)),
    ("2024-11-15T10:00:00.123456789Z", Some(BASE + 123)),
    ("2024-11-15T10:00:00.999999999Z", Some(BASE + 999)),
    ("2024-11-15T10:00:00.000Z", Some(BASE)),
    // Fractions of any other length.
    ("2024-11-15T10:00:00.1Z", None),
    ("2024-11-15T10:00:00.12Z", None),
    ("2024-11-15T10:00:00.1234Z", None),
    ("2024-11-15T10:00:00.12345Z", None),
    ("2024-11-15T10:00:00.1234567Z", None),
    ("2024-11-15T10:00:00.12345678Z", None),
    ("2024-11-15T10:00:00.1234567890Z", None),
    ("2024-11-15T10:00:00.Z", None),
    ("2024-11-15T10:00:00,123Z", None),
    // Two optional sections that agree are both read, as the formatter does.
    ("2024-11-15T10:00:00.100000000.100000Z", Some(BASE + 100)),
    ("2024-11-15T10:00:00.100000000.200000Z", None),
    // Offsets as `XXX` reads them.
    ("2024-11-15T11:00:00+01:00", Some(BASE)),
    ("2024-11-15T05:30:00-04:30", Some(BASE)),
    ("2024-11-15T11:00:30+01:00:30", None),
    ("2024-11-15T10:00:00-00:00", Some(BASE)),
    ("2024-11-16T04:00:00+18:00", Some(BASE)),
    ("2024-11-16T04:01:00+18:01", None),
    ("2024-11-16T05:00:00+19:00", None),
    ("2024-11-16T10:00:00+24:00", None),
    ("2024-11-15T11:00:00+0100", None),
    ("2024-11-15T11:00:00+01", None),
    ("2024-11-15T11:00:00+1:00", None),
    ("2024-11-15T11:00:00+01:60", None),
    ("2024-11-15T11:00:00+01:00:", None),
    ("2024-11-15T10:00:00z", None),
    ("2024-11-15T10:00:00", None),
    ("2024-11-15T10:00:00 Z", None),
    ("2024-11-15T10:00:00ZZ", None),
    ("2024-11-15T10:00:00Z ", None),
    // The date and time part.
    ("2024-11-15 10:00:00Z", None),
    ("2024-11-15t10:00:00Z", None),
    ("2024-11-15T10:00Z", None),
    ("2024-11-15T1:00:00Z", None),
    ("24-11-15T10:00:00Z", None),
    ("02024-11-15T10:00:00Z", None),
    ("2024-11-15T10:00:60Z", None),
    ("2024-11-15T10:60:00Z", None),
    ("2024-11-15T25:00:00Z", None),
    ("2024-11-15T24:00:01Z", None),
    ("2024-11-15T24:00:00.001Z", None),
    ("2024-11-15T24:00:00Z", Some(BASE + 14 * 3_600_000)),
    ("2024-11-15T24:00:00.000Z", Some(BASE + 14 * 3_600_000)),
    ("2024-13-15T10:00:00Z", None),
    ("2024-00-15T10:00:00Z", None),
    ("2024-11-00T10:00:00Z", None),
    ("2024-11-32T10:00:00Z", None),
    // A day past the end of its month is the month's last day.
    ("2024-11-31T10:00:00Z", Some(BASE + 15 * 86_400_000)),
    ("2023-02-30T00:00:00Z", Some(1_677_542_400_000)),
    ("2024-02-30T00:00:00Z", Some(1_709_164_800_000)),
    // Years.
    ("0000-01-01T00:00:00Z", None),
    ("-2024-11-15T10:00:00Z", None),
    ("+2024-11-15T10:00:00Z", None),
    ("+10000-01-01T00:00:00Z", Some(253_402_300_800_000)),
    ("1969-12-31T23:59:59.999Z", None),
    ("1970-01-01T00:00:00Z", Some(0)),
    ("1970-01-01T01:00:00+01:00", Some(0)),
    ("+999999999-01-01T00:00:00Z", None),
    // Not text of the form at all.
    ("", None),
    ("yesterday", None),
    ("1731664800000", None),
    ("2024-11-15T10:00:00Z\u{0}", None),
    ("２０２４-11-15T10:00:00Z", None),
];

#[test]
fn timestamps_count_exactly_when_the_source_stream_reads_them() {
    let mut wrong = Vec::new();
    for (text, want) in CASES {
        let got = parse(text);
        if got.as_ref().ok() != want.as_ref() {
            wrong.push(format!("{text:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn valid_times_agree_with_rfc_3339() {
    for (text, want) in CASES.iter().filter(|(_, w)| w.is_some()) {
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            assert_eq!(Some(dt.timestamp_millis()), *want, "{text}");
        }
    }
}

#[test]
fn reasons_name_the_form() {
    let Err(reason) = parse("2024-11-15 10:00:00Z") else {
        unreachable!("a space for the T is refused")
    };
    assert!(reason.contains("not an RFC 3339"), "{reason}");
    assert!(reason.contains("0, 3, 6 or 9"), "{reason}");
    let Err(reason) = parse("2024-11-15T10:00:60Z") else {
        unreachable!("a leap second is refused")
    };
    assert!(reason.contains("00 to 59"), "{reason}");
}
