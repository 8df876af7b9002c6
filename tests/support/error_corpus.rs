//! The error-message corpus, `tests/fixtures/error-messages.tsv`: one row per line, four
//! tab-separated columns (expectation, client or `-`, origin, text with `\n`/`\t` escaped);
//! `#` lines and blank lines are comments.

pub const TSV: &str = include_str!("../fixtures/error-messages.tsv");

/// One row as written, the text unescaped.
pub struct RawRow {
    /// 1-based line in the file.
    pub line: usize,
    pub expect: String,
    pub client: String,
    pub origin: String,
    pub text: String,
}

/// Every row, in file order. A line without four columns fails the calling test.
pub fn rows() -> Vec<RawRow> {
    TSV.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(cols.len(), 4, "line {}: expect, client, origin, text", i + 1);
            RawRow {
                line: i + 1,
                expect: cols[0].to_owned(),
                client: cols[1].to_owned(),
                origin: cols[2].to_owned(),
                text: cols[3].replace("\\n", "\n").replace("\\t", "\t"),
            }
        })
        .collect()
}
