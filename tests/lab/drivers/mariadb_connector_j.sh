#!/usr/bin/env bash
# Client-lab driver for MariaDB Connector/J (Debian libmariadb-java) on the system JDK: runs
# MariadbConnectorJ.java (useSsl=true&serverSslCert=CA), compiled by tests/lab/build-drivers.sh.
set -u
jar=/usr/share/java/mariadb-java-client.jar
classes="$(dirname "$0")/../../../target/lab/java"
[ -f "$jar" ] || { echo "mariadb_connector_j.sh: $jar missing (apt libmariadb-java)" >&2; exit 3; }
[ -f "$classes/MariadbConnectorJ.class" ] || { echo "mariadb_connector_j.sh: run tests/lab/build-drivers.sh" >&2; exit 3; }
exec java -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$classes:$jar" MariadbConnectorJ "$@"
