//! Writing one wager as a JSON line, well-formed or deliberately broken, without going
//! through `serde_json` or `format!` (a million lines should take well under a second).

use super::rng::Rng;
use super::traffic::{GAMES, SEGMENTS};

/// One generated wager, before it is written.
#[derive(Debug, Clone)]
pub struct Wager {
    /// Sequence number, 1-based, in event-time order.
    pub n: u64,
    /// Player number, 1-based.
    pub player: u64,
    pub game: usize,
    pub stake_cents: u64,
    pub win_cents: u64,
    pub currency: &'static str,
    pub segment: Option<usize>,
    pub jurisdiction: Option<&'static str>,
    pub timestamp_ms: i64,
}

/// The ways a generated line is broken on purpose. Each is rejected by
/// [`crate::engine::ingest::parse_event`] with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MalformedKind {
    /// The line is cut short: not a JSON object.
    Truncated,
    /// No `wagerId`.
    MissingWagerId,
    /// A negative `wagerAmount` or `winAmount`.
    NegativeAmount,
    /// `wagerAmount` as a string that is not a number (`"12.50 EUR"`, `"N/A"`).
    TextAmount,
    /// A currency that is not an ISO 4217 code (`BTC`, `EURO`, `eur`, ...).
    UnknownCurrency,
    /// A `timestamp` that is not RFC 3339 (no zone, epoch milliseconds, local format).
    BadTimestamp,
}

impl MalformedKind {
    pub const ALL: [MalformedKind; 6] = [
        MalformedKind::Truncated,
        MalformedKind::MissingWagerId,
        MalformedKind::NegativeAmount,
        MalformedKind::TextAmount,
        MalformedKind::UnknownCurrency,
        MalformedKind::BadTimestamp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MalformedKind::Truncated => "truncated",
            MalformedKind::MissingWagerId => "missing-wager-id",
            MalformedKind::NegativeAmount => "negative-amount",
            MalformedKind::TextAmount => "text-amount",
            MalformedKind::UnknownCurrency => "unknown-currency",
            MalformedKind::BadTimestamp => "bad-timestamp",
        }
    }
}

impl std::fmt::Display for MalformedKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Codes a gaming system might send that are not ISO 4217 currencies.
const BAD_CURRENCIES: [&str; 6] = ["BTC", "XBT", "EURO", "eur", "US$", "GBX"];

/// What is fixed for a whole run: the operator (as a JSON string) and the seed (as text).
#[derive(Debug, Clone)]
pub struct Context {
    pub operator_json: String,
    pub seed_text: String,
    /// Whether lines carry `playerName`.
    pub names: bool,
}

/// First parts of generated display names: some with characters of several bytes,
/// so pages and masks are exercised with them.
const NAMES: [&str; 12] = [
    "Ana",
    "Björn",
    "Chloé",
    "Dmitri",
    "Eun-ji",
    "Farah",
    "Grzegorz",
    "Hiroshi",
    "Inès",
    "Jonas",
    "Kateřina",
    "Łucja",
];

/// How the fields of one line are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Good,
    MissingWagerId,
    NegativeStake,
    NegativeWin,
    TextAmount { with_currency: bool },
    BadCurrency(&'static str),
    BadTime(u8),
}

impl Wager {
    /// The well-formed line.
    pub fn line(&self, ctx: &Context) -> String {
        let mut out = String::with_capacity(288);
        self.write(ctx, Variant::Good, &mut out);
        out
    }

    /// A broken line of the given kind; the variant within the kind is drawn from `rng`.
    pub fn malformed(&self, ctx: &Context, kind: MalformedKind, rng: &mut Rng) -> String {
        let variant = match kind {
            MalformedKind::Truncated => {
                let mut full = self.line(ctx);
                let mut cut = 1 + rng.below(full.len() as u64 - 1) as usize;
                while !full.is_char_boundary(cut) {
                    cut -= 1;
                }
                full.truncate(cut.max(1));
                return full;
            }
            MalformedKind::MissingWagerId => Variant::MissingWagerId,
            MalformedKind::NegativeAmount if rng.chance(0.3) => Variant::NegativeWin,
            MalformedKind::NegativeAmount => Variant::NegativeStake,
            MalformedKind::TextAmount => Variant::TextAmount {
                with_currency: rng.chance(0.7),
            },
            MalformedKind::UnknownCurrency => Variant::BadCurrency(
                BAD_CURRENCIES[rng.below(BAD_CURRENCIES.len() as u64) as usize],
            ),
            MalformedKind::BadTimestamp => Variant::BadTime(rng.below(3) as u8),
        };
        let mut out = String::with_capacity(288);
        self.write(ctx, variant, &mut out);
        out
    }

    fn write(&self, ctx: &Context, variant: Variant, out: &mut String) {
        out.push('{');
        if variant != Variant::MissingWagerId {
            out.push_str("\"wagerId\":\"w-");
            out.push_str(&ctx.seed_text);
            out.push('-');
            push_uint(out, self.n, 1);
            out.push_str("\",");
        }
        out.push_str("\"playerId\":\"player-");
        push_uint(out, self.player, 6);
        if ctx.names {
            // The name depends on the player alone, so it is the same on every line.
            out.push_str("\",\"playerName\":\"");
            out.push_str(NAMES[(self.player % NAMES.len() as u64) as usize]);
            out.push(' ');
            push_uint(out, self.player, 1);
        }
        out.push_str("\",\"operatorId\":");
        out.push_str(&ctx.operator_json);
        let (game, category) = GAMES[self.game];
        out.push_str(",\"gameId\":\"");
        out.push_str(game);
        out.push_str("\",\"gameCategory\":\"");
        out.push_str(category);
        out.push_str("\",\"wagerAmount\":");
        match variant {
            Variant::NegativeStake => {
                out.push('-');
                push_cents(out, self.stake_cents);
            }
            Variant::TextAmount {
                with_currency: true,
            } => {
                out.push('"');
                push_cents(out, self.stake_cents);
                out.push(' ');
                out.push_str(self.currency);
                out.push('"');
            }
            Variant::TextAmount {
                with_currency: false,
            } => out.push_str("\"N/A\""),
            _ => push_cents(out, self.stake_cents),
        }
        out.push_str(",\"currency\":\"");
        out.push_str(match variant {
            Variant::BadCurrency(code) => code,
            _ => self.currency,
        });
        out.push_str("\",\"winAmount\":");
        if variant == Variant::NegativeWin {
            // A net loss sent where the gross win belongs.
            out.push('-');
            push_cents(out, self.stake_cents);
        } else {
            push_cents(out, self.win_cents);
        }
        if let Some(segment) = self.segment.and_then(|s| SEGMENTS.get(s)) {
            out.push_str(",\"playerSegment\":\"");
            out.push_str(segment);
            out.push('"');
        }
        if let Some(j) = self.jurisdiction {
            out.push_str(",\"jurisdiction\":\"");
            out.push_str(j);
            out.push('"');
        }
        out.push_str(",\"timestamp\":\"");
        match variant {
            Variant::BadTime(0) => {
                // No zone designator.
                push_rfc3339_ms(out, self.timestamp_ms);
                out.pop();
            }
            Variant::BadTime(1) => push_uint(out, self.timestamp_ms.unsigned_abs(), 1),
            Variant::BadTime(_) => push_local_time(out, self.timestamp_ms),
            _ => push_rfc3339_ms(out, self.timestamp_ms),
        }
        out.push_str("\"}");
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits.
pub fn push_uint(out: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let digits = crate::engine::changes::decimal(n, &mut buf).len();
    let start = buf.len() - digits.max(width).min(buf.len());
    for &b in &buf[start..] {
        out.push(char::from(b));
    }
}

/// Appends an amount of cents as a JSON number with two decimals (`12.50`).
pub fn push_cents(out: &mut String, cents: u64) {
    push_uint(out, cents / 100, 1);
    out.push('.');
    push_uint(out, cents % 100, 2);
}

/// Year, month, day of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Date and time parts of epoch milliseconds: (y, mo, d, h, mi, s, ms).
fn parts(ms: i64) -> (u64, u64, u64, u64, u64, u64, u64) {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000) as u64;
    let (y, mo, d) = civil_from_days(days);
    (
        y.max(0) as u64,
        mo,
        d,
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1_000 % 60,
        rest % 1_000,
    )
}

/// Appends epoch milliseconds as RFC 3339 in UTC with milliseconds
/// (`2024-11-15T10:00:00.123Z`). Years must be 0..=9999 (checked by the options).
pub fn push_rfc3339_ms(out: &mut String, ms: i64) {
    let (y, mo, d, h, mi, s, milli) = parts(ms);
    push_uint(out, y, 4);
    out.push('-');
    push_uint(out, mo, 2);
    out.push('-');
    push_uint(out, d, 2);
    out.push('T');
    push_uint(out, h, 2);
    out.push(':');
    push_uint(out, mi, 2);
    out.push(':');
    push_uint(out, s, 2);
    out.push('.');
    push_uint(out, milli, 3);
    out.push('Z');
}

/// Appends a local-style time that is not RFC 3339 (`15/11/2024 10:00:00`).
fn push_local_time(out: &mut String, ms: i64) {
    let (y, mo, d, h, mi, s, _) = parts(ms);
    push_uint(out, d, 2);
    out.push('/');
    push_uint(out, mo, 2);
    out.push('/');
    push_uint(out, y, 4);
    out.push(' ');
    push_uint(out, h, 2);
    out.push(':');
    push_uint(out, mi, 2);
    out.push(':');
    push_uint(out, s, 2);
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                let v = u32::from(c);
                for nibble in [v >> 4, v & 0xF] {
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::parse_event;
    use rust_decimal::Decimal;

    fn ctx() -> Context {
        Context {
            operator_json: json_string("operator-123"),
            seed_text: "7".into(),
            names: false,
        }
    }

    fn wager() -> Wager {
        Wager {
            n: 42,
            player: 123,
            game: 22,
            stake_cents: 1_250,
            win_cents: 0,
            currency: "EUR",
            segment: Some(1),
            jurisdiction: Some("CA-ON"),
            timestamp_ms: 1_731_664_800_123,
        }
    }

    #[test]
    fn writes_the_schema() {
        assert_eq!(
            wager().line(&ctx()),
            r#"{"wagerId":"w-7-42","playerId":"player-000123","operatorId":"operator-123","gameId":"crash-1","gameCategory":"crash","wagerAmount":12.50,"currency":"EUR","winAmount":0.00,"playerSegment":"Gold","jurisdiction":"CA-ON","timestamp":"2024-11-15T10:00:00.123Z"}"#
        );
        let ev = parse_event(&wager().line(&ctx())).unwrap();
        assert_eq!(ev.wager_amount, Some(Decimal::new(1_250, 2)));
        assert_eq!(ev.timestamp_ms, Some(1_731_664_800_123));
    }

    #[test]
    fn missing_traits_are_left_out() {
        let w = Wager {
            segment: None,
            jurisdiction: None,
            ..wager()
        };
        let line = w.line(&ctx());
        assert!(!line.contains("playerSegment") && !line.contains("jurisdiction"));
        let ev = parse_event(&line).unwrap();
        assert_eq!(ev.player_segment, None);
    }

    #[test]
    fn timestamps_match_chrono() {
        let mut rng = Rng::new(1);
        for _ in 0..20_000 {
            let ms = rng.below(253_402_300_800_000) as i64;
            let mut s = String::new();
            push_rfc3339_ms(&mut s, ms);
            let want = chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn numbers_are_padded() {
        let mut s = String::new();
        push_uint(&mut s, 0, 1);
        push_uint(&mut s, 5, 3);
        push_uint(&mut s, 1_234_567, 6);
        push_uint(&mut s, u64::MAX, 1);
        assert_eq!(s, format!("00051234567{}", u64::MAX));
        let mut c = String::new();
        push_cents(&mut c, 5);
        c.push(' ');
        push_cents(&mut c, 50_000);
        assert_eq!(c, "0.05 500.00");
    }

    #[test]
    fn names_are_carried_only_when_asked_for() {
        let plain = parse_event(&wager().line(&ctx())).unwrap();
        assert_eq!(plain.player_name, None);
        let named = Context {
            names: true,
            ..ctx()
        };
        let ev = parse_event(&wager().line(&named)).unwrap();
        assert_eq!(ev.player_name.as_deref(), Some("Dmitri 123"));
        assert_eq!(ev.player_id.as_deref(), Some("player-000123"));
    }

    #[test]
    fn operator_is_escaped() {
        let ctx = Context {
            operator_json: json_string("op \"x\"\\\n\u{1}é"),
            seed_text: "1".into(),
            names: false,
        };
        let ev = parse_event(&wager().line(&ctx)).unwrap();
        assert_eq!(ev.operator_id.as_deref(), Some("op \"x\"\\\n\u{1}é"));
    }

    #[test]
    fn every_broken_variant_is_rejected() {
        let mut rng = Rng::new(3);
        let ctx = ctx();
        for kind in MalformedKind::ALL {
            for _ in 0..200 {
                let line = wager().malformed(&ctx, kind, &mut rng);
                let err = parse_event(&line).unwrap_err();
                let want = match kind {
                    MalformedKind::Truncated => "not a JSON wager object",
                    MalformedKind::MissingWagerId => "missing `wagerId`",
                    MalformedKind::NegativeAmount => "is negative",
                    MalformedKind::TextAmount => "is not a number",
                    MalformedKind::UnknownCurrency => "unknown currency",
                    MalformedKind::BadTimestamp => "RFC 3339",
                };
                assert!(err.reason.contains(want), "{kind}: {line}: {}", err.reason);
            }
        }
    }
}
