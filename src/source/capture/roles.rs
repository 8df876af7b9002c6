//! Who is the client, and is this MySQL?
//!
//! The client is the side that sent the SYN. Without a SYN (the capture started late): the side
//! not on a MySQL port; else the side that did not speak first with a greeting (MySQL servers
//! speak first: HandshakeV10, <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html>);
//! else the side with the higher (ephemeral) port.

use super::connections::Conn;

/// Ports MySQL-compatible servers listen on: MySQL/MariaDB (3306–3309), X protocol (33060),
/// TiDB (4000), ProxySQL (6033), MySQL Router (6446, 6447).
pub const MYSQL_PORTS: &[u16] = &[3306, 3307, 3308, 3309, 33060, 4000, 6033, 6446, 6447];

fn is_mysql_port(p: u16) -> bool {
    MYSQL_PORTS.contains(&p)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Syn,
    SynAck,
    Port,
    Greeting,
    Ephemeral,
    FirstSeen,
}

fn decide(c: &Conn) -> (usize, Reason) {
    if let Some(s) = c.syn_from {
        return (s, Reason::Syn);
    }
    if let Some(s) = c.syn_ack_from {
        return (1 - s, Reason::SynAck);
    }
    let [p0, p1] = c.ends.map(|e| e.port());
    match (is_mysql_port(p0), is_mysql_port(p1)) {
        (true, false) => return (1, Reason::Port),
        (false, true) => return (0, Reason::Port),
        _ => {}
    }
    if let Some(&(first, _)) = c.order.first() {
        if c.streams.get(first).is_some_and(|s| server_speaks(&s.data)) {
            return (1 - first, Reason::Greeting);
        }
    }
    match p0.cmp(&p1) {
        std::cmp::Ordering::Less => (1, Reason::Ephemeral),
        std::cmp::Ordering::Greater => (0, Reason::Ephemeral),
        std::cmp::Ordering::Equal => (0, Reason::FirstSeen),
    }
}

/// The client's side index (0 = the source of the first captured packet).
pub(crate) fn client_side(c: &Conn) -> usize {
    decide(c).0
}

/// Why that side was taken for the client, for the connection's notes.
pub(crate) fn explain(c: &Conn) -> String {
    match decide(c).1 {
        Reason::Syn | Reason::SynAck => "the client is the side that sent the SYN".into(),
        Reason::Port => "the server is the side on the MySQL port".into(),
        Reason::Greeting => "the server is the side that sent a MySQL greeting first".into(),
        Reason::Ephemeral => "the client is taken to be the side with the higher (ephemeral) port".into(),
        Reason::FirstSeen => "the client is taken to be the sender of the first captured packet".into(),
    }
}

/// A server port MySQL servers use, or server bytes that open like a MySQL server.
pub(crate) fn likely_mysql(c: &Conn, client: usize) -> bool {
    let server = 1 - client;
    c.ends.get(server).is_some_and(|e| is_mysql_port(e.port()))
        || c.streams.get(server).is_some_and(|s| server_speaks(&s.data))
}

/// A first server packet that is a HandshakeV10 greeting or an ERR packet:
/// int<3> payload_length, int<1> sequence_id = 0, then 0x0a (protocol 10) or 0xff (ERR).
pub(crate) fn server_speaks(data: &[u8]) -> bool {
    let Some(&[l0, l1, l2, seq, first]) = data.get(..5) else {
        return false;
    };
    let len = u32::from(l0) | u32::from(l1) << 8 | u32::from(l2) << 16;
    seq == 0
        && match first {
            0x0a => (20..=2048).contains(&len),
            0xff => (3..=2048).contains(&len),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::server_speaks;

    #[test]
    fn reads_greeting_and_err_openings() {
        assert!(server_speaks(&[0x4a, 0, 0, 0, 0x0a, b'8']));
        assert!(server_speaks(&[0x17, 0, 0, 0, 0xff, 0x69, 0x04]));
        assert!(!server_speaks(&[0x4a, 0, 0, 1, 0x0a]), "sequence id must be 0");
        assert!(!server_speaks(&[0x16, 3, 1, 0, 0xc8]), "TLS is not a greeting");
        assert!(!server_speaks(&[0x4a, 0, 0]));
    }
}
