//! The crate's stages import one way: every `crate::…` path in `src/` points to a lower layer
//! (the list in `src/lib.rs`), and the page's modules in `src/web/` form no import cycle.
//! Comments are skipped: a doc link up the stack is a pointer for the reader, not an import.
//! So is test code (`tests.rs` files and everything from a file's `#[cfg(test)]` on, where the
//! test module sits by convention): a test may build its case with a higher stage.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. A module may use the ones before it, never the ones after it.
const LAYERS: &[&str] = &["text", "time_fmt", "vocab", "decode", "source", "evidence", "report", "rules", "share"];
/// The views sit on top and do not use each other.
const VIEWS: &[&str] = &["cli", "web", "fuzz"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without `//` comments (string literals holding `//` are rare enough in
/// `use` lines not to matter: a false hit would only make the test stricter).
fn code_lines(text: &str) -> String {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file refers to below `prefix` (`crate::`), as their first `depth` names:
/// `crate::decode::pki::pem::parse` → `["decode"]` at depth 1. Brace groups are expanded.
fn references(code: &str, prefix: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        collect_path(rest, &mut Vec::new(), &mut out);
    }
    out
}

/// Reads `a::b::{c, d::e}` at the start of `s` into full paths.
fn collect_path(s: &str, stem: &mut Vec<String>, out: &mut BTreeSet<Vec<String>>) {
    let s = s.trim_start();
    if let Some(inner) = s.strip_prefix('{') {
        let mut depth = 0usize;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    collect_path(&inner[start..i], &mut stem.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    collect_path(&inner[start..i], &mut stem.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let name: String = s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if name.is_empty() || name == "self" {
        out.insert(stem.clone());
        return;
    }
    stem.push(name.clone());
    match s[name.len()..].strip_prefix("::") {
        Some(more) => collect_path(more, stem, out),
        None => {
            out.insert(stem.clone());
        }
    }
}

/// `src/decode/pki/pem.rs` → `["decode", "pki", "pem"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src/");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_owned();
    }
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

fn rank(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == top).or_else(|| VIEWS.iter().position(|v| *v == top).map(|_| LAYERS.len()))
}

#[test]
fn every_import_points_down_the_stack() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let top = module[0].as_str();
        if top == "lib" || top == "bin" || module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let mine =
            rank(top).unwrap_or_else(|| panic!("{}: module {top} is in no layer of LAYERS/VIEWS", file.display()));
        let code = code_lines(&std::fs::read_to_string(file).expect("readable"));
        for path in references(&code, "crate::") {
            let Some(target) = path.first() else { continue };
            if target == top {
                continue;
            }
            // Items re-exported at the crate root (`crate::analyze`) belong to the layer they
            // come from: only the views may use them.
            let theirs = rank(target).unwrap_or(LAYERS.len());
            if theirs >= mine {
                wrong.push(format!("{} uses crate::{}", file.display(), path.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that point up (or across the views):\n{}", wrong.join("\n"));
}

/// The page's modules (`web::state`, `web::components`, …) import without a cycle.
#[test]
fn web_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("web"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(me) = module.get(1).cloned() else { continue };
        let code = code_lines(&std::fs::read_to_string(file).expect("readable"));
        let mut uses: BTreeSet<String> =
            references(&code, "crate::web::").into_iter().filter_map(|p| p.first().cloned()).collect();
        // `super::x` from a file directly in web/ is web::x.
        if module.len() == 2 {
            uses.extend(references(&code, "super::").into_iter().filter_map(|p| p.first().cloned()));
        }
        uses.remove(&me);
        graph.entry(me).or_default().extend(uses);
    }
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`: a path back to it is a cycle.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    cycles.push(format!("{} → {start}", path.join(" → ")));
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles between web modules:\n{}", cycles.join("\n"));
}

#[test]
fn reads_paths_and_brace_groups() {
    let got = references("use crate::{analyze, decode::{pki::pem, tls}};\nlet x = crate::text::clip(y);", "crate::");
    let want: BTreeSet<Vec<String>> =
        [vec!["analyze"], vec!["decode", "pki", "pem"], vec!["decode", "tls"], vec!["text", "clip"]]
            .into_iter()
            .map(|v| v.into_iter().map(String::from).collect())
            .collect();
    assert_eq!(got, want);
    // `mycrate::x` is not `crate::x`.
    assert!(references("use mycrate::x;", "crate::").is_empty());
}
