#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there:
# apt packages, the wasm32 target, wasm-bindgen-cli at the Cargo.lock version, trunk 0.21.14,
# and the node tools (binaryen's wasm-opt, playwright-core). Nothing is downloaded from
# anywhere but the package registries; Playwright uses Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

apt_pkgs=(mariadb-server mariadb-client tshark openssl chromium chromium-driver clang llvm)
# Client lab (lab-more): Ruby mysql2, MariaDB Connector/J on the JDK, Go + go-sql-driver/mysql.
apt_pkgs+=(ruby-mysql2 openjdk-17-jdk-headless libmariadb-java golang-go golang-github-go-sql-driver-mysql-dev)
# scripts/build-web.sh writes NAME.br and NAME.gz (zopfli) next to each dist file for the relay.
apt_pkgs+=(brotli zopfli)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || {
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
}

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. Installed without --locked:
# its own lockfile names a webpki-roots the registry does not serve.
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "cargo: installing wasm-bindgen-cli $wb_version (about 4 minutes)"
  cargo install -q wasm-bindgen-cli --version "$wb_version"
fi

# trunk 0.22 needs a newer rustc than this machine's 1.95.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
  say "cargo: installing trunk 0.21.14 (about 10 minutes)"
  cargo install -q trunk --version 0.21.14 --locked
fi

# npm's binaryen 132 (Debian's 108 cannot read reference types) and playwright-core.
if [ ! -x .tools/node/node_modules/.bin/wasm-opt ]; then
  say "npm: installing binaryen@132 into .tools/node"
  mkdir -p .tools/node
  (cd .tools/node && npm install --silent --no-audit --no-fund --prefix . binaryen@132.0.0 >/dev/null)
fi
if [ -f tests/e2e/package.json ] && [ ! -d tests/e2e/node_modules/playwright-core ]; then
  say "npm: installing the end-to-end test's packages"
  (cd tests/e2e && npm ci --silent --no-audit --no-fund >/dev/null)
fi
# Client lab (lab-core): the real clients tests/client_lab.rs runs, each skipped when present.
lab_apt=(php-cli php-mysql libdbd-mariadb-perl libmariadb-dev pkg-config gcc)
lab_missing=()
for p in "${lab_apt[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || lab_missing+=("$p")
done
if [ ${#lab_missing[@]} -gt 0 ]; then
  say "apt: installing ${lab_missing[*]} (client lab)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${lab_missing[@]}" >/dev/null
fi
# One venv per Python (pyenv's 3.11 and 3.13), pinned by tests/lab/requirements.txt; a stamp of
# that file's hash decides whether to reinstall. npm ci when the lock is newer than the install.
lab_python() { # the first interpreter of that version that runs (a pyenv shim may not)
  local candidate
  for candidate in $(ls -d "$HOME"/.pyenv/versions/"$1".*/bin/python 2>/dev/null) "$(command -v "python$1")"; do
    [ -n "$candidate" ] && "$candidate" -c 'import venv' 2>/dev/null && { echo "$candidate"; return; }
  done
}
lab_venv() { # DIR PYTHON_VERSION PACKAGES...
  local dir=$1 version=$2
  shift 2
  local stamp
  stamp="$(sha256sum tests/lab/requirements.txt | cut -c1-16) $*"
  [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.lab-stamp" 2>/dev/null)" = "$stamp" ] && return
  local python
  python=$(lab_python "$version")
  [ -n "$python" ] || { say "client lab: no Python $version (pyenv); its columns are skipped"; return; }
  say "pip: installing $* into $dir (client lab)"
  rm -rf "$dir"
  "$python" -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$@"
  echo "$stamp" >"$dir/.lab-stamp"
}
lab_pins() { grep -iE "^($(echo "$@" | tr ' ' '|'))==" tests/lab/requirements.txt; }
# shellcheck disable=SC2046
lab_venv .tools/lab-py311 3.11 $(lab_pins mysql-connector-python mysqlclient PyMySQL)
# shellcheck disable=SC2046
lab_venv .tools/lab-py313 3.13 $(lab_pins PyMySQL)
if [ ! -d tests/lab/node/node_modules/mysql2 ] || [ tests/lab/node/package-lock.json -nt tests/lab/node/node_modules/.package-lock.json ]; then
  say "npm: installing the client lab's node clients"
  (cd tests/lab/node && npm ci --silent --no-audit --no-fund >/dev/null)
fi
# Client lab (lab-more): the compiled drivers, built into target/lab/ (skips what is up to date).
bash tests/lab/build-drivers.sh

say "ready"
