//! The number: reading one pasted connection setting natively ≤ 0.1 ms. Medians per
//! form (one documented form each), for a paste at the input cap, and — in the same run, for
//! scale — explaining one typical error message (budget 1 ms).
//! Run: `cargo bench --bench settings`.

use criterion::{criterion_group, criterion_main, Criterion};
use mysql_tls_doctor::decode::settings::{parse, Format, MAX_INPUT};

const FORMS: &[(&str, &str)] = &[
    ("command line", "mysql -h mydb.abc123.eu-west-1.rds.amazonaws.com -P 3306 -u admin -p --ssl-mode=VERIFY_IDENTITY --ssl-ca=/home/me/global-bundle.pem"),
    ("my.cnf", "[client]\nhost = db.example.com\nport = 3306\nuser = app\npassword = s3cret\nssl-ca = /etc/mysql/rds.pem\nssl-verify-server-cert\n"),
    ("JDBC", "jdbc:mysql://db.example.com:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/opt/truststore.jks&trustCertificateKeyStorePassword=changeit"),
    ("Go DSN", "app:pa55@tcp(db.example.com:3306)/app?tls=custom&parseTime=true"),
    ("SQLAlchemy URL", "mysql+pymysql://scott:tiger@db.example.com:3306/test?ssl_ca=/home/gord/client-ssl/ca.pem"),
    ("Python kwargs", "pymysql.connect(host='db.example.com', user='app', password='x', ssl={'ca': '/etc/ssl/rds.pem'})"),
    ("Django", "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'app', 'USER': 'app', 'PASSWORD': 'x', 'HOST': 'db.example.com', 'PORT': '3306', 'OPTIONS': {'ssl': {'ca': '/etc/ssl/rds.pem'}}}}"),
    ("node", "const mysql = require('mysql2'); const c = mysql.createConnection({host: 'db.example.com', user: 'app', password: 'x', ssl: {ca: fs.readFileSync('/etc/ssl/rds.pem'), verifyIdentity: true}});"),
    ("PHP mysqli", "$db = mysqli_init(); mysqli_ssl_set($db, NULL, NULL, '/etc/ssl/rds.pem', NULL, NULL); mysqli_options($db, MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true); mysqli_real_connect($db, 'db.example.com', 'app', 'x', 'app', 3306, NULL, MYSQLI_CLIENT_SSL);"),
    (".NET", "Server=db.example.com;Port=3306;User ID=app;Password=x;Database=app;SslMode=VerifyFull;SslCa=/etc/ssl/rds.pem"),
    ("Prisma", "mysql://app:x@db.example.com:3306/app?sslcert=./rds.pem&sslaccept=strict"),
    ("database.yml", "production:\n  adapter: mysql2\n  host: db.example.com\n  username: app\n  password: x\n  sslca: /etc/ssl/rds.pem\n  ssl_mode: :verify_identity\n"),
];

fn bench(c: &mut Criterion) {
    for (name, text) in FORMS {
        assert_ne!(parse(text).format, Format::Unrecognised, "{name}");
        c.bench_function(&format!("settings::parse {name}"), |b| b.iter(|| parse(std::hint::black_box(text))));
    }
    // The worst case the reader accepts: a node file at the input cap, the config at its end.
    let filler = "// a comment line, with some words: and = signs, (calls) and {braces}\n";
    let tail = FORMS[7].1;
    let mut big = filler.repeat((MAX_INPUT - tail.len()) / filler.len());
    big.push_str(tail);
    assert!(big.len() <= MAX_INPUT);
    assert_eq!(parse(&big).format, Format::Node);
    c.bench_function(&format!("settings::parse node at the cap ({} bytes)", big.len()), |b| {
        b.iter(|| parse(std::hint::black_box(&big)))
    });
    let typical = "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed";
    c.bench_function("(for scale) explain typical error message", |b| {
        b.iter(|| mysql_tls_doctor::rules::error_message::explain(std::hint::black_box(typical)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
