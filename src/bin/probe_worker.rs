//! The live probe's Web Worker (built by Trunk as `data-type="worker"`): rustls and the
//! WebSocket client live here, so the page loads them only on the first Probe click.
//! Natively it is an empty program, like the web entry point.

#[cfg(target_arch = "wasm32")]
fn main() {
    mysql_tls_doctor::web::worker::probe_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
