#!/usr/bin/env bash
# Sets up what is missing, builds the web app in release, and serves it on 127.0.0.1.
# Usage: scripts/run.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
exec node scripts/serve.mjs "${1:-8080}"
