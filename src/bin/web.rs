//! The web app's entry point (built by Trunk for wasm32). Natively it is an empty program, so
//! a plain `cargo build` of every target still works.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<mysql_tls_doctor::web::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
