//! How long a certificate has left at the check time, as a person reads it on a card:
//! "expires in 3 y 2 mo", "expires in 12 days", "expired 19 months ago".

const DAY: u64 = 86_400;
/// An average Gregorian month: close enough for "2 mo", and free of a calendar.
const MONTH: u64 = 2_629_746;

/// The time between the check time `now` and `not_after` (both Unix seconds) in words.
pub fn time_left(not_after: i64, now: i64) -> String {
    let left = not_after.saturating_sub(now);
    let span = left.unsigned_abs();
    let (days, months) = (span / DAY, span / MONTH);
    if left >= 0 {
        match (days, months) {
            (0, _) => "expires within a day".into(),
            (1, _) => "expires in 1 day".into(),
            (d, _) if d < 60 => format!("expires in {d} days"),
            (_, m) if m < 12 => format!("expires in {m} mo"),
            (_, m) if m % 12 == 0 => format!("expires in {} y", m / 12),
            (_, m) => format!("expires in {} y {} mo", m / 12, m % 12),
        }
    } else {
        match (days, months) {
            (0, _) => "expired less than a day ago".into(),
            (1, _) => "expired 1 day ago".into(),
            (d, _) if d < 60 => format!("expired {d} days ago"),
            (_, m) if m < 24 => format!("expired {m} months ago"),
            (_, m) => format!("expired {} years ago", m / 12),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        crate::time_fmt::parse(s).unwrap_or(i64::MIN)
    }

    #[test]
    fn says_how_long_is_left_in_years_months_or_days() {
        let now = at("2023-01-27");
        assert_eq!(time_left(at("2026-04-01"), now), "expires in 3 y 2 mo");
        assert_eq!(time_left(at("2025-01-28"), now), "expires in 2 y");
        assert_eq!(time_left(at("2023-06-01"), now), "expires in 4 mo");
        assert_eq!(time_left(at("2023-02-08"), now), "expires in 12 days");
        assert_eq!(time_left(at("2023-01-28"), now), "expires in 1 day");
        assert_eq!(time_left(now + 3600, now), "expires within a day");
    }

    #[test]
    fn says_how_long_ago_it_expired() {
        // rds-ca-2019 ended on 2024-08-22: 19 months before March 2026.
        assert_eq!(time_left(at("2024-08-22T23:59:59Z"), at("2026-03-27")), "expired 19 months ago");
        assert_eq!(time_left(at("2020-03-05"), at("2026-03-27")), "expired 6 years ago");
        assert_eq!(time_left(at("2026-03-20"), at("2026-03-27")), "expired 7 days ago");
        assert_eq!(time_left(at("2026-03-26"), at("2026-03-27")), "expired 1 day ago");
        assert_eq!(time_left(i64::MIN, i64::MAX), "expired 292277024626 years ago");
    }
}
