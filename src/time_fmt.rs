//! Time as the core sees it: seconds since the Unix epoch, passed in by the caller.
//!
//! The calendar (days ⇄ civil date, month lengths, leap years) is the `time` crate's, already in
//! the build through x509-parser. The strings are cut and assembled here rather than with its
//! format descriptions: those weigh ~8 KB gzip in the page for the three shapes we read and the
//! one we write.

use time::{Date, Month, OffsetDateTime};

/// RFC 3339 (UTC) for a Unix timestamp, e.g. `2024-08-22T23:59:59Z`; `@<ts>` outside years
/// 0–9999.
pub fn rfc3339(ts: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(ts) {
        Ok(t) if (0..=9999).contains(&t.year()) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        _ => format!("@{ts}"),
    }
}

/// `YYYY-MM-DD` for a Unix timestamp.
pub fn date(ts: i64) -> String {
    rfc3339(ts).chars().take(10).collect()
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Parses RFC 3339 (`2024-08-23T00:00:00Z`, fractions and offsets allowed), a bare date
/// (`2024-08-23`, midnight UTC) or a `datetime-local` value (`2024-08-23T10:30`, UTC).
pub fn parse(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let bad = || {
        format!("'{}' is not a date: use RFC 3339 like 2024-08-23T00:00:00Z, or 2024-08-23", crate::text::clip(s, 40))
    };
    let (date_part, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (s.get(..i).ok_or_else(bad)?, s.get(i + 1..)),
        None => (s, None),
    };
    let mut d = date_part.split('-');
    let (Some(y), Some(m), Some(day), None) = (d.next(), d.next(), d.next(), d.next()) else { return Err(bad()) };
    let (y, m, day) = (num(y, 4).ok_or_else(bad)?, num(m, 2).ok_or_else(bad)?, num(day, 2).ok_or_else(bad)?);
    // `from_calendar_date` refuses month 13, day 0 and 2023-02-29.
    let month = u8::try_from(m).ok().and_then(|m| Month::try_from(m).ok()).ok_or_else(bad)?;
    let date = i32::try_from(y)
        .ok()
        .zip(u8::try_from(day).ok())
        .and_then(|(y, d)| Date::from_calendar_date(y, month, d).ok())
        .ok_or_else(bad)?;
    let mut secs = date.midnight().assume_utc().unix_timestamp();
    let Some(rest) = rest else { return Ok(secs) };
    // Split the offset off: `Z`, `+HH:MM` or `-HH:MM`; none = UTC (datetime-local).
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, o) = rest.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (oh, om) = o.get(1..).and_then(|o| o.split_once(':')).ok_or_else(bad)?;
        let (oh, om) = (num(oh, 2).ok_or_else(bad)?, num(om, 2).ok_or_else(bad)?);
        (c, sign * i64::from(oh * 3600 + om * 60))
    } else {
        (rest, 0)
    };
    let clock = clock.split('.').next().unwrap_or(clock);
    let mut t = clock.split(':');
    let (h, mi) =
        (t.next().and_then(|h| num(h, 2)).ok_or_else(bad)?, t.next().and_then(|m| num(m, 2)).ok_or_else(bad)?);
    let sec = match t.next() {
        Some(x) => num(x, 2).ok_or_else(bad)?,
        None => 0,
    };
    if h > 23 || mi > 59 || sec > 60 || t.next().is_some() {
        return Err(bad());
    }
    secs += i64::from(h * 3600 + mi * 60 + sec) - offset;
    Ok(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_724_371_199), "2024-08-22T23:59:59Z");
        assert_eq!(rfc3339(4_102_444_800), "2100-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        for ts in [0, 1, 86_399, 951_782_400, 1_724_371_199, 1_767_225_600, 4_102_444_800, 61_000_000_000] {
            assert_eq!(parse(&rfc3339(ts)), Ok(ts), "{ts}");
        }
        assert_eq!(date(1_724_371_199), "2024-08-22");
        // Outside years 0–9999 the four-digit shape cannot hold the year.
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_800), "@253402300800");
        assert_eq!(rfc3339(-62_167_219_201), "@-62167219201");
        assert_eq!(rfc3339(-62_167_219_200), "0000-01-01T00:00:00Z");
    }

    #[test]
    fn reads_the_shapes_people_type() {
        assert_eq!(parse("2024-08-23"), Ok(1_724_371_200));
        assert_eq!(parse("2024-08-23T00:00:00Z"), Ok(1_724_371_200));
        assert_eq!(parse("2024-08-23T02:00:00+02:00"), Ok(1_724_371_200));
        assert_eq!(parse("2024-08-22T19:00:00.123-05:00"), Ok(1_724_371_200));
        assert_eq!(parse("2024-08-23T10:30"), Ok(1_724_371_200 + 37_800));
        assert_eq!(parse(" 2024-08-23 "), Ok(1_724_371_200));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-08-32",
            "2024-8-1",
            "2024-08-23T25:00:00Z",
            "2024-08-23T10:30:00+0200",
        ] {
            assert!(parse(s).is_err(), "{s}");
        }
        assert!(parse("nonsense").err().is_some_and(|e| e.contains("RFC 3339")));
    }
}
