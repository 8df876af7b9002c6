"""Client-lab driver for the Python MySQL clients (contract: tests/client_lab.rs).

    python python_clients.py SETTING_ID HOST PORT CA_FILE   (LAB_USER, LAB_PASSWORD in the env)

One connection with the setting the id names, written as a person writes it; one JSON line.
The error text is what the traceback's last line shows: `module.Class: str(exception)`.

mysql-connector-python's C extension (the mysql8-* columns) carries Oracle's libmysqlclient and
its own OpenSSL (mysql/vendor): it must be imported before anything loads the system OpenSSL,
so this file imports nothing TLS-related before it knows the setting.
"""

import json
import sys


def connector(use_pure, **ssl):
    def connect(host, port, ca, user, password):
        if not use_pure:
            import _mysql_connector  # noqa: F401  (first: its vendored libssl must load first)
        import mysql.connector

        return mysql.connector.connect(
            host=host, port=port, user=user, password=password, use_pure=use_pure, ssl_ca=ca,
            connection_timeout=10, **ssl
        )

    return connect


def mysqlclient(**extra):
    def connect(host, port, ca, user, password):
        import MySQLdb

        return MySQLdb.connect(
            host=host, port=port, user=user, password=password, ssl={"ca": ca}, connect_timeout=10, **extra
        )

    return connect


def pymysql_ssl_dict(host, port, ca, user, password):
    import pymysql

    return pymysql.connect(host=host, port=port, user=user, password=password, ssl={"ca": ca}, connect_timeout=10)


def pymysql_ssl_ca(host, port, ca, user, password):
    import pymysql

    return pymysql.connect(host=host, port=port, user=user, password=password, ssl_ca=ca, connect_timeout=10)


SETTINGS = {
    "mysql-connector-python-verify-identity": connector(True, ssl_verify_cert=True, ssl_verify_identity=True),
    "mysql-connector-python-verify-cert": connector(True, ssl_verify_cert=True),
    "mysql-connector-python-ca-only": connector(True),
    # The C extension: Oracle's libmysqlclient (ssl_verify_cert → SSL_MODE_VERIFY_CA,
    # ssl_verify_identity → SSL_MODE_VERIFY_IDENTITY).
    "mysql8-verify-ca": connector(False, ssl_verify_cert=True),
    "mysql8-verify-identity": connector(False, ssl_verify_cert=True, ssl_verify_identity=True),
    "mysqlclient-verify-ca": mysqlclient(ssl_mode="VERIFY_CA"),
    "mysqlclient-ca-only": mysqlclient(),
    "pymysql-python312": pymysql_ssl_dict,
    "pymysql-python313": pymysql_ssl_dict,
    "pymysql-ca-only": pymysql_ssl_ca,
}


def main():
    setting, host, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    import os

    connect = SETTINGS.get(setting)
    if connect is None:
        print(f"python_clients.py: unknown setting {setting}", file=sys.stderr)
        return 2
    try:
        conn = connect(host, port, ca, os.environ["LAB_USER"], os.environ["LAB_PASSWORD"])
    except ImportError:
        raise  # the client is not installed: the driver is broken, not the connection
    except Exception as e:  # noqa: BLE001  (any refusal is a result)
        error = f"{type(e).__module__}.{type(e).__qualname__}: {e}"
        print(json.dumps({"connected": False, "tls_version": None, "error": error}))
        return 0
    cur = conn.cursor()
    cur.execute("SHOW SESSION STATUS LIKE 'Ssl_version'")
    row = cur.fetchone()
    version = row[1] if row else ""
    if isinstance(version, (bytes, bytearray)):
        version = version.decode()
    conn.close()
    print(json.dumps({"connected": True, "tls_version": version, "error": None}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
