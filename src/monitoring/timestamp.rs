//! The date or time stamp of a monitoring row: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY/M/D` (as a
//! Japanese Excel writes dates), optionally followed by `T` or a space and `H:MM[:SS]`. Parsed
//! by hand rather than with chrono's format strings because it runs once per row on the
//! reader's hot path; only the calendar date is validated by chrono. A day-first or month-first
//! date (`31/03/2025`, `3/31/2025`) is refused: which one a file means cannot be told from one
//! cell, and guessing would put readings in the wrong month.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A row's date, optionally with a time (see the module doc).
pub fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    parse_timestamp_with(&mut DateCache::default(), s)
}

/// The last date text parsed and its date: interval data repeats a date on many rows in a row,
/// and validating a calendar date is the costly part of a timestamp.
#[derive(Default)]
pub struct DateCache {
    text: [u8; 10],
    date: Option<NaiveDate>,
}

/// [`parse_timestamp`], reusing the date of the previous call when the date text is the same.
///
/// `#[inline]`: it runs once per row from another module (and codegen unit) than the row loop;
/// without the hint the benchmark's reader ran about 15% slower than when it lived beside it.
#[inline]
pub fn parse_timestamp_with(cache: &mut DateCache, s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return parse_other(s);
    }
    // Digits read as bytes: a multibyte character where a digit belongs is not a digit.
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let date = match cache.date {
        Some(d) if cache.text == b[..10] => d,
        _ => {
            let d = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
            cache.text.copy_from_slice(&b[..10]);
            cache.date = Some(d);
            d
        }
    };
    if b.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN));
    }
    if b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    Some(date.and_time(parse_time(&s[11..])?))
}

/// Digits only, as a number (no sign, no spaces).
fn digits(t: &str) -> Option<u32> {
    if !t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()) { t.parse().ok() } else { None }
}

/// `H:MM` or `HH:MM[:SS]`.
fn parse_time(t: &str) -> Option<NaiveTime> {
    let mut parts = t.split(':');
    let h = parts.next().filter(|h| (1..=2).contains(&h.len())).and_then(digits)?;
    let m = parts.next().filter(|m| m.len() == 2).and_then(digits)?;
    let sec = match parts.next() {
        None => 0,
        Some(x) if x.len() == 2 => digits(x)?,
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// The forms other than the hot path's `YYYY-MM-DD…`: `YYYY/MM/DD` and `YYYY/M/D` (and a
/// one-digit month or day with dashes), each with an optional time.
fn parse_other(s: &str) -> Option<NaiveDateTime> {
    let (day, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim_start())),
        None => (s, None),
    };
    let sep = if day.contains('/') { '/' } else { '-' };
    let mut parts = day.split(sep);
    let y = parts.next().filter(|y| y.len() == 4).and_then(digits)?;
    let m = parts.next().filter(|m| (1..=2).contains(&m.len())).and_then(digits)?;
    let d = parts.next().filter(|d| (1..=2).contains(&d.len())).and_then(digits)?;
    if parts.next().is_some() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    let time = match time {
        None => NaiveTime::MIN,
        Some(t) => parse_time(t)?,
    };
    Some(date.and_time(time))
}

/// The hint for a cell that is not a date: why a day-first or month-first date is refused, or
/// the forms that are accepted.
pub fn not_a_date_hint(s: &str) -> String {
    let day = s.split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = day.split(['/', '-', '.']).collect();
    let year_last = parts.len() == 3 && parts[2].len() == 4 && parts.iter().all(|p| digits(p).is_some());
    if year_last {
        return format!(
            "`{day}` puts the year last: day-first (31/03) and month-first (03/31) dates are ambiguous, so jcm reads neither; write YYYY-MM-DD or YYYY/MM/DD (in Excel, format the column as yyyy/mm/dd)"
        );
    }
    if (4..=6).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_digit()) {
        return "a number where a date belongs, as a workbook shows a date cell formatted as a number: format the column as a date (yyyy/mm/dd)".to_string();
    }
    "write YYYY-MM-DD or YYYY/MM/DD (YYYY/M/D too), with an optional time H:MM[:SS] after a space or T".to_string()
}

/// A timestamp as a message shows it: the date alone for a daily reading.
pub fn fmt_ts(t: NaiveDateTime) -> String {
    if t.time() == NaiveTime::MIN { t.date().to_string() } else { t.format("%Y-%m-%dT%H:%M:%S").to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert!(parse_timestamp("2021-01-31").is_some());
        assert!(parse_timestamp("2021-01-31T13:30").is_some());
        assert!(parse_timestamp("2021-01-31 13:30:15").is_some());
        for bad in [
            "2021-02-30",
            "2021/02/30",
            "31-01-2021",
            "31/03/2025",
            "3/31/2025",
            "2021-01-31T25:00",
            "2021-01-31X",
            "2021/1/31 1:0",
            "21/01/31",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
        let ts = |s| parse_timestamp(s).map(|t| t.to_string());
        assert_eq!(ts("2025/03/31").as_deref(), Some("2025-03-31 00:00:00"));
        assert_eq!(ts("2025/3/31").as_deref(), Some("2025-03-31 00:00:00"));
        assert_eq!(ts("2025/3/31 0:00").as_deref(), Some("2025-03-31 00:00:00"));
        assert_eq!(ts("2025/3/1 13:05:09").as_deref(), Some("2025-03-01 13:05:09"));
        assert_eq!(ts("2021-01-31T1:00").as_deref(), Some("2021-01-31 01:00:00"));
        assert!(not_a_date_hint("31/03/2025").contains("ambiguous"));
        assert!(not_a_date_hint("3/31/2025 0:00").contains("`3/31/2025` puts the year last"));
        assert!(!not_a_date_hint("tomorrow").contains("ambiguous"));
        assert!(not_a_date_hint("44227").contains("format the column as a date"));
        // Multibyte characters where digits or separators belong are refused, never sliced.
        for bad in ["2021-01-3é", "2021-01-31T1é:00", "2021-01-31Té:0", "2021-01-31Té:00:0", "20é1-01-31"] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
        // The cache reuses a date only for the same date text.
        let mut c = DateCache::default();
        let a = parse_timestamp_with(&mut c, "2021-01-31T01:00").unwrap();
        let b = parse_timestamp_with(&mut c, "2021-01-31T02:00").unwrap();
        assert_eq!((b - a).num_hours(), 1);
        assert_eq!(parse_timestamp_with(&mut c, "2021-02-01").unwrap().date(), NaiveDate::from_ymd_opt(2021, 2, 1).unwrap());
        assert!(parse_timestamp_with(&mut c, "2021-02-30").is_none());
        assert!(parse_timestamp_with(&mut c, "2021-02-01T24:00").is_none());
    }
}
