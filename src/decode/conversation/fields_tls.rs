//! Field trees and summaries for TLS records and handshake messages.

use std::fmt::Display;

use super::fields_mysql::hex;
use super::message::Field;
use crate::decode::tls::extensions::{Extension, ExtensionInfo};
use crate::decode::tls::handshake::CertificateEntry;
use crate::decode::tls::{Alert, Certificate, ClientHello, RawHandshake, Record, ServerHello};
use crate::vocab::Spanned;

fn sp<T: Display>(name: &'static str, s: &Spanned<T>) -> Field {
    Field::new(name, s.value.to_string(), s.range.clone())
}

pub(super) fn record_header(r: &Record) -> Field {
    Field::new(
        "TLS record",
        format!("{}, {}, {} bytes", r.content_type.value, r.version.value, r.length.value),
        r.header_range(),
    )
    .with(vec![sp("content type", &r.content_type), sp("record version", &r.version), sp("length", &r.length)])
}

pub(super) fn handshake_header(raw: &RawHandshake) -> Vec<Field> {
    vec![sp("handshake type", &raw.msg_type), sp("length", &raw.length)]
}

fn extension(e: &Extension) -> Field {
    let detail = match &e.info {
        ExtensionInfo::ServerName(n) => join(n.iter().map(|s| s.value.as_str())),
        ExtensionInfo::Alpn(p) => join(p.iter().map(|s| s.value.as_str())),
        ExtensionInfo::SupportedVersions(v) => v.iter().map(|s| s.value.to_string()).collect::<Vec<_>>().join(", "),
        ExtensionInfo::Other(s) => s.clone(),
    };
    let value = if detail.is_empty() {
        e.ext_type.value.to_string()
    } else {
        format!("{}: {}", e.ext_type.value, crate::text::clip(&detail, 160))
    };
    let mut children = vec![sp("type", &e.ext_type), sp("length", &e.length)];
    match &e.info {
        ExtensionInfo::ServerName(n) => children.extend(n.iter().map(|s| sp("server name", s))),
        ExtensionInfo::Alpn(p) => children.extend(p.iter().map(|s| sp("protocol", s))),
        ExtensionInfo::SupportedVersions(v) => children.extend(v.iter().map(|s| sp("supported version", s))),
        ExtensionInfo::Other(_) => {}
    }
    if let Some(err) = &e.error {
        children.push(Field::new("decode error", err.to_string(), e.data.clone()));
    }
    Field::new("extension", value, e.range()).with(children)
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn extensions(exts: &Option<Spanned<Vec<Extension>>>) -> Option<Field> {
    let e = exts.as_ref()?;
    Some(
        Field::new("extensions", format!("{}", e.value.len()), e.range.clone())
            .with(e.value.iter().map(extension).collect()),
    )
}

pub(super) fn client_hello_summary(ch: &ClientHello) -> String {
    let versions = ch
        .offered_versions()
        .iter()
        .map(|v| v.name().map_or_else(|| v.to_string(), str::to_string))
        .collect::<Vec<_>>()
        .join(", ");
    let sni = ch.sni().map(|s| format!("; SNI {s}")).unwrap_or_else(|| "; no SNI".to_string());
    format!("ClientHello: offers {versions}{sni}; {} cipher suites", ch.suites().len())
}

pub(super) fn client_hello(ch: &ClientHello) -> Vec<Field> {
    let mut f = vec![
        sp("client version", &ch.legacy_version),
        Field::new("random", hex(&ch.random.value), ch.random.range.clone()),
        Field::new("session id", format!("{} bytes", ch.session_id.value.len()), ch.session_id.range.clone()),
        Field::new("cipher suites", format!("{}", ch.cipher_suites.value.len()), ch.cipher_suites.range.clone())
            .with(ch.cipher_suites.value.iter().map(|s| sp("cipher suite", s)).collect()),
        Field::new("compression methods", hex(&ch.compression_methods.value), ch.compression_methods.range.clone()),
    ];
    f.extend(extensions(&ch.extensions));
    if let Some(t) = &ch.trailing {
        f.push(Field::new("unexpected trailing bytes", format!("{} bytes", t.len()), t.clone()));
    }
    f
}

pub(super) fn server_hello_summary(sh: &ServerHello) -> String {
    let what = if sh.is_hello_retry_request { "HelloRetryRequest" } else { "ServerHello" };
    let version = sh.version();
    format!("{what}: {}, {}", version.name().map_or_else(|| version.to_string(), str::to_string), sh.cipher_suite.value)
}

pub(super) fn server_hello(sh: &ServerHello) -> Vec<Field> {
    let mut f = vec![
        sp("server version", &sh.legacy_version),
        Field::new(
            "random",
            if sh.is_hello_retry_request { "HelloRetryRequest marker".to_string() } else { hex(&sh.random.value) },
            sh.random.range.clone(),
        ),
        Field::new("session id", format!("{} bytes", sh.session_id.value.len()), sh.session_id.range.clone()),
        sp("cipher suite", &sh.cipher_suite),
        sp("compression method", &sh.compression_method),
    ];
    f.extend(extensions(&sh.extensions));
    if let Some(t) = &sh.trailing {
        f.push(Field::new("unexpected trailing bytes", format!("{} bytes", t.len()), t.clone()));
    }
    f
}

fn cert_entry(c: &CertificateEntry) -> Field {
    let subject = crate::decode::pki::cert::Cert::from_der(&c.der)
        .map(|cert| cert.summary.subject)
        .unwrap_or_else(|e| e.to_string());
    Field::new("certificate", subject, c.range.clone()).with(vec![Field::new(
        "DER",
        format!("{} bytes", c.der.len()),
        c.der_range.clone(),
    )])
}

pub(super) fn certificate_summary(c: &Certificate) -> String {
    let n = c.list.value.len();
    format!("Certificate: {n} certificate{}", if n == 1 { "" } else { "s" })
}

pub(super) fn certificate(c: &Certificate) -> Vec<Field> {
    let n = c.list.value.len();
    let mut f = vec![Field::new("certificates", n.to_string(), c.list.range.clone())
        .with(c.list.value.iter().map(cert_entry).collect())];
    if let Some(t) = &c.trailing {
        f.push(Field::new("unexpected trailing bytes", format!("{} bytes", t.len()), t.clone()));
    }
    f
}

pub(super) fn alert_summary(a: &Alert, sender: &str) -> String {
    format!(
        "Alert from the {sender} ({}): {}",
        a.level.value.name().unwrap_or("unknown level"),
        a.description.value.name().unwrap_or("unknown")
    )
}

pub(super) fn alert(a: &Alert) -> Vec<Field> {
    vec![sp("level", &a.level), sp("description", &a.description)]
}
