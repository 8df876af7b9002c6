//! Wire builders for the unit tests, from the documented formats: the one set the decoders'
//! test modules share (the integration tests have theirs in `tests/support/wire.rs`).
//!
//! MySQL: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html>;
//! TLS: RFC 5246 §6.2 (records), §7.4 (handshake messages).

/// A MySQL packet: int<3> payload_length, int<1> sequence_id, payload.
pub(crate) fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let mut p = (payload.len() as u32).to_le_bytes()[..3].to_vec();
    p.push(seq);
    p.extend(payload);
    p
}

/// A TLS handshake message: HandshakeType msg_type, uint24 length, body.
pub(crate) fn handshake(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![msg_type];
    m.extend(&(body.len() as u32).to_be_bytes()[1..]);
    m.extend(body);
    m
}

/// A TLS record (legacy_record_version 3.3): ContentType, ProtocolVersion, uint16 length, body.
pub(crate) fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type, 3, 3];
    r.extend((body.len() as u16).to_be_bytes());
    r.extend(body);
    r
}

/// ERR packet payload: 0xff, int<2> code, `#` + SQL state (when given), message.
pub(crate) fn err_payload(code: u16, state: Option<&str>, msg: &str) -> Vec<u8> {
    let mut p = vec![0xFF];
    p.extend(code.to_le_bytes());
    if let Some(s) = state {
        p.push(b'#');
        p.extend(s.as_bytes());
    }
    p.extend(msg.as_bytes());
    p
}

/// Certificate message body: uint24 list length, then each DER with its uint24 length.
pub(crate) fn certificate_body(ders: &[&[u8]]) -> Vec<u8> {
    let list: Vec<u8> = ders
        .iter()
        .flat_map(|d| {
            let mut e = (d.len() as u32).to_be_bytes()[1..].to_vec();
            e.extend(*d);
            e
        })
        .collect();
    let mut b = (list.len() as u32).to_be_bytes()[1..].to_vec();
    b.extend(list);
    b
}
