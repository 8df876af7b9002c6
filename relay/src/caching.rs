//! How long a browser may keep a served file without asking again.
//!
//! Trunk names what the page loads after a hash of its contents
//! (`mysql-tls-doctor-web-5cb8e2bd3fb290aa_bg.wasm`, `style-7742ccdf8b5f5006.css`): a new build
//! gets new names, so those are kept a year and never revalidated. Everything else keeps its
//! name across builds — `index.html` (which names the hashed files), the workers'
//! `*_loader.js`/`*_bg.wasm`, the RDS bundle — and is revalidated on each use (`no-cache`),
//! which costs a 304 when nothing changed.

/// Kept a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Revalidated on each use.
pub const REVALIDATE: &str = "no-cache";

/// The `Cache-Control` for the request path `path`.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if is_hashed(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// Whether `name` carries Trunk's content hash: the part before the first `.` ends in `-`
/// and 16 lowercase hex digits, optionally followed by `_bg` (wasm-bindgen's wasm file).
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty() && hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_immutable_the_rest_revalidates() {
        let cases = [
            ("/mysql-tls-doctor-web-5cb8e2bd3fb290aa_bg.wasm", IMMUTABLE),
            ("/mysql-tls-doctor-web-5cb8e2bd3fb290aa.js", IMMUTABLE),
            ("/style-7742ccdf8b5f5006.css", IMMUTABLE),
            ("/sub/style-7742ccdf8b5f5006.css", IMMUTABLE),
            ("/index.html", REVALIDATE),
            ("/", REVALIDATE),
            ("/mysql-tls-doctor-probe_loader.js", REVALIDATE),
            ("/mysql-tls-doctor-probe_bg.wasm", REVALIDATE),
            ("/rds-global-bundle-2024-06.pem", REVALIDATE),
            // Not 16 lowercase hex digits.
            ("/style-7742CCDF8B5F5006.css", REVALIDATE),
            ("/style-7742ccdf8b5f500.css", REVALIDATE),
            ("/-7742ccdf8b5f5006.css", REVALIDATE),
            ("/style-7742ccdf8b5f5006g.css", REVALIDATE),
        ];
        for (path, expected) in cases {
            assert_eq!(cache_control(path), expected, "{path}");
        }
    }
}
