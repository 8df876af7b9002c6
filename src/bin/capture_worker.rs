//! The capture worker (built by Trunk as `data-type="worker"`): pcap/pcapng, text dumps,
//! link/IP/TCP and reassembly — the `capture` module and pcap-parser — live here, so the page
//! loads them only with the first capture, and a big file is decoded off the page's thread.
//! Natively it is an empty program, like the web entry point.

#[cfg(target_arch = "wasm32")]
fn main() {
    mysql_tls_doctor::web::worker::capture_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
