#!/usr/bin/env bash
# Sets up what is missing, then runs every test: the browser end-to-end test against the
# release build, the wasm TLS test in Chromium, then the native suite (unit, rules, real RDS
# bundles, bad input, the real MariaDB server + client comparison, and the in-browser probe
# against the CLI's). cargo's summary lines come last.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
echo "== web app: release build =="
bash scripts/build-web.sh
echo "== browser end-to-end (headless Chromium) =="
node tests/e2e/run.mjs
echo "== wasm: the probe's rustls handshake inside wasm, in headless Chromium =="
# No -q: cargo would pass --quiet on to wasm-bindgen-test-runner, which rejects it.
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm_tls 2>&1
echo "== benches and examples still compile =="
cargo check --workspace --benches --examples 2>&1
echo "== native tests (tests/browser_probe.rs: page → relay → MariaDB vs the CLI) =="
# Examples and benches hold no tests; leaving them out keeps a real test binary's summary last.
cargo test --workspace --lib --bins --tests 2>&1
