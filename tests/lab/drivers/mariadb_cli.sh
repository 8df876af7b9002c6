#!/usr/bin/env bash
# Client-lab driver for the mariadb command-line client (Connector/C): one connection with the
# setting the id names, one JSON line on stdout (the contract is in tests/client_lab.rs).
#   mariadb-verify-server-cert  --ssl-ca=CA --ssl-verify-server-cert
#   mariadb-ssl-ca-only         --ssl-ca=CA
set -u
setting=$1 host=$2 port=$3 ca=$4
case "$setting" in
  mariadb-verify-server-cert) flags=(--ssl-ca="$ca" --ssl-verify-server-cert) ;;
  mariadb-ssl-ca-only) flags=(--ssl-ca="$ca") ;;
  *) echo "mariadb_cli.sh: unknown setting $setting" >&2; exit 2 ;;
esac
command -v mariadb >/dev/null || { echo "mariadb_cli.sh: mariadb is not installed" >&2; exit 3; }
err=$(mktemp)
trap 'rm -f "$err"' EXIT
out=$(mariadb --no-defaults --protocol=TCP -h "$host" -P "$port" -u "$LAB_USER" -p"$LAB_PASSWORD" \
  --connect-timeout=10 "${flags[@]}" -N -B -e "SHOW SESSION STATUS LIKE 'Ssl_version'" 2>"$err")
status=$?
# JSON string: backslashes and quotes escaped, lines joined with \n, control characters dropped.
json() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\r\t' | awk 'BEGIN{ORS=""} NR>1{print "\\n"} {print}'; }
if [ $status -eq 0 ]; then
  version=$(printf '%s' "$out" | awk -F'\t' '$1=="Ssl_version"{print $2}')
  printf '{"connected":true,"tls_version":"%s","error":null}\n' "$(json "$version")"
else
  printf '{"connected":false,"tls_version":null,"error":"%s"}\n' "$(json "$(cat "$err")")"
fi
