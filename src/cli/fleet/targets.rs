//! The target list: arguments, a file or standard input, `HOST[:PORT]` per line, `#` comments,
//! blank lines skipped, repeats dropped (a target is checked once). A malformed line makes the
//! whole input unusable (exit 2) with its line number: a typo must not silently skip a server.

/// A line that is not `HOST[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadTarget {
    /// 1-based line (0 for a command-line argument).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for BadTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.message),
            n => write!(f, "line {n}: {}", self.message),
        }
    }
}

/// Checks one `HOST[:PORT]` (IPv6 as `[::1]:3306`).
pub fn check(target: &str) -> Result<(), String> {
    let shown = crate::text::clip(target, 60);
    let (host, port) = if let Some(rest) = target.strip_prefix('[') {
        let Some((h, tail)) = rest.split_once(']') else { return Err(format!("'{shown}': no closing ']'")) };
        if !h.contains(':') || !h.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(format!("'{shown}': not an IPv6 address in brackets"));
        }
        match tail {
            "" => (h, None),
            t => match t.strip_prefix(':') {
                Some(p) => (h, Some(p)),
                None => return Err(format!("'{shown}': expected ':PORT' after ']'")),
            },
        }
    } else {
        match target.rsplit_once(':') {
            Some((h, _)) if h.contains(':') => {
                return Err(format!("'{shown}': write an IPv6 address as [ADDRESS]:PORT"))
            }
            Some((h, p)) => (h, Some(p)),
            None => (target, None),
        }
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    if !host_ok {
        return Err(format!("'{shown}': not a host name or address"));
    }
    if let Some(p) = port {
        match p.parse::<u16>() {
            Ok(n) if n > 0 => {}
            _ => return Err(format!("'{shown}': the port must be a number from 1 to 65535")),
        }
    }
    Ok(())
}

/// Reads a list (file or standard input).
pub fn parse_list(text: &str) -> Result<Vec<String>, BadTarget> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if line.split_whitespace().nth(1).is_some() {
            return Err(BadTarget {
                line: i + 1,
                message: format!("'{}': one target per line", crate::text::clip(line, 60)),
            });
        }
        check(line).map_err(|message| BadTarget { line: i + 1, message })?;
        out.push(line.to_owned());
    }
    Ok(out)
}

/// Drops repeats, keeping the first of each.
pub fn dedup(targets: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    targets.into_iter().filter(|t| seen.insert(t.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hosts_ports_comments_and_ipv6() {
        let list = "# prod\ndb1.example.com\n\n  db2:3307  # replica\n[::1]:3306\n127.0.0.1\n";
        assert_eq!(
            parse_list(list),
            Ok(vec!["db1.example.com".into(), "db2:3307".into(), "[::1]:3306".into(), "127.0.0.1".into()])
        );
        assert_eq!(dedup(vec!["a".into(), "b".into(), "a".into()]), vec!["a".to_owned(), "b".to_owned()]);
    }

    #[test]
    fn rejects_bad_lines_with_their_number() {
        let err = |s: &str| parse_list(s).map_err(|e| e.to_string());
        assert_eq!(err("ok\ndb:x\n"), Err("line 2: 'db:x': the port must be a number from 1 to 65535".into()));
        assert_eq!(err("db:0"), Err("line 1: 'db:0': the port must be a number from 1 to 65535".into()));
        assert_eq!(err("a b"), Err("line 1: 'a b': one target per line".into()));
        assert_eq!(err("::1:3306"), Err("line 1: '::1:3306': write an IPv6 address as [ADDRESS]:PORT".into()));
        assert_eq!(err("[::1"), Err("line 1: '[::1': no closing ']'".into()));
        assert_eq!(err("db/x"), Err("line 1: 'db/x': not a host name or address".into()));
        assert_eq!(err("\u{1b}[31m"), Err("line 1: '\\u{1b}[31m': not a host name or address".into()));
    }
}
