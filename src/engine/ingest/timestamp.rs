//! The event time, read exactly as the source stream's `TIMESTAMP_FORMAT` reads it.
//!
//! ksqlDB parses the `TIMESTAMP` column with a Java `DateTimeFormatter` built from
//! `yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]XXX` (strict parsing, the
//! default "smart" resolver), and Kafka Streams drops a record whose time is negative.
//! This module follows that definition step by step, so the engine counts exactly the
//! timestamps production counts:
//!
//! - a year of exactly four digits from `0001`, or `+` and more than four digits;
//! - `-MM-dd'T'HH:mm:ss` with two digits each; the `T` is upper case;
//! - a fraction of exactly 9, 6 or 3 digits, or none (the optional sections are tried
//!   in that order, each only when the text goes on with `.` and as many digits);
//! - `Z`, or `+HH:MM` / `-HH:MM` (hours up to 23 and minutes up to 59 as written, at
//!   most 18 hours in all; no seconds, no `+HHMM`);
//! - nothing after it.
//!
//! The resolver then checks the fields: month 1-12, day 1-31 (a day past the end of
//! its month becomes the month's last day: `2023-02-30` is `2023-02-28`), hour 0-23
//! (`24:00:00` with a zero fraction is midnight of the next day), minute and second
//! 0-59 (no leap second). The instant is truncated to milliseconds (`ROWTIME`).

/// Milliseconds since the epoch of `s`, or why the source stream would drop it.
pub fn parse(s: &str) -> Result<i64, String> {
    let fields = Cursor {
        s: s.as_bytes(),
        at: 0,
    }
    .fields()
    .ok_or_else(|| format!("{FORM}: {s:?}"))?;
    fields
        .millis()
        .map_err(|why| format!("{FORM} ({why}): {s:?}"))
}

/// The start of every reason (`not an RFC 3339` is what metrics label `bad_timestamp`).
const FORM: &str = "`timestamp` is not an RFC 3339 time the source stream reads \
    (`YYYY-MM-DDTHH:MM:SS`, then 0, 3, 6 or 9 fraction digits, then `Z` or `±HH:MM`)";

/// The fields as written, before the resolver checks them.
#[derive(Debug, PartialEq, Eq)]
struct Fields {
    year: i128,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_s: i64,
}

struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn fields(mut self) -> Option<Fields> {
        let year = self.year()?;
        self.byte(b'-')?;
        let month = self.two()?;
        self.byte(b'-')?;
        let day = self.two()?;
        self.byte(b'T')?;
        let hour = self.two()?;
        self.byte(b':')?;
        let minute = self.two()?;
        self.byte(b':')?;
        let second = self.two()?;
        let mut nanos = None;
        for width in [9, 6, 3] {
            self.fraction(width, &mut nanos);
        }
        let offset_s = self.offset()?;
        (self.at == self.s.len()).then_some(Fields {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanos: nanos.unwrap_or(0),
            offset_s,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn byte(&mut self, want: u8) -> Option<()> {
        (self.peek()? == want).then(|| self.at += 1)
    }

    /// Up to `max` digits; their count and value.
    fn digits(&mut self, max: usize) -> (usize, i128) {
        let mut n = 0;
        let mut value: i128 = 0;
        while n < max {
            match self.peek() {
                Some(b) if b.is_ascii_digit() => {
                    value = value * 10 + i128::from(b - b'0');
                    self.at += 1;
                    n += 1;
                }
                _ => break,
            }
        }
        (n, value)
    }

    /// `yyyy`: up to 19 digits; exactly four without a sign, more than four after `+`.
    /// A `-` year is negative, which a year of the era cannot be.
    fn year(&mut self) -> Option<i128> {
        let signed = self.byte(b'+').is_some();
        let (n, value) = self.digits(19);
        let ok = if signed { n > 4 } else { n == 4 };
        ok.then_some(value)
    }

    fn two(&mut self) -> Option<u32> {
        let (n, value) = self.digits(2);
        (n == 2).then(|| u32::try_from(value).ok()).flatten()
    }

    /// An optional `[.S...S]` section of `width` digits: taken when the text goes on
    /// with `.` and `width` digits and agrees with a fraction already read.
    fn fraction(&mut self, width: usize, nanos: &mut Option<u32>) {
        let start = self.at;
        let value = self.byte(b'.').and_then(|()| {
            let (n, value) = self.digits(width);
            let scaled = value * 10i128.pow(9 - width as u32);
            (n == width).then(|| u32::try_from(scaled).ok()).flatten()
        });
        match value {
            Some(v) if nanos.is_none_or(|old| old == v) => *nanos = Some(v),
            _ => self.at = start,
        }
    }

    /// `XXX` (`+HH:MM`): `Z`, or a sign, two-digit hours up to 23, `:` and two-digit
    /// minutes up to 59.
    fn offset(&mut self) -> Option<i64> {
        if self.byte(b'Z').is_some() {
            return Some(0);
        }
        let sign = match self.peek()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.at += 1;
        let hours = self.offset_part(23)?;
        self.byte(b':')?;
        let minutes = self.offset_part(59)?;
        Some(sign * (hours * 3600 + minutes * 60))
    }

    fn offset_part(&mut self, max: i64) -> Option<i64> {
        let v = i64::from(self.two()?);
        (v <= max).then_some(v)
    }
}

impl Fields {
    /// The resolver's checks, then the instant in milliseconds.
    fn millis(&self) -> Result<i64, &'static str> {
        if self.year < 1 {
            return Err("there is no year 0");
        }
        if !(1..=12).contains(&self.month) {
            return Err("no such month");
        }
        if !(1..=31).contains(&self.day) {
            return Err("no such day");
        }
        let day = self.day.min(month_length(self.year, self.month));
        let midnight_next = self.hour == 24 && self.minute == 0 && self.second == 0;
        let midnight_next = midnight_next && self.nanos == 0;
        if self.hour > 23 && !midnight_next {
            return Err("no such hour");
        }
        if self.minute > 59 || self.second > 59 {
            return Err("minutes and seconds go from 00 to 59");
        }
        if self.offset_s.abs() > 18 * 3600 {
            return Err("an offset is at most 18 hours");
        }
        let days = days_from_civil(self.year, self.month, day);
        let seconds = days * 86_400
            + i128::from(self.hour) * 3600
            + i128::from(self.minute) * 60
            + i128::from(self.second)
            - i128::from(self.offset_s);
        let millis = seconds * 1000 + i128::from(self.nanos / 1_000_000);
        if millis < 0 {
            return Err("before 1970: Kafka Streams drops a record with a negative time");
        }
        i64::try_from(millis).map_err(|_| "too far in the future")
    }
}

fn is_leap(year: i128) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_length(year: i128, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (year >= 1).
fn days_from_civil(year: i128, month: u32, day: u32) -> i128 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i128::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i128::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[path = "timestamp_tests.rs"]
mod tests;
