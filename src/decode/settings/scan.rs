//! One loose reader for the code-like formats (Python kwargs and dicts, node objects, PHP arrays,
//! YAML): every `key = value`, `key: value` or `key => value` in order, nesting flattened. Keys
//! lose their quotes; a value is a quoted string, a bare word, or the first string argument of a
//! call (`fs.readFileSync('/ca.pem')`). Total over any text.

/// One assignment: key as written (quotes removed), value, byte offset of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    pub key: String,
    pub value: String,
    pub offset: usize,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'$' | b'~' | b'+')
}

/// A quoted string starting at `i` (which holds the quote): its content and the index after it.
fn quoted(b: &[u8], i: usize) -> (usize, usize) {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() && b[j] != q {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    (j.min(b.len()), (j + 1).min(b.len()))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Every assignment in `text`.
pub(crate) fn pairs(text: &str) -> Vec<Pair> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // A key: a quoted string or a word (PHP's `PDO::NAME` keeps its `::`).
        let (kstart, kend, next) = if b[i] == b'\'' || b[i] == b'"' {
            let (end, next) = quoted(b, i);
            (i + 1, end, next)
        } else if is_word(b[i]) || b[i] == b':' && b.get(i + 1) == Some(&b':') {
            let mut j = i;
            while j < b.len() && (is_word(b[j]) || b[j] == b':' && b.get(j + 1) == Some(&b':')) {
                j += if b[j] == b':' { 2 } else { 1 };
            }
            (i, j.min(b.len()), j.min(b.len()))
        } else {
            // Not a key: skip to the next byte that may start one (non-ASCII bytes never do, and
            // every slice below is taken at an ASCII byte, so byte steps keep them on boundaries).
            i += 1 + b[i + 1..]
                .iter()
                .position(|&c| is_word(c) || c == b'\'' || c == b'"' || c == b':')
                .unwrap_or(b.len() - i - 1);
            continue;
        };
        let mut j = skip_ws(b, next);
        let sep = if b[j..].starts_with(b"=>") {
            2
        } else if j < b.len() && (b[j] == b'=' && b.get(j + 1) != Some(&b'=') || b[j] == b':') {
            1
        } else {
            0
        };
        if sep == 0 || kstart >= kend {
            i = next.max(i + 1);
            continue;
        }
        j = skip_ws(b, j + sep);
        // A Ruby symbol value (`ssl_mode: :verify_identity`) is its name.
        if b.get(j) == Some(&b':') && b.get(j + 1).is_some_and(|&c| c.is_ascii_alphabetic()) {
            j += 1;
        }
        let key = text.get(kstart..kend).unwrap_or("").trim_start_matches(':').to_owned();
        if j < b.len() && (b[j] == b'\'' || b[j] == b'"') {
            let (end, after) = quoted(b, j);
            out.push(Pair { key, value: text.get(j + 1..end).unwrap_or("").to_owned(), offset: j + 1 });
            i = after;
        } else {
            let mut e = j;
            while e < b.len() && (is_word(b[e]) || b[e] == b':' && b.get(e + 1) == Some(&b':')) {
                e += if b[e] == b':' { 2 } else { 1 };
            }
            let e = e.min(b.len());
            let word = text.get(j..e).unwrap_or("");
            if e < b.len() && b[e] == b'(' {
                // A call: its first string argument is the value (a CA path read from a file).
                let close = text[e..].find(')').map_or(b.len(), |c| e + c);
                let inner = text.get(e..close).unwrap_or("");
                if let Some(q) = inner.find(['\'', '"']) {
                    let (end, _) = quoted(b, e + q);
                    out.push(Pair { key, value: text.get(e + q + 1..end).unwrap_or("").to_owned(), offset: e + q + 1 });
                }
                i = e + 1;
            } else {
                if !word.is_empty() {
                    out.push(Pair { key, value: word.to_owned(), offset: j });
                }
                i = if e > j { e } else { j.max(i + 1) };
            }
        }
    }
    out
}

/// The last value given for any of `keys` (ASCII case-insensitive), with its offset.
pub(crate) fn get<'a>(pairs: &'a [Pair], keys: &[&str]) -> Option<&'a Pair> {
    pairs.iter().rev().find(|p| keys.iter().any(|k| p.key.eq_ignore_ascii_case(k)))
}

/// A truthy value as the languages write it.
pub(crate) fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}
