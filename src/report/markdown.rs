//! The report as Markdown, for a ticket. Certificate text is hostile: besides the report's own
//! control-character escaping, Markdown and HTML metacharacters are escaped so a subject like
//! `<img onerror=…>` or `](javascript:…)` renders as the characters it is.

use std::fmt::Write as _;

use super::text::{severity_word, status_word};
use super::Report;

/// Escapes text for a Markdown paragraph or table cell.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // Enough to stop emphasis, links, images, code spans and tables; `_` inside words
            // and parentheses outside `[…]` are inert in CommonMark.
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

impl Report {
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "## mysql-tls-doctor: {} — {}\n",
            status_word(self.overall.status),
            escape(&self.overall.headline)
        );
        let _ = writeln!(s, "Checked at {}.\n", escape(&self.checked_at));
        for line in self.lead_lines() {
            let _ = writeln!(s, "{}\n", escape(&line));
        }
        if !self.verdicts.is_empty() {
            let cols: Vec<_> = self.clients.iter().collect();
            let _ = writeln!(s, "| host | {} |", cols.iter().map(|c| escape(&c.label)).collect::<Vec<_>>().join(" | "));
            let _ = writeln!(s, "|---|{}", "---|".repeat(cols.len()));
            for host in &self.inputs.hosts {
                let cells: Vec<String> = cols
                    .iter()
                    .map(|c| match self.verdict(host, c.id) {
                        Some(v) if v.ok => "✓".to_owned(),
                        // Every cause, in the order the client meets them.
                        Some(v) => {
                            format!("✗ {}", v.causes.iter().map(|c| c.rule.as_str()).collect::<Vec<_>>().join(" + "))
                        }
                        None => String::new(),
                    })
                    .collect();
                let _ = writeln!(s, "| {} | {} |", escape(host), cells.join(" | "));
            }
            s.push('\n');
        }
        for f in &self.findings {
            let _ = writeln!(s, "### {} `{}`: {}\n", severity_word(f.severity), f.id, escape(&f.title));
            let _ = writeln!(s, "{}\n", escape(&f.explanation));
            let _ = writeln!(s, "**Fix:** {}\n", escape(&f.fix));
            if !f.commands.is_empty() {
                // A fenced block is copied as it is; no backtick can close it early.
                let _ = writeln!(s, "```sh");
                for c in &f.commands {
                    let _ = writeln!(s, "# {}\n{}", c.label.replace('`', "'"), c.text.replace('`', "'"));
                }
                let _ = writeln!(s, "```\n");
            }
        }
        if !self.path.is_empty() {
            let _ = writeln!(s, "### Chain\n");
            for (depth, &i) in self.path.iter().enumerate() {
                if let Some(c) = self.certificates.get(i) {
                    let _ = writeln!(
                        s,
                        "{depth}. {} — valid {} → {} ({}), SHA-256 `{}`",
                        escape(&c.summary.subject),
                        escape(&c.summary.not_before),
                        escape(&c.summary.not_after),
                        escape(&c.time_left()),
                        c.summary.sha256
                    );
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(escape("a|b\nc"), "a\\|b c");
    }
}
