//! Numbers as the page shows them.

/// `4.7 KB`, `50.0 MB` (decimal units, as file managers show sizes). Integer arithmetic:
/// formatting an `f64` would add the float printing code to the page's wasm.
pub fn human_bytes(n: u64) -> String {
    let tenths = |unit: u64| {
        let t = n.saturating_mul(10).saturating_add(unit / 2) / unit;
        format!("{}.{}", t / 10, t % 10)
    };
    match n {
        0..=999 => format!("{n} bytes"),
        1_000..=999_999 => format!("{} KB", tenths(1_000)),
        _ => format!("{} MB", tenths(1_000_000)),
    }
}

/// `31,234` (the report's own, which the CLI's connection summary prints too).
pub use crate::report::connections::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes_and_counts() {
        assert_eq!([human_bytes(78), human_bytes(4_812), human_bytes(52_428_800)], ["78 bytes", "4.8 KB", "52.4 MB"]);
        assert_eq!([human_bytes(1_000), human_bytes(999_999), human_bytes(4_860)], ["1.0 KB", "1000.0 KB", "4.9 KB"]);
        assert_eq!([thousands(7), thousands(1_000), thousands(31_234_567)], ["7", "1,000", "31,234,567"]);
    }
}
