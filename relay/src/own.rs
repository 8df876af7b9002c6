//! The relay's own listening socket, refused as a target whatever the rules say: a session from
//! the relay to itself would be a second session that comes from 127.0.0.1, not from the client,
//! and so escapes the per-client cap (and could nest again).

use std::net::{IpAddr, SocketAddr, UdpSocket};

use crate::addr::classify;

/// Where the relay listens.
#[derive(Debug, Clone, Copy)]
pub struct OwnAddr {
    listen: SocketAddr,
}

impl OwnAddr {
    pub fn new(listen: SocketAddr) -> OwnAddr {
        OwnAddr { listen }
    }

    /// Whether dialling `target` would reach this relay. On 0.0.0.0 or `::` the relay answers on
    /// every local address, so every local address at its port counts.
    pub fn is_self(&self, target: SocketAddr) -> bool {
        if target.port() != self.listen.port() {
            return false;
        }
        let (ip, _) = classify(target.ip());
        let (listen, _) = classify(self.listen.ip());
        if listen.is_unspecified() {
            is_local(ip)
        } else {
            ip == listen
        }
    }
}

/// Whether `ip` belongs to this machine. Binding a socket succeeds only on a local address, which
/// answers the question without listing interfaces (and without `unsafe` FFI to do so); a UDP
/// bind sends nothing.
fn is_local(ip: IpAddr) -> bool {
    ip.is_loopback() || ip.is_unspecified() || UdpSocket::bind(SocketAddr::new(ip, 0)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("test addr")
    }

    #[test]
    fn own_address_and_port_only() {
        let own = OwnAddr::new(addr("127.0.0.1:8080"));
        assert!(own.is_self(addr("127.0.0.1:8080")));
        assert!(own.is_self(addr("[::ffff:127.0.0.1]:8080")));
        assert!(own.is_self(addr("[::ffff:0:7f00:1]:8080")));
        assert!(!own.is_self(addr("127.0.0.1:8081")));
        assert!(!own.is_self(addr("127.0.0.2:8080")));
    }

    #[test]
    fn any_local_address_when_listening_on_all() {
        let own = OwnAddr::new(addr("0.0.0.0:8080"));
        assert!(own.is_self(addr("127.0.0.1:8080")));
        assert!(own.is_self(addr("127.3.2.1:8080")));
        assert!(own.is_self(addr("[::1]:8080")));
        // TEST-NET-1 is never assigned to a test machine.
        assert!(!own.is_self(addr("192.0.2.1:8080")));
        assert!(!own.is_self(addr("127.0.0.1:3306")));
    }
}
