//! What ksqlDB could not compile or a `.sql` file could not carry, refused at the
//! value that causes it.
//!
//! ksqlDB turns a `WHERE` clause into one generated Java method. The JVM limits a
//! method to 64 KiB of bytecode and a string constant to 65,535 bytes, and a statement
//! beyond them fails only when the query is created, at deploy. The limits below are
//! set well inside those, so `validate` refuses what `deploy` would meet:
//!
//! | code  | limit |
//! | ----- | ----- |
//! | T0009 | a text value holds no control character (CR, LF, NUL, tab, ...) |
//! | T0210 | an `in (...)` list holds at most [`MAX_IN_VALUES`] values |
//! | T0211 | a text value is at most [`MAX_TEXT_BYTES`] bytes of UTF-8 |
//! | T0212 | `eligible when` holds at most [`MAX_WHERE_VALUES`] values and [`MAX_WHERE_TEXT_BYTES`] bytes of text |
//!
//! A control character would be written raw into the `.sql` file (ksqlDB's string
//! literals have no escape for it), where line-ending conversion or a text tool can
//! change the value. The same limits hold in multiplier conditions, so a condition
//! can move between `eligible when` and `score` unchanged. Nesting depth is limited
//! for every condition by T0008.

use super::report;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceId};
use crate::syntax::ast::{Cond, Value, ValueKind};

/// Values of one `in (...)` list.
pub const MAX_IN_VALUES: usize = 1_000;
/// UTF-8 bytes of one text value.
pub const MAX_TEXT_BYTES: usize = 4_096;
/// Values written in one tournament's `eligible when` (each comparison's value, each
/// list item, each `between` bound).
pub const MAX_WHERE_VALUES: usize = 2_000;
/// UTF-8 bytes of all text values in one tournament's `eligible when`.
pub const MAX_WHERE_TEXT_BYTES: usize = 65_536;

/// Checks every value of `conds`; `whole_where` when they are a tournament's whole
/// `eligible when` (T0212). False when something was refused.
pub(crate) fn check_values(
    conds: &[Cond],
    whole_where: bool,
    file: SourceId,
    diags: &mut Diagnostics,
) -> bool {
    let mut walk = Walk {
        file,
        diags,
        ok: true,
        values: 0,
        text_bytes: 0,
    };
    for c in conds {
        walk.cond(c);
    }
    if whole_where {
        walk.totals(conds);
    }
    walk.ok
}

struct Walk<'d> {
    file: SourceId,
    diags: &'d mut Diagnostics,
    ok: bool,
    values: usize,
    text_bytes: usize,
}

impl Walk<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.ok = false;
        report(self.diags, self.file, d);
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::And(parts, _)
            | Cond::Or(parts, _)
            | Cond::Any(parts, _)
            | Cond::All(parts, _) => {
                parts.iter().for_each(|p| self.cond(p));
            }
            Cond::Not(inner, _) => self.cond(inner),
            Cond::Compare(cmp) => self.value(&cmp.value),
            Cond::In(list) => {
                if list.values.len() > MAX_IN_VALUES {
                    self.error(
                        Diagnostic::error(
                            Code::InListTooLong,
                            format!(
                                "this `in` list has {} values; ksqlDB compiles at most {MAX_IN_VALUES} in one list",
                                list.values.len()
                            ),
                        )
                        .with_label(list.span, "too many values")
                        .with_help("match a shorter list, or a field that groups these values (such as `game.category`)"),
                    );
                }
                list.values.iter().for_each(|v| self.value(v));
            }
            Cond::Between(b) => {
                self.value(&b.low);
                self.value(&b.high);
            }
            Cond::Presence(_) => {}
        }
    }

    fn value(&mut self, v: &Value) {
        self.values += 1;
        let ValueKind::Text(s) = &v.kind else {
            return;
        };
        self.text_bytes += s.len();
        if let Some(ch) = s.chars().find(|c| c.is_control()) {
            self.error(
                Diagnostic::error(
                    Code::ControlCharacter,
                    format!(
                        "this text holds the control character U+{:04X}, which a `.sql` file cannot carry safely",
                        u32::from(ch)
                    ),
                )
                .with_label(v.span, "control character in here")
                .with_help("remove it: event values with line breaks, tabs or NUL cannot be matched reliably"),
            );
        }
        if s.len() > MAX_TEXT_BYTES {
            self.error(
                Diagnostic::error(
                    Code::TextTooLong,
                    format!(
                        "this text is {} bytes long; ksqlDB compiles at most {MAX_TEXT_BYTES} bytes in one value",
                        s.len()
                    ),
                )
                .with_label(v.span, "too long")
                .with_help("compare a shorter value"),
            );
        }
    }

    fn totals(&mut self, conds: &[Cond]) {
        let (values, bytes) = (self.values, self.text_bytes);
        if values <= MAX_WHERE_VALUES && bytes <= MAX_WHERE_TEXT_BYTES {
            return;
        }
        let Some(first) = conds.first() else {
            return;
        };
        let span = conds
            .last()
            .map_or(first.span(), |last| first.span().join(last.span()));
        self.error(
            Diagnostic::error(
                Code::WhereTooLarge,
                format!(
                    "`eligible when` holds {values} values and {bytes} bytes of text; ksqlDB compiles at most \
                     {MAX_WHERE_VALUES} values and {MAX_WHERE_TEXT_BYTES} bytes in one query"
                ),
            )
            .with_label(span, "these conditions together")
            .with_help("split the tournament's audience by a field that groups the values"),
        );
    }
}
