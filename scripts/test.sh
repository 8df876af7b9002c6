#!/usr/bin/env bash
# Sets up what is missing, then runs every test: the browser end-to-end test against the
# release build, then the native suite (unit, rules, real RDS bundles, bad input, and the
# real MariaDB server + client comparison). cargo's summary lines come last.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
echo "== web app: release build =="
bash scripts/build-web.sh
echo "== browser end-to-end (headless Chromium) =="
node tests/e2e/run.mjs
echo "== native tests =="
cargo test --workspace --all-targets 2>&1
