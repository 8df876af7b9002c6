//! The inventory worker (built by Trunk as `data-type="worker"`): the AWS inventory's JSON
//! reader and the rotation report live here, so the page loads them only with the first
//! pasted inventory. Natively it is an empty program, like the web entry point.

#[cfg(target_arch = "wasm32")]
fn main() {
    mysql_tls_doctor::web::worker::inventory_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
