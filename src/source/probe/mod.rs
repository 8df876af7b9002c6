//! The live probe, sans-IO: bytes in from the server, bytes out to it, progress and a
//! transcript. The same code runs over the browser's WebSocket relay and over a native
//! `TcpStream` in the CLI.

pub mod legacy_hello;
pub mod machine;
pub mod packets;
pub mod tls_client;
pub mod transitions;
