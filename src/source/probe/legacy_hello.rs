//! A hand-built ClientHello offering exactly one old version (TLS 1.0 or 1.1), for the
//! "which versions does the server accept?" check — rustls never speaks them. Only the
//! server's first answer is read (ServerHello or alert); the handshake is never finished.
//! Layout: RFC 5246 §7.4.1.2 (the same for 1.0/1.1), SNI RFC 6066 §3.

use crate::decode::tls::{AlertDescription, ProtocolVersion};

/// Suites a 1.0/1.1 server of the last decade accepts: ECDHE and RSA with AES-CBC and 3DES.
const SUITES: &[u16] = &[0xC013, 0xC014, 0xC009, 0xC00A, 0x002F, 0x0035, 0x000A];

/// The ClientHello record for `version` (0x0301 TLS 1.0, 0x0302 TLS 1.1). `random` comes from
/// the caller (the core takes no randomness of its own); `sni` is omitted for IP addresses.
pub fn client_hello(version: ProtocolVersion, random: [u8; 32], sni: Option<&str>) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&version.0.to_be_bytes()); // ProtocolVersion client_version
    body.extend_from_slice(&random); // Random random
    body.push(0); // SessionID: empty
    body.extend_from_slice(&((SUITES.len() * 2) as u16).to_be_bytes()); // CipherSuite list
    for s in SUITES {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression_methods: null only
    let mut ext = Vec::new();
    if let Some(name) = sni {
        let n = name.as_bytes();
        ext.extend_from_slice(&[0, 0]); // server_name
        ext.extend_from_slice(&((n.len() + 5) as u16).to_be_bytes());
        ext.extend_from_slice(&((n.len() + 3) as u16).to_be_bytes());
        ext.push(0); // host_name
        ext.extend_from_slice(&(n.len() as u16).to_be_bytes());
        ext.extend_from_slice(n);
    }
    // supported_groups: secp256r1, secp384r1; ec_point_formats: uncompressed.
    ext.extend_from_slice(&[0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18]);
    ext.extend_from_slice(&[0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]);
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);

    let mut hs = vec![1]; // HandshakeType client_hello
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]); // uint24 length
    hs.extend_from_slice(&body);
    let mut rec = vec![22]; // ContentType handshake
    rec.extend_from_slice(&0x0301u16.to_be_bytes()); // record version: 1.0 for compatibility
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}

/// What the server answered to a single-version ClientHello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyAnswer {
    /// ServerHello choosing this version.
    Accepted(ProtocolVersion),
    /// An alert, typically 70 protocol_version or 40 handshake_failure.
    Alert(AlertDescription),
    /// Not enough bytes yet.
    Incomplete,
    /// Something else (the server closed, or a MySQL ERR packet).
    Other,
}

/// Reads the first TLS record of the server's answer.
pub fn read_answer(bytes: &[u8]) -> LegacyAnswer {
    // A MySQL ERR packet of 22 bytes also starts with 0x16 (its length): a TLS record's
    // second byte is the major version 3.
    if bytes.get(1).is_some_and(|&major| major != 3) {
        return LegacyAnswer::Other;
    }
    let Some(header) = bytes.get(..5) else { return LegacyAnswer::Incomplete };
    let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let Some(body) = bytes.get(5..5 + len) else {
        return if header[0] == 21 || header[0] == 22 { LegacyAnswer::Incomplete } else { LegacyAnswer::Other };
    };
    match (header[0], body.first()) {
        (21, _) => body.get(1).map_or(LegacyAnswer::Other, |d| LegacyAnswer::Alert(AlertDescription(*d))),
        // ServerHello: type 2, uint24 length, then server_version.
        (22, Some(2)) => match body.get(4..6) {
            Some(v) => LegacyAnswer::Accepted(ProtocolVersion(u16::from_be_bytes([v[0], v[1]]))),
            None => LegacyAnswer::Other,
        },
        _ => LegacyAnswer::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_well_formed_record() {
        let r = client_hello(ProtocolVersion::TLS_1_1, [7; 32], Some("db.example.com"));
        assert_eq!(r[0], 22);
        assert_eq!(usize::from(u16::from_be_bytes([r[3], r[4]])), r.len() - 5);
        assert_eq!(r[5], 1);
        assert_eq!(&r[9..11], &[3, 2]);
        assert!(r.windows(14).any(|w| w == b"db.example.com"));
    }

    #[test]
    fn reads_alerts_and_server_hellos() {
        assert_eq!(read_answer(&[21, 3, 3, 0, 2, 2, 70]), LegacyAnswer::Alert(AlertDescription::PROTOCOL_VERSION));
        assert_eq!(read_answer(&[22, 3, 1, 0, 6, 2, 0, 0, 2, 3, 1]), LegacyAnswer::Accepted(ProtocolVersion::TLS_1_0));
        assert_eq!(read_answer(&[22, 3]), LegacyAnswer::Incomplete);
        assert_eq!(read_answer(&[0x16, 0, 0, 2, 0xff, 0x13]), LegacyAnswer::Other);
    }
}
