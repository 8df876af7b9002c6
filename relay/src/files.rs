//! Which request paths the static directory may answer: none naming a dotfile or dot-directory
//! (`.git/`, `.env`, editor swap files that land in `dist/`), and none whose file, once symlinks
//! are resolved, lies outside the directory. tower-http's `ServeDir` refuses `..` but follows
//! symlinks and serves dotfiles, so this check runs before it.

use std::path::{Path, PathBuf};

/// The static directory, resolved once at start-up.
#[derive(Debug, Clone)]
pub struct StaticRoot {
    root: PathBuf,
}

impl StaticRoot {
    pub fn new(dir: &Path) -> StaticRoot {
        // If the directory does not exist yet nothing is served from it anyway.
        StaticRoot { root: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned()) }
    }

    /// Whether the request path `path` (as in the URI, percent-encoded) may be served.
    pub async fn allows(&self, path: &str) -> bool {
        let Some(decoded) = percent_decoded(path) else {
            return false;
        };
        let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
        if segments.iter().any(|s| s.starts_with('.') || s.contains('\\')) {
            return false;
        }
        let file = segments.iter().fold(self.root.clone(), |p, s| p.join(s));
        match tokio::fs::canonicalize(&file).await {
            Ok(real) => real.starts_with(&self.root),
            // Missing: ServeDir answers 404 as usual.
            Err(_) => true,
        }
    }
}

/// `%XX` escapes decoded; `None` for a bad escape or bytes that are not UTF-8 (refused).
fn percent_decoded(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes() {
        assert_eq!(percent_decoded("/a%2eb%2F").as_deref(), Some("/a.b/"));
        assert_eq!(percent_decoded("/%zz"), None);
        assert_eq!(percent_decoded("/%2"), None);
    }

    #[tokio::test]
    async fn refuses_dotfiles_in_any_spelling() {
        let root = StaticRoot::new(Path::new("/nonexistent-relay-static"));
        for path in ["/.env", "/.git/config", "/%2egit/config", "/a/%2Ehidden", "/..%2fx", "/a%5c..%5cb"] {
            assert!(!root.allows(path).await, "{path}");
        }
        assert!(root.allows("/app.js").await);
        assert!(root.allows("/").await);
    }
}
