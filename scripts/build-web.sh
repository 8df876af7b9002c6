#!/bin/sh
# Builds the web app into dist/ with Trunk (release, wasm-opt -Oz), writes NAME.br and NAME.gz
# next to each file (the relay serves them to browsers that accept them) and prints the sizes.
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
for tool in trunk wasm-bindgen brotli zopfli gzip; do
    command -v "$tool" >/dev/null || { echo "build-web: $tool is not on PATH (scripts/setup.sh installs it)" >&2; exit 1; }
done

PATH="$tools/node_modules/.bin:$PATH" trunk build --release "$@"

# Precompressed copies: the relay answers `Accept-Encoding: br` with NAME.br, `gzip` with
# NAME.gz (Trunk replaces dist/ on each build, so none is stale). Both at their best: brotli
# -q 11, and zopfli for the gzip (any gzip decoder reads it; ~4% smaller than gzip -9 on the
# wasm). A few seconds per wasm, once per build, instead of compressing at each request.
for f in dist/*; do
    case "$f" in *.br | *.gz) continue ;; esac
    [ -f "$f" ] || continue
    brotli -q 11 -f -o "$f.br" "$f"
    zopfli -c "$f" > "$f.gz"
done

size() { if [ -f "$1" ]; then wc -c < "$1"; else echo 0; fi; }

# First-load size: what a browser downloads before the app runs (the RDS bundle is lazy), as
# served: NAME.gz to a gzip-only browser, NAME.br to the rest (gzip -9 beside it for reference).
total_raw=0
total_gz=0
total_gz9=0
total_br=0
for f in dist/*.wasm dist/*.js dist/*.css; do
    [ -f "$f" ] || continue
    # The workers are fetched on the first Probe click / capture / inventory, not with the page.
    case "$f" in dist/mysql-tls-doctor-probe* | dist/mysql-tls-doctor-capture* | dist/mysql-tls-doctor-inventory*) continue ;; esac
    raw=$(size "$f")
    gz=$(size "$f.gz")
    br=$(size "$f.br")
    gz9=$(gzip -9n < "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    total_gz9=$((total_gz9 + gz9))
    total_br=$((total_br + br))
    printf '%-50s %9d raw %9d gzip %9d brotli\n' "$f" "$raw" "$gz" "$br"
done
printf '%-50s %9d raw %9d gzip %9d brotli  (gzip -9: %d)\n' "first load (wasm+js+css)" "$total_raw" "$total_gz" "$total_br" "$total_gz9"
worker_size() {
    worker_raw=0
    worker_gz=0
    worker_br=0
    for f in dist/"$1"*; do
        case "$f" in *.br | *.gz) continue ;; esac
        [ -f "$f" ] || continue
        worker_raw=$((worker_raw + $(size "$f")))
        worker_gz=$((worker_gz + $(size "$f.gz")))
        worker_br=$((worker_br + $(size "$f.br")))
    done
    printf '%-50s %9d raw %9d gzip %9d brotli\n' "$2" "$worker_raw" "$worker_gz" "$worker_br"
}
worker_size mysql-tls-doctor-probe "live probe worker (on first Probe click)"
worker_size mysql-tls-doctor-capture "core worker (capture, analyses: on first input)"
worker_size mysql-tls-doctor-inventory "inventory worker (on first pasted inventory)"
