#!/bin/sh
# Builds the web app into dist/ with Trunk (release, wasm-opt -Oz) and prints its sizes.
# Idempotent: installs binaryen@132 (wasm-opt) into .tools/node only when it is missing.
# Needs trunk 0.21.14 and wasm-bindgen-cli 0.2.130 on PATH (the setup script installs them).
set -eu
cd "$(dirname "$0")/.."
tools="$PWD/.tools/node"

if ! "$tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q 'version_132'; then
    mkdir -p "$tools"
    [ -f "$tools/package.json" ] || echo '{ "private": true }' > "$tools/package.json"
    (cd "$tools" && npm install --no-audit --no-fund --save-exact binaryen@132.0.0)
fi
for tool in trunk wasm-bindgen; do
    command -v "$tool" >/dev/null || { echo "build-web: $tool is not on PATH (cargo install it, see README)" >&2; exit 1; }
done

PATH="$tools/node_modules/.bin:$PATH" trunk build --release "$@"

# First-load size: what a browser downloads before the app runs (the RDS bundle is lazy).
total_raw=0
total_gz=0
for f in dist/*.wasm dist/*.js dist/*.css; do
    [ -f "$f" ] || continue
    # The workers are fetched on the first Probe click / capture / inventory, not with the page.
    case "$f" in dist/mysql-tls-doctor-probe* | dist/mysql-tls-doctor-capture* | dist/mysql-tls-doctor-inventory*) continue ;; esac
    raw=$(wc -c < "$f")
    gz=$(gzip -9n < "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-50s %9d raw %9d gzip\n' "$f" "$raw" "$gz"
done
printf '%-50s %9d raw %9d gzip\n' "first load (wasm+js+css)" "$total_raw" "$total_gz"
worker_size() {
    worker_raw=0
    worker_gz=0
    for f in dist/"$1"*; do
        [ -f "$f" ] || continue
        worker_raw=$((worker_raw + $(wc -c < "$f")))
        worker_gz=$((worker_gz + $(gzip -9n < "$f" | wc -c)))
    done
    printf '%-50s %9d raw %9d gzip\n' "$2" "$worker_raw" "$worker_gz"
}
worker_size mysql-tls-doctor-probe "live probe worker (on first Probe click)"
worker_size mysql-tls-doctor-capture "capture worker (on first capture)"
worker_size mysql-tls-doctor-inventory "inventory worker (on first pasted inventory)"
