//! What a link contains, in words, shown before the user copies it.

use crate::decode::pki::cert::Cert;
use crate::share::state::{CaRef, CertRef, SharedState};

fn cert_line(r: &CertRef) -> String {
    match r {
        CertRef::Builtin(i) => format!("certificate {i} of the built-in bundle (by reference)"),
        CertRef::Der(d) => match Cert::from_der(d) {
            Ok(c) => format!("certificate '{}' ({} bytes)", c.name(), d.len()),
            Err(_) => format!("{} bytes of certificate data", d.len()),
        },
    }
}

/// One line per item the link carries.
pub fn describe(s: &SharedState) -> Vec<String> {
    let mut out = Vec::new();
    match &s.ca {
        CaRef::Builtin { id, .. } => out.push(format!("CA bundle: built-in '{id}' (by name and hash, not inlined)")),
        CaRef::Certs(c) if c.is_empty() => out.push("CA bundle: none".into()),
        CaRef::Certs(c) => {
            out.push(format!("CA bundle: {} certificate(s)", c.len()));
            out.extend(c.iter().take(5).map(|r| format!("  {}", cert_line(r))));
            if c.len() > 5 {
                out.push(format!("  … and {} more", c.len() - 5));
            }
        }
    }
    out.push(format!("Server chain: {} certificate(s)", s.chain.len()));
    out.extend(s.chain.iter().map(|r| format!("  {}", cert_line(r))));
    out.push(format!("Hostnames: {}", if s.hosts.is_empty() { "none".into() } else { s.hosts.join(", ") }));
    out.push(match s.at {
        Some(t) => format!("Check time: {}", crate::time_fmt::rfc3339(t)),
        None => "Check time: whenever the link is opened".into(),
    });
    if let Some(c) = &s.capture {
        let bytes: usize = c.messages.iter().map(|(_, b)| b.len()).sum();
        out.push(format!("Capture: {} handshake message(s), {bytes} bytes (user names replaced by 'redacted', auth data, databases, queries and encrypted records left out)", c.messages.len()));
    }
    for (what, text) in [("Error message", &s.error), ("How you connect", &s.settings)] {
        if text.is_empty() {
            continue;
        }
        let removed = crate::share::redact::Removed::in_text(text).words();
        let removed = if removed.is_empty() {
            "nothing to remove".to_owned()
        } else {
            format!("removed: {}", removed.join(", "))
        };
        out.push(format!("{what}: {} characters ({removed})", text.chars().count()));
    }
    if let Some(days) = s.warn_days {
        out.push(format!("Expiry warning: {days} days ahead"));
    }
    out.push(
        "Never included: private keys, passwords, user names, client addresses, text around the certificates.".into(),
    );
    out
}
