//! `lab-rustls-driver SETTING_ID HOST PORT CA_FILE`: one mysql_async connection over rustls with
//! the CA file as the only root and the host verified (`SslOpts::with_root_certs`, no
//! `danger_*`), printed as the lab contract's one JSON line.
use std::time::Duration;

use mysql_async::prelude::Queryable;
use mysql_async::{OptsBuilder, SslOpts};

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

async fn connect(host: String, port: u16, ca: String) -> Result<String, String> {
    let ssl = SslOpts::default().with_root_certs(vec![std::path::PathBuf::from(ca).into()]);
    let opts = OptsBuilder::default()
        .ip_or_hostname(host)
        .tcp_port(port)
        .user(std::env::var("LAB_USER").ok())
        .pass(std::env::var("LAB_PASSWORD").ok())
        .prefer_socket(false)
        .ssl_opts(ssl);
    let mut conn = mysql_async::Conn::new(opts).await.map_err(|e| e.to_string())?;
    let row: Option<(String, String)> =
        conn.query_first("SHOW SESSION STATUS LIKE 'Ssl_version'").await.map_err(|e| e.to_string())?;
    let _ = conn.disconnect().await;
    Ok(row.map(|(_, v)| v).unwrap_or_default())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: {} SETTING_ID HOST PORT CA_FILE", args[0]);
        std::process::exit(2);
    }
    let Ok(port) = args[3].parse::<u16>() else {
        eprintln!("bad port {:?}", args[3]);
        std::process::exit(2);
    };
    let attempt = tokio::time::timeout(Duration::from_secs(10), connect(args[2].clone(), port, args[4].clone()));
    let line = match attempt.await {
        Ok(Ok(v)) => format!("{{\"connected\":true,\"tls_version\":{},\"error\":null}}", json_str(&v)),
        Ok(Err(e)) => format!("{{\"connected\":false,\"tls_version\":null,\"error\":{}}}", json_str(&e)),
        Err(_) => "{\"connected\":false,\"tls_version\":null,\"error\":\"timed out after 10 s\"}".to_string(),
    };
    println!("{line}");
}
