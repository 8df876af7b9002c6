//! Per format, the forms of the clients' own documentation (cited per case), with the exact
//! values read: format, family, column, host, port, CA path, user/password present (never
//! their values), TLS mode, what is verified, plaintext fallback, the deciding option, notes.

use super::*;

/// One line with every field `parse` fills (the notes with their offsets).
fn line(s: &Settings) -> String {
    format!(
        "{:?} {:?} {} host={:?} port={:?} ca={:?} user={} pw={} {:?} {:?} fallback={} decisive={:?} notes={:?}",
        s.format,
        s.family,
        s.client.map_or("-", |c| c.as_str()),
        s.host,
        s.port,
        s.ca_path,
        s.user_present,
        s.password_present,
        s.tls,
        s.verifies,
        s.plaintext_fallback,
        s.decisive,
        s.notes.iter().map(|n| format!("{}: {}", n.offset, n.text)).collect::<Vec<_>>()
    )
}

/// (where the form comes from, the pasted text, what it means).
const CASES: &[(&str, &str, &str)] = &[
    (
        "MySQL 8.0 Reference Manual, 6.3.1 'Configuring MySQL to Use Encrypted Connections' / connection options",
        "mysql -h mydb.abc123.eu-west-1.rds.amazonaws.com -P 3306 -u admin -p --ssl-mode=VERIFY_IDENTITY --ssl-ca=/home/me/global-bundle.pem",
        "CommandLine Some(MysqlCli) mysql8-verify-identity host=Some(\"mydb.abc123.eu-west-1.rds.amazonaws.com\") port=Some(3306) ca=Some(\"/home/me/global-bundle.pem\") user=true pw=false Required CaAndName fallback=false decisive=Some(\"--ssl-mode=VERIFY_IDENTITY\") notes=[]",
    ),
    (
        "MySQL 8.0 Manual, --ssl-mode=REQUIRED (encrypts, verifies nothing)",
        "mysql -h db.example.com --ssl-mode=REQUIRED -u app -psecret",
        "CommandLine Some(MysqlCli) php-pdo-verify-false host=Some(\"db.example.com\") port=None ca=None user=true pw=true Required Nothing fallback=false decisive=Some(\"--ssl-mode=REQUIRED\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "Amazon RDS User Guide 'Connecting to a DB instance running MySQL' (mysql -h … --ssl-ca=global-bundle.pem)",
        "mysql -h db.example.com --ssl-ca=global-bundle.pem",
        "CommandLine Some(MysqlCli) mysql-connector-python-ca-only host=Some(\"db.example.com\") port=None ca=Some(\"global-bundle.pem\") user=false pw=false Preferred Nothing fallback=true decisive=Some(\"no --ssl-mode (PREFERRED)\") notes=[\"0: read as Oracle's mysql 8, which verifies only with --ssl-mode=VERIFY_CA or VERIFY_IDENTITY; if `mysql --version` says MariaDB, the column is mariadb-ssl-ca-only (chain checked, name not)\", \"0: no verdict column for exactly this setting; its verdict is mysql-connector-python-ca-only's, which checks alike (verifies nothing, falls back to plaintext)\"]",
    ),
    (
        "MariaDB KB 'Securing Connections for Client and Server' (--ssl --ssl-verify-server-cert)",
        "mariadb --ssl --ssl-verify-server-cert -h db.example.com -u app",
        "CommandLine Some(MariadbCli) mariadb-verify-server-cert host=Some(\"db.example.com\") port=None ca=None user=true pw=false Required CaAndName fallback=false decisive=Some(\"--ssl-verify-server-cert\") notes=[\"0: no --ssl-ca: the client uses the system's CA store\"]",
    ),
    (
        "MariaDB KB 'mariadb Command-Line Client' (--ssl-ca alone)",
        "mariadb -h db.example.com --ssl-ca=/etc/ssl/rds.pem",
        "CommandLine Some(MariadbCli) mariadb-ssl-ca-only host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=false pw=false Preferred CaOnly fallback=true decisive=Some(\"--ssl-ca without --ssl-verify-server-cert\") notes=[\"0: MariaDB client 11.4 and later also check the name by default; 11.3 and older do not\"]",
    ),
    (
        "MySQL 8.0 Manual 'Using Options on the Command Line' (_ and - alike, value in the next word, a prompt)",
        "$ mysql --host=db.example.com --port=3307 --ssl_mode=verify_ca --ssl_ca \"/my path/ca.pem\"",
        "CommandLine Some(MysqlCli) mysql8-verify-ca host=Some(\"db.example.com\") port=Some(3307) ca=Some(\"/my path/ca.pem\") user=false pw=false Required CaOnly fallback=false decisive=Some(\"--ssl-mode=VERIFY_CA\") notes=[]",
    ),
    (
        "MariaDB KB 'Configuring MariaDB with Option Files' ([client] group)",
        "[client]\nhost = db.example.com\nport = 3306\nuser = app\npassword = s3cret\nssl-ca = /etc/mysql/rds.pem\nssl-verify-server-cert\n",
        "MyCnf Some(MariadbCli) mariadb-verify-server-cert host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/mysql/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"--ssl-verify-server-cert\") notes=[]",
    ),
    (
        "MySQL 8.0 Manual 'Using Option Files' (ssl-mode in [client])",
        "# ~/.my.cnf\n[client]\nhost=db.example.com\nssl-mode=VERIFY_IDENTITY\nssl-ca=/etc/mysql/rds.pem\n[mysqld]\nssl-mode=DISABLED\n",
        "MyCnf Some(MysqlCli) mysql8-verify-identity host=Some(\"db.example.com\") port=None ca=Some(\"/etc/mysql/rds.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"--ssl-mode=VERIFY_IDENTITY\") notes=[]",
    ),
    (
        "Connector/J 8.0 Developer Guide, 6.3.5 Security (sslMode, trustCertificateKeyStoreUrl)",
        "jdbc:mysql://db.example.com:3306/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/opt/truststore.jks&trustCertificateKeyStorePassword=changeit",
        "Jdbc Some(ConnectorJ) connector-j-verify-identity host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/opt/truststore.jks\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"sslMode=VERIFY_IDENTITY\") notes=[\"89: a Java trust store (JKS or PKCS12), not a PEM file: keytool imports one certificate per alias\"]",
    ),
    (
        "Connector/J 8.0 Security: useSSL=true & verifyServerCertificate=true is VERIFY_CA",
        "jdbc:mysql://db.example.com/app?useSSL=true&verifyServerCertificate=true&requireSSL=true&user=app&password=x",
        "Jdbc Some(ConnectorJ) mysql8-verify-ca host=Some(\"db.example.com\") port=None ca=None user=true pw=true Required CaOnly fallback=false decisive=Some(\"verifyServerCertificate=true\") notes=[\"0: no trustCertificateKeyStoreUrl: the JDK's default trust store (cacerts) is used\", \"0: no verdict column for exactly this setting; its verdict is mysql8-verify-ca's, which checks alike (checks the chain, not the name, requires TLS)\"]",
    ),
    (
        "Connector/J 8.0 Security: useSSL=true & requireSSL=true is REQUIRED",
        "jdbc:mysql://db.example.com/app?useSSL=true&requireSSL=true",
        "Jdbc Some(ConnectorJ) php-pdo-verify-false host=Some(\"db.example.com\") port=None ca=None user=false pw=false Required Nothing fallback=false decisive=Some(\"requireSSL=true\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "MariaDB Connector/J 3.x 'TLS' (sslMode=verify-full, serverSslCert)",
        "jdbc:mariadb://db.example.com:3306/app?sslMode=verify-full&serverSslCert=/etc/ssl/rds.pem",
        "Jdbc Some(MariadbConnectorJ) mariadb-connector-j host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"sslMode=verify-full\") notes=[]",
    ),
    (
        "MariaDB Connector/J 2.x (useSsl=true&serverSslCert=)",
        "jdbc:mariadb://db.example.com/app?useSsl=true&serverSslCert=/etc/ssl/rds.pem",
        "Jdbc Some(MariadbConnectorJ) mariadb-connector-j host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"useSsl=true\") notes=[]",
    ),
    (
        "MariaDB Connector/J 2.x trustServerCertificate",
        "jdbc:mariadb://db.example.com/app?useSsl=true&trustServerCertificate=true",
        "Jdbc Some(MariadbConnectorJ) php-pdo-verify-false host=Some(\"db.example.com\") port=None ca=None user=false pw=false Required Nothing fallback=false decisive=Some(\"trustServerCertificate=true\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "go-sql-driver/mysql README, DSN and RegisterTLSConfig (tls=custom)",
        "app:pa55@tcp(db.example.com:3306)/app?tls=custom&parseTime=true",
        "GoDsn Some(GoMysql) go-custom-ca host=Some(\"db.example.com\") port=Some(3306) ca=None user=true pw=true Required CaAndName fallback=false decisive=Some(\"tls=custom\") notes=[\"42: a tls.Config registered with mysql.RegisterTLSConfig: read as RootCAs from your CA file, verified (InsecureSkipVerify or a ServerName there change this)\"]",
    ),
    (
        "go-sql-driver/mysql README DSN examples (tls=skip-verify)",
        "user:password@tcp(localhost:5555)/dbname?tls=skip-verify&autocommit=true",
        "GoDsn Some(GoMysql) php-pdo-verify-false host=Some(\"localhost\") port=Some(5555) ca=None user=true pw=true Required Nothing fallback=false decisive=Some(\"tls=skip-verify\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "go-sql-driver/mysql README DSN examples (IPv6, tls=true)",
        "user@tcp([de:ad:be:ef::ca:fe]:80)/dbname?tls=true",
        "GoDsn Some(GoMysql) go-custom-ca host=Some(\"de:ad:be:ef::ca:fe\") port=Some(80) ca=None user=true pw=false Required CaAndName fallback=false decisive=Some(\"tls=true\") notes=[\"45: tls=true verifies against the system's roots, as go-custom-ca does against its pool\"]",
    ),
    (
        "go-sql-driver/mysql README: tls=preferred",
        "user:pass@tcp(db.example.com)/app?tls=preferred",
        "GoDsn Some(GoMysql) mysql-connector-python-ca-only host=Some(\"db.example.com\") port=None ca=None user=true pw=true Preferred Nothing fallback=true decisive=Some(\"tls=preferred\") notes=[\"0: no verdict column for exactly this setting; its verdict is mysql-connector-python-ca-only's, which checks alike (verifies nothing, falls back to plaintext)\"]",
    ),
    (
        "go-sql-driver/mysql README: RegisterTLSConfig in code",
        "rootCertPool := x509.NewCertPool()\npem, _ := os.ReadFile(\"/etc/ssl/rds.pem\")\nmysql.RegisterTLSConfig(\"custom\", &tls.Config{RootCAs: rootCertPool})\ndb, _ := sql.Open(\"mysql\", \"app:x@tcp(db.example.com:3306)/app?tls=custom\")",
        "GoDsn Some(GoMysql) go-custom-ca host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"tls=custom\") notes=[]",
    ),
    (
        "SQLAlchemy 'MySQL and MariaDB' dialect docs, SSL Connections (pymysql)",
        "mysql+pymysql://scott:tiger@db.example.com:3306/test?ssl_ca=/home/gord/client-ssl/ca.pem",
        "Url Some(Pymysql) pymysql-python312 host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/home/gord/client-ssl/ca.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"ssl={'ca': …}\") notes=[\"0: on Python 3.13 and later the column is pymysql-python313 (it accepts an intermediate as the trust anchor)\"]",
    ),
    (
        "SQLAlchemy mysqldb dialect (ssl_ca in the query)",
        "mysql+mysqldb://scott:tiger@db.example.com/test?ssl_ca=/ca.pem",
        "Url Some(Mysqlclient) mysqlclient-ca-only host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=true pw=true Preferred CaOnly fallback=true decisive=Some(\"ssl={'ca': …} without ssl_mode\") notes=[]",
    ),
    (
        "SQLAlchemy mysqlconnector dialect (query arguments are keyword arguments)",
        "mysql+mysqlconnector://scott:tiger@db.example.com/test?ssl_ca=/ca.pem&ssl_verify_identity=true",
        "Url Some(ConnectorPython) mysql-connector-python-verify-identity host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"ssl_verify_identity=True\") notes=[\"0: read as the pure-Python connector; with the C extension (use_pure=False) the columns are mysql8-*\"]",
    ),
    (
        "SQLAlchemy SSL Connections: ssl_check_hostname=false",
        "mysql+pymysql://scott:tiger@db.example.com/test?ssl_ca=/ca.pem&ssl_check_hostname=false",
        "Url Some(Pymysql) mysql8-verify-ca host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=true pw=true Required CaOnly fallback=false decisive=Some(\"'check_hostname': False\") notes=[\"0: no verdict column for exactly this setting; its verdict is mysql8-verify-ca's, which checks alike (checks the chain, not the name, requires TLS)\"]",
    ),
    (
        "dj-database-url / SQLAlchemy default driver",
        "mysql://u:p@db.example.com:3306/app",
        "Url Some(Mysqlclient) mysql-connector-python-ca-only host=Some(\"db.example.com\") port=Some(3306) ca=None user=true pw=true Preferred Nothing fallback=true decisive=Some(\"no ssl_mode (PREFERRED)\") notes=[\"0: no +driver: SQLAlchemy's and Django's default MySQL driver is mysqlclient (MySQLdb)\", \"0: no verdict column for exactly this setting; its verdict is mysql-connector-python-ca-only's, which checks alike (verifies nothing, falls back to plaintext)\"]",
    ),
    (
        "PyMySQL Connection API: ssl dict",
        "pymysql.connect(host='db.example.com', user='app', password='x', ssl={'ca': '/etc/ssl/rds.pem'})",
        "Python Some(Pymysql) pymysql-python312 host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"ssl={'ca': …}\") notes=[\"0: on Python 3.13 and later the column is pymysql-python313 (it accepts an intermediate as the trust anchor)\"]",
    ),
    (
        "PyMySQL Connection API: ssl_ca keyword",
        "pymysql.connect(host=\"db.example.com\", user=\"app\", password=\"x\", ssl_ca=\"/etc/ssl/rds.pem\")",
        "Python Some(Pymysql) pymysql-ca-only host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required Nothing fallback=false decisive=Some(\"ssl_ca= without ssl_verify_cert/ssl_verify_identity\") notes=[]",
    ),
    (
        "PyMySQL Connection API: ssl_verify_identity",
        "pymysql.connect(host=\"db.example.com\", ssl_ca=\"/ca.pem\", ssl_verify_identity=True, ssl_verify_cert=True)",
        "Python Some(Pymysql) pymysql-python312 host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"ssl_verify_identity=True\") notes=[\"0: on Python 3.13 and later the column is pymysql-python313 (it accepts an intermediate as the trust anchor)\"]",
    ),
    (
        "mysqlclient user's guide: ssl_mode and ssl dict",
        "MySQLdb.connect(host=\"db.example.com\", user=\"app\", passwd=\"x\", ssl_mode=\"VERIFY_CA\", ssl={\"ca\": \"/ca.pem\"})",
        "Python Some(Mysqlclient) mysqlclient-verify-ca host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"ssl_mode=VERIFY_CA\") notes=[]",
    ),
    (
        "Connector/Python Connection Arguments: ssl_ca, ssl_verify_cert",
        "mysql.connector.connect(host=\"db.example.com\", user=\"app\", password=\"x\", ssl_ca=\"/ca.pem\", ssl_verify_cert=True)",
        "Python Some(ConnectorPython) mysql-connector-python-verify-cert host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=true pw=true Required CaOnly fallback=false decisive=Some(\"ssl_verify_cert=True\") notes=[\"0: read as the pure-Python connector; with the C extension (use_pure=False) the columns are mysql8-*\"]",
    ),
    (
        "Django 'Databases': MySQL OPTIONS passed to MySQLdb.connect",
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'app', 'USER': 'app', 'PASSWORD': 'x', 'HOST': 'db.example.com', 'PORT': '3306', 'OPTIONS': {'ssl': {'ca': '/etc/ssl/rds.pem'}}}}",
        "Python Some(Mysqlclient) mysqlclient-ca-only host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Preferred CaOnly fallback=true decisive=Some(\"ssl={'ca': …} without ssl_mode\") notes=[]",
    ),
    (
        "mysql2 docs 'SSL' (ssl: {ca, verifyIdentity})",
        "const mysql = require('mysql2'); const c = mysql.createConnection({host: 'db.example.com', user: 'app', password: 'x', ssl: {ca: fs.readFileSync('/etc/ssl/rds.pem'), verifyIdentity: true}});",
        "Node Some(Mysql2) mysql2-verify-identity host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"ssl: {…, verifyIdentity: true}\") notes=[]",
    ),
    (
        "mysql2 / mysqljs README: ssl: 'Amazon RDS' profile",
        "const mysql = require('mysql2'); mysql.createConnection({host: 'db.example.com', ssl: 'Amazon RDS'})",
        "Node Some(Mysql2) mysql2-ca-only host=Some(\"db.example.com\") port=None ca=None user=false pw=false Required CaOnly fallback=false decisive=Some(\"ssl: 'Amazon RDS'\") notes=[\"0: the \\\"Amazon RDS\\\" profile: the driver's own list of CAs (its version decides which)\"]",
    ),
    (
        "mysqljs README 'SSL options': rejectUnauthorized",
        "const mysql = require('mysql'); mysql.createConnection({host: 'db.example.com', ssl: {ca: fs.readFileSync('/ca.pem'), rejectUnauthorized: false}})",
        "Node Some(NodeMysql) php-pdo-verify-false host=Some(\"db.example.com\") port=None ca=Some(\"/ca.pem\") user=false pw=false Required Nothing fallback=false decisive=Some(\"rejectUnauthorized: false\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "MariaDB Node.js connector 'Connection options': ssl",
        "const mariadb = require('mariadb'); mariadb.createConnection({host: 'db.example.com', port: 3307, ssl: {ca: fs.readFileSync('/ca.pem')}})",
        "Node Some(NodeMariadb) node-mariadb host=Some(\"db.example.com\") port=Some(3307) ca=Some(\"/ca.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"ssl: {ca}\") notes=[]",
    ),
    (
        "mysql2 with an environment variable CA (import form)",
        "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({ host: process.env.DB_HOST, ssl: { ca: process.env.CA_PEM } });",
        "Node Some(Mysql2) mysql2-ca-only host=None port=None ca=None user=false pw=false Required CaOnly fallback=false decisive=Some(\"ssl: {ca} without verifyIdentity\") notes=[\"74: the host comes from a variable: give the hostname to check it\", \"106: the CA path comes from a variable: paste its value to check the file\"]",
    ),
    (
        "php.net PDO_MYSQL: MYSQL_ATTR_SSL_CA, MYSQL_ATTR_SSL_VERIFY_SERVER_CERT",
        "$pdo = new PDO('mysql:host=db.example.com;port=3306;dbname=app', $user, $pass, [PDO::MYSQL_ATTR_SSL_CA => '/etc/ssl/rds.pem', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false]);",
        "Php Some(PhpPdo) php-pdo-verify-false host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required Nothing fallback=false decisive=Some(\"PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false\") notes=[]",
    ),
    (
        "php.net mysqli::ssl_set, mysqli::options, mysqli::real_connect (procedural)",
        "$db = mysqli_init(); mysqli_ssl_set($db, NULL, NULL, '/etc/ssl/rds.pem', NULL, NULL); mysqli_options($db, MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true); mysqli_real_connect($db, 'db.example.com', 'app', 'x', 'app', 3306, NULL, MYSQLI_CLIENT_SSL);",
        "Php Some(PhpMysqli) php-mysqli-verify host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true\") notes=[]",
    ),
    (
        "php.net mysqli::real_connect: MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT (object style)",
        "$db = mysqli_init(); $db->ssl_set(NULL, NULL, '/ca.pem', NULL, NULL); $db->real_connect('db.example.com', 'app', 'x', 'app', 3306, NULL, MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT);",
        "Php Some(PhpMysqli) php-pdo-verify-false host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/ca.pem\") user=true pw=true Required Nothing fallback=false decisive=Some(\"MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "MySqlConnector 'Connection Options' (SslMode=VerifyFull;SslCa=)",
        "Server=db.example.com;Port=3306;User ID=app;Password=x;Database=app;SslMode=VerifyFull;SslCa=/etc/ssl/rds.pem",
        "DotNet Some(DotNet) mysql8-verify-identity host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"SslMode=VerifyFull\") notes=[\"0: no verdict column for exactly this setting; its verdict is mysql8-verify-identity's, which checks alike (checks the chain and the name, requires TLS)\"]",
    ),
    (
        "Connector/NET 'Connection Options Reference' (SslMode=Required)",
        "server=db.example.com;uid=app;pwd=x;database=app;SslMode=Required",
        "DotNet Some(DotNet) php-pdo-verify-false host=Some(\"db.example.com\") port=None ca=None user=true pw=true Required Nothing fallback=false decisive=Some(\"SslMode=Required\") notes=[\"0: no verdict column for exactly this setting; its verdict is php-pdo-verify-false's, which checks alike (verifies nothing, requires TLS)\"]",
    ),
    (
        "Prisma 'MySQL' connector docs: sslcert, sslaccept=strict",
        "mysql://app:x@db.example.com:3306/app?sslcert=./rds.pem&sslaccept=strict",
        "PrismaUrl Some(Prisma) mysql8-verify-identity host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"./rds.pem\") user=true pw=true Required CaAndName fallback=false decisive=Some(\"sslaccept=strict\") notes=[\"0: no verdict column for exactly this setting; its verdict is mysql8-verify-identity's, which checks alike (checks the chain and the name, requires TLS)\"]",
    ),
    (
        "mysql2 gem README 'SSL options' in a Rails database.yml",
        "production:\n  adapter: mysql2\n  host: db.example.com\n  username: app\n  password: x\n  sslca: /etc/ssl/rds.pem\n  ssl_mode: :verify_identity\n",
        "RailsYaml Some(RubyMysql2) ruby-mysql2-verify-identity host=Some(\"db.example.com\") port=None ca=Some(\"/etc/ssl/rds.pem\") user=true pw=true Preferred CaOnly fallback=true decisive=Some(\"ssl_mode: verify_identity\") notes=[\"122: mysql2 built on MariaDB Connector/C (Debian's ruby-mysql2) checks the chain but not the name, and falls back to clear (the lab measures it); built on Oracle's libmysqlclient it verifies the name\"]",
    ),
    (
        "DBD::MariaDB POD (mariadb_ssl, mariadb_ssl_verify_server_cert, mariadb_ssl_ca_file)",
        "DBI:MariaDB:database=app;host=db.example.com;port=3306;mariadb_ssl=1;mariadb_ssl_verify_server_cert=1;mariadb_ssl_ca_file=/ca.pem",
        "PerlDbi Some(PerlDbdMariadb) perl-dbd-mariadb-verify host=Some(\"db.example.com\") port=Some(3306) ca=Some(\"/ca.pem\") user=false pw=false Required CaAndName fallback=false decisive=Some(\"mariadb_ssl_verify_server_cert=1\") notes=[]",
    ),
    (
        "MySQL 8.0 Manual: a host whose name contains other forms' words",
        "mysql -h pdo-mysqli.example.com --ssl-mode=VERIFY_CA --ssl-ca=/ca.pem",
        "CommandLine Some(MysqlCli) mysql8-verify-ca host=Some(\"pdo-mysqli.example.com\") port=None ca=Some(\"/ca.pem\") user=false pw=false Required CaOnly fallback=false decisive=Some(\"--ssl-mode=VERIFY_CA\") notes=[]",
    ),
    (
        "not a setting",
        "hello world",
        "Unrecognised None - host=None port=None ca=None user=false pw=false Off Nothing fallback=false decisive=None notes=[\"0: not a recognised connection setting (expected a mysql/mariadb command, a my.cnf [client] section, a JDBC URL, a Go DSN, a URL, Python/node/PHP code, a .NET connection string or a database.yml entry)\"]",
    ),
    (
        "a bad port",
        "mysql -h db.example.com -P 99999 --ssl-mode=VERIFY_IDENTITY",
        "CommandLine Some(MysqlCli) mysql8-verify-identity host=Some(\"db.example.com\") port=None ca=None user=false pw=false Required CaAndName fallback=false decisive=Some(\"--ssl-mode=VERIFY_IDENTITY\") notes=[\"24: port \\\"99999\\\" is not a number from 0 to 65535\"]",
    ),
];

#[test]
fn every_documented_form_reads_exactly() {
    let dump = std::env::var_os("SETTINGS_DUMP").is_some();
    let mut actual = Vec::new();
    let mut wrong = Vec::new();
    for (doc, text, expected) in CASES {
        let got = line(&parse(text));
        if got != *expected {
            wrong.push(format!("{doc}\n  {text:?}\n  expected {expected}\n  got      {got}"));
        }
        actual.push(got);
    }
    if dump {
        println!("DUMP{}", serde_json::to_string(&actual).unwrap_or_default());
    }
    assert!(wrong.is_empty(), "{} of {} cases differ:\n{}", wrong.len(), CASES.len(), wrong.join("\n"));
}

#[test]
fn user_names_and_passwords_never_leave_the_parser() {
    let secrets = ["s3cret", "tiger", "pa55", "secret", "changeit"];
    for (_, text, _) in CASES {
        let s = parse(text);
        let json = serde_json::to_string(&s).unwrap_or_default();
        let debug = format!("{s:?}");
        for secret in secrets {
            assert!(!json.contains(secret) && !debug.contains(secret), "{secret} kept from {text:?}: {json}");
        }
        for user in ["scott", "\"admin\"", "'app'"] {
            assert!(!json.contains(user), "{user} kept from {text:?}");
        }
    }
}

#[test]
fn any_prefix_of_any_form_reads_without_panic() {
    // Total: every cut of every documented form, plus hostile bytes, gives a Settings.
    for (_, text, _) in CASES {
        for (i, _) in text.char_indices() {
            let _ = parse(&text[..i]);
            let _ = parse(&text[i..]);
        }
    }
    for text in [
        "",
        "\u{0}",
        "mysql '",
        "jdbc:",
        "jdbc:mysql://",
        "@tcp(",
        "a@tcp(",
        "DBI:",
        "%",
        "mysql://%zz@[::1",
        "\\é'\\é",
        "mysqli_ssl_set(",
        "new PDO(",
        "ssl: {ca: fs.readFileSync(\"\\é",
    ] {
        let _ = parse(text);
    }
    let long = "x".repeat(MAX_INPUT + 1);
    let s = parse(&long);
    assert_eq!((s.format, s.client, s.notes.len()), (Format::Unrecognised, None, 1));
}
