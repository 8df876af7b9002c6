//! One TCP connection's segments: both ends, their sequence numbers, open and close.

use std::net::SocketAddr;

use super::tcpip::{Tcp, ACK, FIN, PSH, SYN};

/// Both ends of a connection and their next sequence numbers.
#[derive(Debug, Clone)]
pub struct Flow {
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub cseq: u32,
    pub sseq: u32,
}

impl Flow {
    pub fn new(client: &str, server: &str) -> Flow {
        Flow {
            client: client.parse().expect("client address"),
            server: server.parse().expect("server address"),
            cseq: 1_000,
            sseq: 5_000,
        }
    }

    pub fn with_isns(mut self, cseq: u32, sseq: u32) -> Flow {
        self.cseq = cseq;
        self.sseq = sseq;
        self
    }

    /// SYN, SYN-ACK, ACK.
    pub fn open(&mut self) -> Vec<Tcp> {
        let syn = Tcp::new(self.client, self.server, self.cseq, 0, SYN, &[]);
        let syn_ack = Tcp::new(self.server, self.client, self.sseq, self.cseq.wrapping_add(1), SYN | ACK, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        self.sseq = self.sseq.wrapping_add(1);
        vec![syn, syn_ack, self.client_ack()]
    }

    pub fn client(&mut self, payload: &[u8]) -> Tcp {
        let t = Tcp::new(self.client, self.server, self.cseq, self.sseq, PSH | ACK, payload);
        self.cseq = self.cseq.wrapping_add(payload.len() as u32);
        t
    }

    pub fn server(&mut self, payload: &[u8]) -> Tcp {
        let t = Tcp::new(self.server, self.client, self.sseq, self.cseq, PSH | ACK, payload);
        self.sseq = self.sseq.wrapping_add(payload.len() as u32);
        t
    }

    /// The server's bytes in MSS-sized segments.
    pub fn server_segments(&mut self, payload: &[u8], mss: usize) -> Vec<Tcp> {
        payload.chunks(mss).map(|c| self.server(c)).collect()
    }

    pub fn client_ack(&self) -> Tcp {
        Tcp::new(self.client, self.server, self.cseq, self.sseq, ACK, &[])
    }

    pub fn server_ack(&self) -> Tcp {
        Tcp::new(self.server, self.client, self.sseq, self.cseq, ACK, &[])
    }

    /// Client FIN, server FIN, client ACK.
    pub fn close(&mut self) -> Vec<Tcp> {
        let fin = Tcp::new(self.client, self.server, self.cseq, self.sseq, FIN | ACK, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        let fin2 = Tcp::new(self.server, self.client, self.sseq, self.cseq, FIN | ACK, &[]);
        self.sseq = self.sseq.wrapping_add(1);
        vec![fin, fin2, self.client_ack()]
    }
}
