//! A total parser for pasted certificate text.
//!
//! Accepts what people actually paste: a bundle of many PEM blocks with LF or CRLF line ends,
//! the whole output of `openssl s_client -showcerts` (text before, between and after blocks),
//! a single base64 certificate without armour, or DER bytes that a view base64-encoded. Every
//! problem is reported with the 1-based line it is on; what can be decoded still is.
//!
//! Written over lines rather than with the `pem` crate because its errors carry no position,
//! and it rejects the text around blocks that `s_client` prints.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Serialize;

/// Inputs larger than this are refused whole: a certificate bundle is kilobytes, not megabytes.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// At most this many certificates are read from one input.
pub const MAX_CERTS: usize = 5000;

/// One certificate found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCert {
    pub der: Vec<u8>,
    /// 1-based line of the `-----BEGIN` (or of the base64 text).
    pub line: usize,
}

/// Something in the text that is not a usable certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line number, 0 when the problem is about the whole input.
    pub line: usize,
    pub message: String,
}

/// The result of reading one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub certs: Vec<FoundCert>,
    pub problems: Vec<Problem>,
    /// Lines where a private key block begins. The key itself is never kept.
    pub private_key_lines: Vec<usize>,
}

fn is_private_key_label(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

fn is_certificate_label(label: &str) -> bool {
    matches!(label, "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE")
}

/// What a non-certificate block is, and what to do with it.
fn other_label_hint(label: &str) -> String {
    match label {
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            "is a certificate signing request, not a certificate".into()
        }
        "PKCS7" => "is a PKCS#7 bundle; convert it with `openssl pkcs7 -print_certs -in FILE`".into(),
        "X509 CRL" => "is a revocation list, not a certificate".into(),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => "is a bare public key, not a certificate".into(),
        _ => format!("is a `{}` block, not a certificate", crate::text::clip(label, 40)),
    }
}

/// Reads every certificate in `text`. Never panics; never keeps private key material.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    if text.len() > MAX_INPUT_BYTES {
        out.problems.push(Problem {
            line: 0,
            message: format!(
                "input is {} bytes; certificate input is limited to {} bytes (a CA bundle is usually under 200 KB) — paste only the certificates",
                text.len(),
                MAX_INPUT_BYTES
            ),
        });
        return out;
    }
    if !text.contains("-----BEGIN") {
        parse_unarmoured(text, &mut out);
        return out;
    }
    let mut block: Option<Block> = None;
    for (idx, raw) in text.split('\n').enumerate() {
        let lineno = idx + 1;
        let line = raw.trim_end_matches('\r').trim();
        if let Some(label) = armour(line, "-----BEGIN ") {
            if let Some(open) = block.take() {
                out.problems.push(Problem {
                    line: open.line,
                    message: format!(
                        "`BEGIN {}` has no matching END line before the next BEGIN on line {lineno} — the block is truncated",
                        crate::text::clip(&open.label, 40)
                    ),
                });
            }
            block = Some(Block::new(label, lineno));
            continue;
        }
        if let Some(label) = armour(line, "-----END ") {
            match block.take() {
                Some(open) if open.label == label => finish(open, &mut out),
                Some(open) => {
                    out.problems.push(Problem {
                        line: lineno,
                        message: format!(
                            "`END {}` does not close `BEGIN {}` from line {}",
                            crate::text::clip(label, 40),
                            crate::text::clip(&open.label, 40),
                            open.line
                        ),
                    });
                }
                None => out.problems.push(Problem {
                    line: lineno,
                    message: format!("`END {}` without a BEGIN line before it", crate::text::clip(label, 40)),
                }),
            }
            continue;
        }
        if let Some(open) = block.as_mut() {
            open.push(line, lineno);
        }
        if out.certs.len() >= MAX_CERTS {
            out.problems.push(Problem { line: lineno, message: format!("stopped after {MAX_CERTS} certificates") });
            return out;
        }
    }
    if let Some(open) = block {
        out.problems.push(Problem {
            line: open.line,
            message: format!(
                "`BEGIN {}` has no END line — the text was cut off; copy the whole block up to `-----END {}-----`",
                crate::text::clip(&open.label, 40),
                crate::text::clip(&open.label, 40)
            ),
        });
        if is_private_key_label(&open.label) {
            out.private_key_lines.push(open.line);
        }
    }
    out
}

/// `-----BEGIN X-----` → `X`.
fn armour<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

struct Block {
    label: String,
    line: usize,
    body: String,
    /// First body line that is not base64, with the offending character.
    bad: Option<(usize, char)>,
    /// RFC 1421 headers (`Proc-Type:`) mean an encrypted legacy key.
    headers: bool,
}

impl Block {
    fn new(label: &str, line: usize) -> Self {
        Block { label: label.to_owned(), line, body: String::new(), bad: None, headers: false }
    }

    fn push(&mut self, line: &str, lineno: usize) {
        if is_private_key_label(&self.label) {
            return; // never copy key material
        }
        if line.contains(':') && self.body.is_empty() {
            self.headers = true;
            return;
        }
        if let Some(c) = line.chars().find(|c| !is_base64_char(*c)) {
            self.bad.get_or_insert((lineno, c));
        }
        if self.body.len() < MAX_INPUT_BYTES {
            self.body.push_str(line);
        }
    }
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='
}

fn finish(block: Block, out: &mut Parsed) {
    if is_private_key_label(&block.label) {
        out.private_key_lines.push(block.line);
        return;
    }
    if !is_certificate_label(&block.label) {
        out.problems.push(Problem {
            line: block.line,
            message: format!("the block on line {} {}; skipped", block.line, other_label_hint(&block.label)),
        });
        return;
    }
    if let Some((lineno, c)) = block.bad {
        out.problems.push(Problem {
            line: lineno,
            message: format!(
                "line {lineno} of the certificate that begins on line {} has {}, which is not base64 — the block was edited or mangled",
                block.line,
                crate::text::describe_char(c)
            ),
        });
        return;
    }
    match STANDARD.decode(block.body.as_bytes()) {
        Ok(der) => push_der(der, block.line, out),
        Err(e) => out.problems.push(Problem {
            line: block.line,
            message: format!(
                "the certificate that begins on line {} is not valid base64 ({e}) — is it truncated?",
                block.line
            ),
        }),
    }
}

/// A certificate must at least be one DER SEQUENCE; the full parse happens in `cert`.
fn push_der(der: Vec<u8>, line: usize, out: &mut Parsed) {
    if der.is_empty() {
        out.problems.push(Problem { line, message: format!("the certificate on line {line} is empty") });
        return;
    }
    out.certs.push(FoundCert { der, line });
}

/// No PEM armour: a bare base64 certificate, or nothing usable.
fn parse_unarmoured(text: &str, out: &mut Parsed) {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return;
    }
    if let Some((idx, c)) = compact.char_indices().find(|(_, c)| !is_base64_char(*c)) {
        let line = line_of_nth_non_ws(text, idx);
        out.problems.push(Problem {
            line,
            message: format!(
                "no `-----BEGIN CERTIFICATE-----` block found, and the text is not base64 either ({} on line {line}) — paste PEM certificates",
                crate::text::describe_char(c)
            ),
        });
        return;
    }
    match STANDARD.decode(compact.as_bytes()) {
        Ok(der) if der.first() == Some(&0x30) => push_der(der, 1, out),
        Ok(_) => out.problems.push(Problem {
            line: 1,
            message: "the text is base64 but does not decode to a DER certificate (it should start with byte 0x30)"
                .into(),
        }),
        Err(e) => out.problems.push(Problem {
            line: 1,
            message: format!("no `-----BEGIN CERTIFICATE-----` block found, and the text is not valid base64 ({e})"),
        }),
    }
}

/// 1-based line number of the `n`-th non-whitespace byte offset of `text`.
fn line_of_nth_non_ws(text: &str, n: usize) -> usize {
    let mut seen = 0usize;
    let mut line = 1usize;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if !c.is_whitespace() {
            if seen == n {
                return line;
            }
            seen += c.len_utf8();
        }
    }
    line
}

/// Removes private key blocks from pasted text (the UI does this before keeping the text
/// anywhere). Returns the cleaned text and how many blocks were removed.
pub fn strip_private_keys(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut in_key: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end_matches(['\r', '\n']).trim();
        match &in_key {
            Some(label) => {
                if armour(t, "-----END ") == Some(label.as_str()) {
                    in_key = None;
                }
            }
            None => match armour(t, "-----BEGIN ") {
                Some(label) if is_private_key_label(label) => {
                    removed += 1;
                    in_key = Some(label.to_owned());
                }
                _ => out.push_str(line),
            },
        }
    }
    (out, removed)
}

/// One certificate's DER as a PEM block (64-character lines, LF), as `openssl x509` writes it.
pub fn to_pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    // base64 output is ASCII, so 64-byte chunks are whole characters.
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}
