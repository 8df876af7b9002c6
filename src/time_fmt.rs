//! Time as the core sees it: seconds since the Unix epoch, passed in by the caller.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// RFC 3339 (UTC) for a Unix timestamp; out-of-range values are shown as the raw number.
pub fn rfc3339(ts: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{ts}"))
}

/// `YYYY-MM-DD` for a Unix timestamp.
pub fn date(ts: i64) -> String {
    rfc3339(ts).chars().take(10).collect()
}

/// Parses RFC 3339 (`2024-08-23T00:00:00Z`) or a bare date (`2024-08-23`, midnight UTC).
pub fn parse(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_fmt = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(s, &date_fmt) {
        return Ok(d.midnight().assume_utc().unix_timestamp());
    }
    let local_fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    if let Ok(d) = time::PrimitiveDateTime::parse(s, &local_fmt) {
        return Ok(d.assume_utc().unix_timestamp());
    }
    Err(format!(
        "'{}' is not a date: use RFC 3339 like 2024-08-23T00:00:00Z, or 2024-08-23",
        crate::text::clip(s, 40)
    ))
}
