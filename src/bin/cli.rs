//! `mysql-tls-doctor`: the native command line. Thin: flags in, `cli::run` does the work.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use clap::Parser as _;
    let args = mysql_tls_doctor::cli::Args::parse();
    let code = match mysql_tls_doctor::cli::run(args, &mut std::io::stdout()) {
        Ok(code) => code,
        // A closed pipe (`… | head`) is not an error worth a message.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => 0,
        Err(e) => {
            eprintln!("mysql-tls-doctor: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
