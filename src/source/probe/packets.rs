//! The few packets the probe writes. Layouts from the MySQL client/server protocol
//! (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets.html).

/// Capability bits the probe announces: CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG |
/// CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH, plus CLIENT_SSL in the
/// SSLRequest.
pub const CAPS: u32 = 0x0000_0001 | 0x0000_0004 | 0x0000_0200 | 0x0000_8000 | 0x0008_0000;
pub const CLIENT_SSL: u32 = 0x0000_0800;
/// utf8mb4_general_ci.
pub const CHARSET: u8 = 45;
pub const MAX_PACKET: u32 = 16 * 1024 * 1024;

/// The user name the "does the server require TLS?" check logs in with. It must not exist;
/// the check reads only the error the server answers.
pub const PROBE_USER: &str = "mysql_tls_doctor_probe";

fn frame(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = Vec::with_capacity(payload.len() + 4);
    out.extend_from_slice(&len.to_le_bytes()[..3]); // int<3> payload_length
    out.push(seq); // int<1> sequence_id
    out.extend_from_slice(payload);
    out
}

fn fixed_part(caps: u32) -> Vec<u8> {
    let mut p = Vec::with_capacity(32);
    p.extend_from_slice(&caps.to_le_bytes()); // int<4> client_flag
    p.extend_from_slice(&MAX_PACKET.to_le_bytes()); // int<4> max_packet_size
    p.push(CHARSET); // int<1> character_set
    p.extend_from_slice(&[0u8; 23]); // string[23] filler
    p
}

/// SSLRequest, sequence id 1.
pub fn ssl_request() -> Vec<u8> {
    frame(1, &fixed_part(CAPS | CLIENT_SSL))
}

/// A plaintext HandshakeResponse41 for [`PROBE_USER`] with an empty auth response, sequence
/// id 1. Carries no secret: the answer (3159, 1045, an auth switch) is what the check reads.
pub fn probe_login(plugin: &str) -> Vec<u8> {
    let mut p = fixed_part(CAPS);
    p.extend_from_slice(PROBE_USER.as_bytes()); // string<NUL> username
    p.push(0);
    p.push(0); // int<1> auth_response length (CLIENT_SECURE_CONNECTION): empty
    p.extend_from_slice(plugin.as_bytes()); // string<NUL> client_plugin_name
    p.push(0);
    frame(1, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssl_request_is_32_bytes_with_client_ssl() {
        let p = ssl_request();
        assert_eq!(&p[..4], &[32, 0, 0, 1]);
        let caps = u32::from_le_bytes([p[4], p[5], p[6], p[7]]);
        assert_ne!(caps & CLIENT_SSL, 0);
        assert_eq!(p.len(), 36);
    }

    #[test]
    fn probe_login_names_the_made_up_user() {
        let p = probe_login("mysql_native_password");
        assert_eq!(p[3], 1);
        assert!(p.windows(PROBE_USER.len()).any(|w| w == PROBE_USER.as_bytes()));
        assert_eq!(usize::from(p[0]), p.len() - 4);
    }
}
