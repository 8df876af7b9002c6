//! Real captures of MariaDB 10.11 made here (tshark on loopback), decoded by us and by tshark.

mod support;

use support::captures::make_all;
use support::mariadb::MariaDb;
use support::tshark::fields;

#[test]
fn real_captures_decode_like_tshark() {
    let Some(mut db) = MariaDb::init_or_skip("real_captures_decode_like_tshark") else { return };
    let dir = db.scratch_dir().join("captures");
    let caps = make_all(&mut db, &dir);
    for c in &caps {
        let rows = fields(&c.file, c.port, None, &["frame.number", "mysql.protocol", "mysql.version", "mysql.caps.server", "mysql.error_code", "tls.handshake.version", "tls.alert_message.desc"]);
        println!("{} ok={} stderr={:?}", c.name, c.client_ok, c.client_stderr.trim());
        for r in rows {
            println!("   {}", r.join(" | "));
        }
    }
}
