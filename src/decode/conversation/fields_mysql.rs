//! Field trees and summaries for MySQL messages. Secrets never reach a field value: the user
//! name and auth data show as `‹redacted›` with their lengths.

use std::fmt::Display;
use std::ops::Range;

use super::message::Field;
use crate::decode::mysql::auth::FastAuth;
use crate::decode::mysql::{
    AuthMoreData, AuthSwitchRequest, Capabilities, ErrPacket, Greeting, HandshakeResponse41, MariaDbCapabilities,
    OkPacket, Packet, Redacted, SslRequest,
};
use crate::text::clip;
use crate::vocab::Spanned;

pub(super) fn packet_header(p: &Packet) -> Field {
    let len_range = p.header_range.start..p.header_range.end.saturating_sub(1);
    let seq_range = len_range.end..p.header_range.end;
    Field::new(
        "packet header",
        format!("{} byte payload, sequence id {}", p.payload_len(), p.seq),
        p.header_range.clone(),
    )
    .with(vec![
        Field::new("payload length", p.payload_len().to_string(), len_range),
        Field::new("sequence id", p.seq.to_string(), seq_range),
    ])
}

fn sp<T: Display>(name: &'static str, s: &Spanned<T>) -> Field {
    Field::new(name, s.value.to_string(), s.range.clone())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    const SHOWN: usize = 48;
    let mut out = String::with_capacity(2 * bytes.len().min(SHOWN) + 16);
    for b in bytes.iter().take(SHOWN) {
        for nibble in [b >> 4, b & 0x0F] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('?'));
        }
    }
    if bytes.len() > SHOWN {
        out.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    out
}

/// Common character set ids (the full list: `SHOW COLLATION`).
fn charset_name(id: u8) -> Option<&'static str> {
    Some(match id {
        8 => "latin1_swedish_ci",
        28 => "gbk_chinese_ci",
        33 => "utf8mb3_general_ci",
        45 => "utf8mb4_general_ci",
        46 => "utf8mb4_bin",
        63 => "binary",
        83 => "utf8mb3_bin",
        224 => "utf8mb4_unicode_ci",
        255 => "utf8mb4_0900_ai_ci",
        _ => return None,
    })
}

fn charset(s: &Spanned<u8>) -> Field {
    let v = match charset_name(s.value) {
        Some(n) => format!("{} ({n})", s.value),
        None => s.value.to_string(),
    };
    Field::new("character set", v, s.range.clone())
}

/// A capability field with one child per set flag within `mask`.
fn caps(name: &'static str, caps: Capabilities, mask: u32, range: Range<usize>) -> Field {
    let shown = Capabilities(caps.0 & mask);
    let value = if mask == 0xFFFF {
        format!("{:#06x}", shown.0)
    } else if mask == 0xFFFF_0000 {
        format!("{:#06x}", shown.0 >> 16)
    } else {
        format!("{:#010x}", shown.0)
    };
    let children = shown.names().into_iter().map(|n| Field::new(n, "set", range.clone())).collect();
    Field::new(name, value, range).with(children)
}

fn mariadb_caps(s: &Spanned<MariaDbCapabilities>) -> Field {
    let mut children: Vec<Field> = s.value.names().into_iter().map(|n| Field::new(n, "set", s.range.clone())).collect();
    if s.value.unknown_bits() != 0 {
        children.push(Field::new("unknown bits", format!("{:#010x}", s.value.unknown_bits()), s.range.clone()));
    }
    Field::new("MariaDB extended capabilities", format!("{:#010x}", s.value.0), s.range.clone()).with(children)
}

pub(super) fn greeting_summary(g: &Greeting) -> String {
    let product = if g.is_mariadb() { "MariaDB" } else { "MySQL" };
    let tls = if g.offers_tls() { "TLS offered" } else { "no TLS offered (CLIENT_SSL clear)" };
    let plugin = g.auth_plugin.as_ref().map(|p| format!(", auth {}", p.value)).unwrap_or_default();
    format!("Greeting: {product} {}, {tls}{plugin}", g.version())
}

pub(super) fn greeting(g: &Greeting) -> Vec<Field> {
    let mut f = vec![
        sp("protocol version", &g.protocol),
        sp("server version", &g.server_version),
        sp("connection id", &g.connection_id),
        Field::new("auth-plugin-data part 1", hex(&g.auth_data_1.value), g.auth_data_1.range.clone()),
        sp("filler", &g.filler),
        caps("capability flags (lower)", g.capabilities, 0xFFFF, g.caps_low.range.clone()),
    ];
    if let Some(c) = &g.charset {
        f.push(charset(c));
    }
    if let Some(s) = &g.status {
        f.push(Field::new("status flags", format!("{:#06x}", s.value), s.range.clone()));
    }
    if let Some(h) = &g.caps_high {
        f.push(caps("capability flags (upper)", g.capabilities, 0xFFFF_0000, h.range.clone()));
    }
    if let Some(l) = &g.auth_data_len {
        f.push(sp("auth-plugin-data length", l));
    }
    if let Some(r) = &g.reserved {
        f.push(Field::new("reserved", hex(&r.value), r.range.clone()));
    }
    if let Some(m) = &g.mariadb_caps {
        f.push(mariadb_caps(m));
    }
    if let Some(a) = &g.auth_data_2 {
        f.push(Field::new("auth-plugin-data part 2", hex(&a.value), a.range.clone()));
    }
    if let Some(p) = &g.auth_plugin {
        f.push(sp("auth plugin name", p));
    }
    if let Some(t) = &g.trailing {
        f.push(Field::new("unexpected trailing bytes", format!("{} bytes", t.len()), t.clone()));
    }
    f
}

pub(super) fn err_summary(e: &ErrPacket) -> String {
    let state = e.sqlstate.as_ref().map(|s| format!(" ({})", s.value)).unwrap_or_default();
    format!("ERR {}{state}: {}", e.code.value, clip(&e.message.value, 120))
}

pub(super) fn err(e: &ErrPacket) -> Vec<Field> {
    let mut f = vec![Field::new("header", "0xff (ERR)", e.header.range.clone()), sp("error code", &e.code)];
    if let Some(m) = &e.sqlstate_marker {
        f.push(Field::new("SQLSTATE marker", "#", m.clone()));
    }
    if let Some(s) = &e.sqlstate {
        f.push(sp("SQLSTATE", s));
    }
    f.push(sp("error message", &e.message));
    f
}

pub(super) fn ssl_request_summary(r: &SslRequest) -> String {
    match r.tool() {
        Some(t) => format!("SSLRequest: switch to TLS (sent by {})", t.name()),
        None => "SSLRequest: switch to TLS".to_string(),
    }
}

pub(super) fn ssl_request(r: &SslRequest) -> Vec<Field> {
    let mut f = vec![
        caps("capability flags", r.capabilities.value, u32::MAX, r.capabilities.range.clone()),
        sp("max packet size", &r.max_packet),
        charset(&r.charset),
        Field::new(
            "filler",
            if r.filler_is_zero() { format!("{} zero bytes", r.filler.value.len()) } else { hex(&r.filler.value) },
            r.filler.range.clone(),
        ),
    ];
    f.extend(r.mariadb_caps.as_ref().map(mariadb_caps));
    if let Some(t) = r.tool() {
        f.push(Field::new("tool fingerprint", t.name(), r.capabilities.range.start..r.charset.range.end));
    }
    f
}

pub(super) fn handshake_response_summary(r: &HandshakeResponse41) -> String {
    let plugin = r.auth_plugin.as_ref().map(|p| format!(", plugin {}", p.value)).unwrap_or_default();
    format!("HandshakeResponse (login in clear): user {}{plugin}", Redacted)
}

pub(super) fn handshake_response(r: &HandshakeResponse41) -> Vec<Field> {
    let mut f = vec![
        caps("capability flags", r.capabilities.value, u32::MAX, r.capabilities.range.clone()),
        sp("max packet size", &r.max_packet),
        charset(&r.charset),
        Field::new("filler", format!("{} bytes", r.filler.value.len()), r.filler.range.clone()),
    ];
    f.extend(r.mariadb_caps.as_ref().map(mariadb_caps));
    f.extend([
        Field::new("user name", format!("{} ({} bytes)", Redacted, r.user_len), r.user_range.clone()),
        Field::new(
            "auth response",
            format!("{} ({} bytes)", Redacted, r.auth_response_len),
            r.auth_response_range.clone(),
        ),
    ]);
    if let Some(d) = &r.database {
        f.push(sp("database", d));
    }
    if let Some(p) = &r.auth_plugin {
        f.push(sp("client plugin name", p));
    }
    if let Some(a) = &r.attributes {
        let children = a
            .value
            .iter()
            .map(|kv| {
                Field::new(
                    "attribute",
                    format!("{} = {}", kv.key.value, kv.value.value),
                    kv.key.range.start..kv.value.range.end,
                )
            })
            .collect();
        f.push(Field::new("connection attributes", format!("{} pairs", a.value.len()), a.range.clone()).with(children));
    }
    if let Some(z) = &r.zstd_level {
        f.push(sp("zstd compression level", z));
    }
    if let Some(t) = &r.trailing {
        f.push(Field::new("unexpected trailing bytes", format!("{} bytes", t.len()), t.clone()));
    }
    f
}

pub(super) fn ok(o: &OkPacket) -> Vec<Field> {
    let mut f = vec![
        Field::new("header", "0x00 (OK)", o.header.range.clone()),
        sp("affected rows", &o.affected_rows),
        sp("last insert id", &o.last_insert_id),
    ];
    if let Some(s) = &o.status {
        f.push(Field::new("status flags", format!("{:#06x}", s.value), s.range.clone()));
    }
    if let Some(w) = &o.warnings {
        f.push(sp("warnings", w));
    }
    if !o.info.value.is_empty() {
        f.push(sp("info", &o.info));
    }
    f
}

pub(super) fn auth_switch_summary(a: &AuthSwitchRequest) -> String {
    format!("AuthSwitchRequest: use {}", a.plugin_name())
}

pub(super) fn auth_switch(a: &AuthSwitchRequest) -> Vec<Field> {
    let mut f = vec![Field::new("header", "0xfe (AuthSwitchRequest)", a.header.range.clone())];
    if let Some(p) = &a.plugin {
        f.push(sp("plugin name", p));
    }
    if let Some(d) = &a.data {
        f.push(Field::new("auth plugin data", hex(&d.value), d.range.clone()));
    }
    f
}

fn auth_more_data_what(a: &AuthMoreData) -> String {
    match a.fast_auth() {
        Some(FastAuth::Success) => "fast authentication succeeded (caching_sha2_password)".to_string(),
        Some(FastAuth::FullAuthenticationRequired) => "perform full authentication (caching_sha2_password)".to_string(),
        None if a.is_public_key() => "the server's RSA public key".to_string(),
        None => format!("{} bytes", a.data.value.len()),
    }
}

pub(super) fn auth_more_data_summary(a: &AuthMoreData) -> String {
    format!("AuthMoreData: {}", auth_more_data_what(a))
}

pub(super) fn auth_more_data(a: &AuthMoreData) -> Vec<Field> {
    vec![
        Field::new("header", "0x01 (AuthMoreData)", a.header.range.clone()),
        Field::new("data", auth_more_data_what(a), a.data.range.clone()),
    ]
}
