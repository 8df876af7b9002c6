#!/usr/bin/env bash
# Builds the client lab's compiled drivers into target/lab/ (skipping what is up to date):
#   target/lab/go_mysql                          go-sql-driver/mysql (Debian package, GOPATH, no proxy)
#   target/lab/java/MariadbConnectorJ.class      MariaDB Connector/J (Debian libmariadb-java)
#   target/lab/rustls/release/lab-rustls-driver  mysql_async + rustls (crates.io, own Cargo.lock)
# A driver whose toolchain is missing is left unbuilt: the lab then skips its column (fails in CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/lab
mkdir -p "$out/java"
say() { printf '\033[1m[lab-drivers]\033[0m %s\n' "$*"; }
newer() { [ ! -e "$2" ] || [ "$1" -nt "$2" ]; }

if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/go-sql-driver/mysql ]; then
  if newer tests/lab/drivers/go_mysql.go "$out/go_mysql"; then
    say "go build go_mysql"
    # Debian's golang-github-go-sql-driver-mysql-dev under GOPATH; never the module proxy.
    env GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off GOFLAGS= GOCACHE="$PWD/$out/go-cache" \
      go build -o "$out/go_mysql" tests/lab/drivers/go_mysql.go
  fi
else
  say "skipping go_mysql: golang-go or golang-github-go-sql-driver-mysql-dev missing"
fi

if command -v javac >/dev/null; then
  if newer tests/lab/drivers/MariadbConnectorJ.java "$out/java/MariadbConnectorJ.class"; then
    say "javac MariadbConnectorJ"
    javac -d "$out/java" tests/lab/drivers/MariadbConnectorJ.java
  fi
else
  say "skipping MariadbConnectorJ: javac missing"
fi

# cargo decides itself what is up to date (well under a second when nothing changed).
if command -v cargo >/dev/null; then
  manifest=tests/lab/drivers/rustls-mysql-async/Cargo.toml
  [ -x "$out/rustls/release/lab-rustls-driver" ] || say "cargo build lab-rustls-driver (about 1.5 minutes on 2 cores)"
  nice -n 5 cargo build -q --release --locked --manifest-path "$manifest" --target-dir "$out/rustls"
fi
