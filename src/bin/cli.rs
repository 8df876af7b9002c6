//! `mysql-tls-doctor`: the native command line. Thin: flags in, `cli::run` does the work.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use clap::Parser as _;
    let args = mysql_tls_doctor::cli::Args::parse();
    let code = match mysql_tls_doctor::cli::run(args, &mut std::io::stdout()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mysql-tls-doctor: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
