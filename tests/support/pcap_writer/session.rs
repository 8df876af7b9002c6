//! A whole MySQL-over-TLS 1.2 connection as TCP segments, from the wire builders.

use super::super::wire::{client_hello, greeting, opaque, server_flight, ssl_request};
use super::flow::Flow;
use super::tcpip::Tcp;

/// A whole SYNTHETIC MySQL TLS 1.2 session on `flow`: open, greeting, SSLRequest, TLS
/// handshake, a little application data, close.
pub fn mysql_tls_session(flow: &mut Flow, cert_der: &[u8]) -> Vec<Tcp> {
    let mut v = flow.open();
    v.push(flow.server(&greeting()));
    v.push(flow.client(&ssl_request()));
    v.push(flow.client(&client_hello("db.example.com")));
    v.push(flow.server_ack());
    v.extend(flow.server_segments(&server_flight(&[cert_der]), 1448));
    v.push(flow.client_ack());
    let mut fin = opaque(22, 70);
    fin.splice(0..0, [opaque(20, 1), opaque(22, 40)].concat());
    v.push(flow.client(&fin));
    v.push(flow.server(&[opaque(20, 1), opaque(22, 40)].concat()));
    v.push(flow.client(&opaque(23, 120)));
    v.push(flow.server(&opaque(23, 60)));
    v.push(flow.client(&opaque(23, 30)));
    v.extend(flow.close());
    v
}
