//! The registry of diagnostic codes. Codes are stable: never renumber or reuse one.
//!
//! Ranges: `T00xx` syntax, `T01xx` identity and schedule, `T02xx` eligibility,
//! `T03xx` scoring, `T04xx` leaderboard, `T05xx` templates, `T06xx` inline tests,
//! `T07xx` across files. Every code has a page in the book (`book/src/diagnostics/`)
//! and a failing fixture (`tests/fixtures/diagnostics/`); a test checks both.

use super::Severity;
use serde::{Serialize, Serializer};

/// What the registry knows of a code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
}

macro_rules! registry {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        /// Every code, in registry order.
        pub const ALL_CODES: &[Code] = &[$(Code::$variant),*];

        impl Code {
            pub fn info(self) -> CodeInfo {
                match self {
                    $(Code::$variant => CodeInfo { code: $code, severity: Severity::$sev, title: $title }),*
                }
            }
        }
    };
}

registry! {
    Syntax = "T0001", Error, "the line cannot be read";
    UnknownItem = "T0002", Error, "unknown setting";
    BadEscape = "T0003", Error, "invalid escape in a string";
    DuplicateItem = "T0004", Error, "a setting is given more than once";
    EmptyFile = "T0005", Warning, "the file defines no tournament or template";
    InvalidNumber = "T0006", Error, "a number is malformed or out of range";
    NotUtf8 = "T0007", Error, "the file is not valid UTF-8";
    TooDeep = "T0008", Error, "nesting is too deep";
    ControlCharacter = "T0009", Error, "a control character in a text value";

    MissingOperator = "T0101", Error, "the tournament has no operator";
    MissingSchedule = "T0102", Error, "the tournament has no schedule";
    EndBeforeStart = "T0103", Error, "the tournament ends before it starts";
    InvalidTimestamp = "T0104", Error, "invalid timestamp";
    InvalidTimezone = "T0105", Error, "unknown time zone";
    LocalTimeGap = "T0106", Error, "local time does not exist or is ambiguous";
    NoOffset = "T0107", Error, "timestamp without offset or time zone";
    InvalidId = "T0108", Error, "invalid tournament or operator id";
    MissingTitle = "T0109", Warning, "the tournament has no title";
    SubMillisecond = "T0110", Error, "a time is more precise than a millisecond";

    UnknownField = "T0201", Error, "unknown event field";
    TypeMismatch = "T0202", Error, "type mismatch";
    CurrencyMismatch = "T0203", Error, "currency mismatch";
    UnknownCurrency = "T0204", Error, "unknown currency code";
    MinAboveMax = "T0205", Error, "minimum above maximum";
    NeverMatches = "T0206", Error, "the eligibility rules can never match";
    OperatorNotForType = "T0207", Error, "operator not defined for the field's type";
    DuplicateListValue = "T0208", Warning, "a value is listed twice";
    EmptyGroup = "T0209", Error, "an `any` or `all` group is empty";
    InListTooLong = "T0210", Error, "an `in` list is longer than ksqlDB compiles";
    TextTooLong = "T0211", Error, "a text value is longer than ksqlDB compiles";
    WhereTooLarge = "T0212", Error, "the eligibility conditions are larger than ksqlDB compiles";

    MissingPoints = "T0301", Error, "no points rule";
    NonPositiveCapWindow = "T0302", Error, "cap window is not positive";
    NonPositiveCap = "T0303", Error, "cap is not positive";
    NonPositiveMultiplier = "T0304", Error, "multiplier is not positive";
    UnknownAggregate = "T0305", Error, "unknown aggregation";
    MixedCurrencies = "T0306", Error, "points add up amounts in different currencies";
    NonPositiveRate = "T0307", Error, "conversion rate is not positive";
    DivisionByZero = "T0308", Error, "division by zero";
    CapWindowTooLong = "T0309", Warning, "cap window is longer than the tournament";
    CapsDoNotNest = "T0310", Error, "cap windows do not nest";
    PointsOutOfRange = "T0311", Error, "one wager's points can exceed the engine's range";

    PrizeOverlap = "T0401", Error, "prize places overlap";
    PrizeGap = "T0402", Error, "prize places leave a gap";
    PercentOutOfRange = "T0403", Error, "percentage out of range";
    UnknownTieBreak = "T0404", Error, "unknown tie-break";
    DuplicateTieBreak = "T0405", Warning, "a tie-break is listed twice";
    NonPositiveSize = "T0406", Error, "board size is not positive";
    NonPositiveInterval = "T0407", Error, "update interval is not positive";
    FixedAfterPercent = "T0408", Error, "fixed places after a percentage tier";
    ReversedRange = "T0409", Error, "place range is empty or starts at zero";
    PrizesBeyondBoard = "T0410", Warning, "prize places beyond the published board";
    TooManyTieBreaks = "T0411", Error, "more than two tie-breaks";
    UnknownDisplay = "T0412", Error, "unknown display mode";
    UnknownVisibility = "T0413", Error, "unknown leaderboard visibility";
    AudienceTwice = "T0414", Error, "visibility or display given twice in a leaderboard";

    UnknownTemplate = "T0501", Error, "unknown template";
    TemplateCycle = "T0502", Error, "templates extend each other in a cycle";
    DuplicateTemplate = "T0503", Error, "template defined twice";

    UnknownWagerField = "T0601", Error, "unknown field in a test wager";
    UnknownWager = "T0602", Error, "expectation names an unknown wager";
    DuplicateWager = "T0603", Error, "wager id used twice in a test";
    DuplicateTest = "T0604", Error, "test name used twice";

    DuplicateTournament = "T0701", Error, "tournament id defined more than once for an operator";
    TopicCollision = "T0702", Error, "two tournaments need topic names Kafka cannot hold side by side";
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in ALL_CODES {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} appears twice");
            assert!(
                s.len() == 5 && s.starts_with('T') && s[1..].chars().all(|c| c.is_ascii_digit())
            );
        }
    }
}
