//! SYNTHETIC MySQL and TLS messages for the integration tests, built from the documented
//! formats: the one set of packet, record and handshake builders (the unit tests have theirs in
//! `src/decode/test_wire.rs`). Bytes only; [`super::pcap_writer`] puts them into captures.
//!
//! MySQL: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html>;
//! TLS: RFC 5246 §6.2 (records), §7.4 (handshake messages).

/// A MySQL packet: int<3> payload_length, int<1> sequence_id, payload.
pub fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut v = len.to_le_bytes()[..3].to_vec();
    v.push(seq);
    v.extend_from_slice(payload);
    v
}

/// A TLS record (legacy_record_version 3.3): ContentType, ProtocolVersion, uint16 length, body.
pub fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type, 3, 3];
    r.extend_from_slice(&(body.len() as u16).to_be_bytes());
    r.extend_from_slice(body);
    r
}

/// A TLS handshake message: HandshakeType msg_type, uint24 length, body.
pub fn handshake(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let mut h = vec![msg_type];
    h.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    h.extend_from_slice(body);
    h
}

/// Which server sent the greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// MySQL 8.0.36, caching_sha2_password, every lower capability bit (CLIENT_SSL included).
    Mysql8,
    /// MariaDB 10.11 (`5.5.5-` prefix), mysql_native_password, CLIENT_MYSQL clear so the last
    /// four reserved bytes are its extended capabilities (here 0).
    MariaDb,
}

/// HandshakeV10 payload from `server`, offering CLIENT_SSL.
pub fn greeting_payload(server: Server) -> Vec<u8> {
    let mariadb = server == Server::MariaDb;
    let mut p = vec![0x0a]; // int<1> protocol version
    p.extend_from_slice(if mariadb { &b"5.5.5-10.11.6-MariaDB\0"[..] } else { &b"8.0.36\0"[..] });
    p.extend_from_slice(&42u32.to_le_bytes()); // int<4> thread id
    p.extend_from_slice(b"abcdefgh\0"); // auth-plugin-data-part-1, filler
    p.extend_from_slice(&if mariadb { 0xfffeu16 } else { 0xffff }.to_le_bytes()); // capability flags (lower)
    p.push(0xff); // character set
    p.extend_from_slice(&2u16.to_le_bytes()); // status
    p.extend_from_slice(&0xdfffu16.to_le_bytes()); // capability flags (upper)
    p.push(21); // auth plugin data length
    p.extend_from_slice(&[0; 10]); // reserved (MariaDB: 6 reserved + 4 extended capabilities)
    p.extend_from_slice(b"ijklmnopqrst\0"); // auth-plugin-data-part-2
    p.extend_from_slice(if mariadb { &b"mysql_native_password\0"[..] } else { &b"caching_sha2_password\0"[..] });
    p
}

/// The MySQL 8.0 greeting as a whole packet (sequence id 0).
pub fn greeting() -> Vec<u8> {
    packet(0, &greeting_payload(Server::Mysql8))
}

/// SSLRequest (sequence id 1): CLIENT_SSL and CLIENT_MYSQL set, so no MariaDB extension.
pub fn ssl_request() -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0x01ff_ae8du32.to_le_bytes()); // int<4> capability flags incl. CLIENT_SSL (0x800)
    p.extend_from_slice(&0x0100_0000u32.to_le_bytes()); // int<4> max packet size
    p.push(0xff); // int<1> character set
    p.extend_from_slice(&[0; 23]); // string[23] filler
    packet(1, &p)
}

/// ERR packet payload: 0xff, int<2> code, `#` + SQL state (when given), message.
pub fn err_payload(code: u16, state: Option<&str>, message: &str) -> Vec<u8> {
    let mut p = vec![0xff];
    p.extend_from_slice(&code.to_le_bytes());
    if let Some(state) = state {
        p.push(b'#');
        p.extend_from_slice(state.as_bytes());
    }
    p.extend_from_slice(message.as_bytes());
    p
}

/// A MySQL ERR packet with sequence id `seq`.
pub fn err_packet(seq: u8, code: u16, state: &str, message: &str) -> Vec<u8> {
    packet(seq, &err_payload(code, Some(state), message))
}

/// TLS 1.2 ClientHello record (record version 3.1, as clients send) with SNI `host`.
pub fn client_hello(host: &str) -> Vec<u8> {
    let mut b = vec![3, 3]; // ProtocolVersion legacy_version
    b.extend_from_slice(&[0x11; 32]); // Random
    b.push(0); // session id
    let suites: [u16; 4] = [0xc02f, 0xc030, 0x009e, 0x00ff];
    b.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        b.extend_from_slice(&s.to_be_bytes());
    }
    b.extend_from_slice(&[1, 0]); // compression: null
    let name = host.as_bytes();
    let mut sni = Vec::new();
    sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
    sni.push(0);
    sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
    sni.extend_from_slice(name);
    let mut ext = Vec::new();
    ext.extend_from_slice(&[0, 0]);
    ext.extend_from_slice(&(sni.len() as u16).to_be_bytes());
    ext.extend_from_slice(&sni);
    ext.extend_from_slice(&[0x00, 0x0d, 0, 4, 0, 2, 0x04, 0x01]); // signature_algorithms
    b.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    b.extend_from_slice(&ext);
    let mut r = record(22, &handshake(1, &b));
    r[2] = 1;
    r
}

/// Certificate message body: uint24 list length, then each DER with its uint24 length.
pub fn certificate_body(chain: &[&[u8]]) -> Vec<u8> {
    let mut certs = Vec::new();
    for der in chain {
        certs.extend_from_slice(&(der.len() as u32).to_be_bytes()[1..]);
        certs.extend_from_slice(der);
    }
    let mut body = (certs.len() as u32).to_be_bytes()[1..].to_vec();
    body.extend_from_slice(&certs);
    body
}

/// The TLS 1.2 server flight's handshake messages: ServerHello (ECDHE-RSA-AES128-GCM),
/// Certificate(`chain`, leaf first), ServerHelloDone; not yet in a record.
pub fn server_flight_messages(chain: &[&[u8]]) -> Vec<u8> {
    let mut sh = vec![3, 3];
    sh.extend_from_slice(&[0x22; 32]);
    sh.push(0);
    sh.extend_from_slice(&0xc02fu16.to_be_bytes());
    sh.push(0);
    sh.extend_from_slice(&[0, 0]); // no extensions
    let mut hs = handshake(2, &sh);
    hs.extend_from_slice(&handshake(11, &certificate_body(chain)));
    hs.extend_from_slice(&handshake(14, &[]));
    hs
}

/// [`server_flight_messages`] in one handshake record.
pub fn server_flight(chain: &[&[u8]]) -> Vec<u8> {
    record(22, &server_flight_messages(chain))
}

/// A record of `len` opaque bytes (encrypted handshake / application data).
pub fn opaque(content_type: u8, len: usize) -> Vec<u8> {
    record(content_type, &vec![0x5a; len])
}
