//! Hostile-text hygiene. Certificate fields and pasted text are attacker-controlled: they may
//! carry terminal escapes, bidi overrides or markup. Everything the report carries goes through
//! [`safe`], so every view (terminal, JSON, DOM) shows it as inert, visible text.

/// Replaces control characters and invisible/bidi formatting characters with a visible
/// `\u{…}` escape. Markup (`<`, `>`) is left alone: the DOM view renders text, never HTML.
pub fn safe(s: &str) -> String {
    // Printable ASCII (nearly every version string and name) needs no escape: one copy.
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_dangerous(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x200B..=0x200F   // zero-width, LRM, RLM
            | 0x202A..=0x202E // bidi embeddings and overrides
            | 0x2060..=0x2069 // word joiner, bidi isolates
            | 0xFEFF)
}

/// At most `max` characters of `s` (made safe), with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    let safe = safe(s);
    if safe.chars().count() <= max {
        return safe;
    }
    let mut out: String = safe.chars().take(max).collect();
    out.push('…');
    out
}

/// How to name a character in an error message: `'x'` or `U+0007`.
pub fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("the character '{c}'")
    } else {
        format!("the character U+{:04X}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_and_bidi_controls() {
        assert_eq!(safe("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(safe("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(safe("<img src=x onerror=alert(1)>"), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn clips_long_text() {
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
