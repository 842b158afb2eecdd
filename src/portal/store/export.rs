//! The audit log exported as NDJSON or CSV.

use super::AuditEntry;
use std::io::Write;

/// One JSON object a line, as the log is stored.
pub fn write_ndjson(entries: &[AuditEntry], out: &mut impl Write) -> std::io::Result<()> {
    for e in entries {
        serde_json::to_writer(&mut *out, e)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The CSV header line's columns.
pub const CSV_COLUMNS: [&str; 8] = [
    "at",
    "operator",
    "user",
    "action",
    "tournament",
    "version",
    "result",
    "detail",
];

/// RFC 4180 CSV with a header line. A field with a comma, a quote or a line break is
/// quoted (quotes doubled); a field that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
pub fn write_csv(entries: &[AuditEntry], out: &mut impl Write) -> std::io::Result<()> {
    write_row(out, CSV_COLUMNS.iter().copied())?;
    for e in entries {
        let at = e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        write_row(
            out,
            [
                at.as_str(),
                &e.operator,
                &e.user,
                &e.action,
                e.tournament.as_deref().unwrap_or(""),
                e.version.as_deref().unwrap_or(""),
                &e.result,
                &e.detail,
            ]
            .into_iter(),
        )?;
    }
    Ok(())
}

fn write_row<'a>(
    out: &mut impl Write,
    fields: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_field(f).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// One field, quoted and defused as needed.
pub fn csv_field(field: &str) -> String {
    let defused = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
    }
}
