//! Time as the core sees it: seconds since the Unix epoch, passed in by the caller.
//!
//! RFC 3339 in and out by hand (days ⇄ civil date, H. Hinnant's algorithms): the `time`
//! crate's format-description parser and formatter weigh ~8 KB gzip in the page for the
//! three shapes we read and the one we write.

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// RFC 3339 (UTC) for a Unix timestamp, e.g. `2024-08-22T23:59:59Z`.
pub fn rfc3339(ts: i64) -> String {
    let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return format!("@{ts}");
    }
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
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
    let y = i64::from(y);
    if !(1..=12).contains(&m) || day == 0 || day > days_in_month(y, m) {
        return Err(bad());
    }
    let mut secs = days_from_civil(y, m, day) * 86_400;
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
