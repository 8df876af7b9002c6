#!/usr/bin/env bash
# Sets up what is missing, builds the web app and the relay in release, and runs the relay:
# one process on 127.0.0.1 that serves the app and relays live probes (port 3306 on public
# addresses only, by default). Usage: scripts/run.sh [PORT] [relay flags…]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
port="${1:-8080}"
shift || true
bash scripts/setup.sh
bash scripts/build-web.sh
cargo build --release -q -p mysql-tls-doctor-relay
exec target/release/mysql-tls-doctor-relay --listen "127.0.0.1:$port" --static-dir dist "$@"
