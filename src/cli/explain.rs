//! `mysql-tls-doctor explain [TEXT] [--json]`: a pasted error message → its likely causes.
//! Reads standard input when TEXT is absent. Exit codes: 0 recognised (a TLS cause, or a
//! message recognised as something else), 1 nothing recognised, 2 unusable input (empty, or
//! not UTF-8 text).

use std::io::{Read, Write};

use anyhow::Context as _;

use crate::rules::error_message::explain;

/// Runs the command; `stdin` is read only when `text` is `None`.
pub fn run(text: Option<String>, json: bool, stdin: &mut dyn Read, out: &mut dyn Write) -> anyhow::Result<i32> {
    let text = match text {
        Some(t) => t,
        None => {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).context("reading standard input")?;
            match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!("explain: the input is not UTF-8 text; paste the error message itself");
                    return Ok(2);
                }
            }
        }
    };
    if text.trim().is_empty() {
        eprintln!("explain: no message given: pass it as an argument or on standard input");
        return Ok(2);
    }
    let explanation = explain(&text);
    if json {
        serde_json::to_writer_pretty(&mut *out, &explanation)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", explanation.to_text())?;
    }
    Ok(explanation.exit_code())
}
