#!/usr/bin/env bash
# The relay side by side with websockify (PyPI), same loopback, same run, same client:
#   throughput through one session (64 MiB), median ping-pong RTT (32 bytes), and the relay's
#   RSS with 1,000 idle sessions. Prints a table. Loopback only; every step is bounded.
# Usage: relay/bench/compare.sh [ROUNDS]   (ROUNDS of each throughput run; medians; default 7)
# On a shared 2-core machine the client, the echo server and the bridge compete for CPU, so the
# bridge's own CPU time per relayed byte is the headline: it does not depend on the neighbours.
# Relay and websockify runs alternate, so a change in machine load hits both alike.
# Honours CARGO_TARGET_DIR (the build and the websockify venv go there).
# Needs: python3 (websockify is installed into a venv under target/ if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-7}"
target_dir="${CARGO_TARGET_DIR:-target}"
sessions=1000
mib=256

# 1,000 sessions hold ~3,000 descriptors between the client, the relay and the echo server.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

venv="$target_dir/bench-venv"
if [ ! -x "$venv/bin/websockify" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q websockify
fi
wsfy_version=$("$venv/bin/pip" show websockify 2>/dev/null | awk '/^Version/ {print $2}')

# The bench profile (opt-level 3, like the release profile, but quicker to build: no LTO) is what
# this compares; the web app's size-optimised wasm has its own profile (web).
cargo build -q --profile bench -p mysql-tls-doctor-relay --bin mysql-tls-doctor-relay --example bench
# The bench profile writes to target/release (cargo maps bench to release's directory).
bin="$target_dir/release/mysql-tls-doctor-relay"
bench="$target_dir/release/examples/bench"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

echo_out=$(mktemp)
"$bench" echo >"$echo_out" & pids+=($!)
for _ in $(seq 50); do [ -s "$echo_out" ] && break; sleep 0.1; done
echo_port=$(cat "$echo_out")

relay_port=$(free_port)
RUST_LOG=warn "$bin" --listen "127.0.0.1:$relay_port" --no-static --allow-no-origin \
    --allow-target "127.0.0.1/32:$echo_port" --max-bytes $((mib * 2 * 1024 * 1024)) \
    --max-sessions 1100 --max-sessions-per-client 1100 --max-connections 1100 --session-time 600 \
    >/dev/null & relay_pid=$!; pids+=($relay_pid)
wsfy_port=$(free_port)
"$venv/bin/websockify" "127.0.0.1:$wsfy_port" "127.0.0.1:$echo_port" >/dev/null 2>&1 & wsfy_pid=$!; pids+=($wsfy_pid)
wait_port "$relay_port"; wait_port "$wsfy_port"

relay_url="ws://127.0.0.1:$relay_port/relay?target=127.0.0.1:$echo_port"
wsfy_url="ws://127.0.0.1:$wsfy_port/"

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.stdin.read().split()))'; }
# CPU time of a process and its reaped children, in clock ticks (websockify forks a child per
# connection and reaps it, so its children's time lands in cutime/cstime).
cpu() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
tck=$(getconf CLK_TCK)
bytes=$((mib * 1024 * 1024 * 2)) # every payload byte crosses the bridge twice (to the echo server and back)
# One throughput run through URL with KIB KiB messages; prints "MB/s CPU-ns-per-relayed-byte".
run() {
    local pid=$1 url=$2 kib=$3 c0 tp c1
    c0=$(cpu "$pid")
    tp=$(timeout 120 "$bench" throughput "$url" "$mib" "$kib")
    sleep 0.3 # let websockify reap its child, so its CPU is counted
    c1=$(cpu "$pid")
    echo "$tp $(python3 -c "print(($c1 - $c0) * 1e9 / $tck / $bytes)")"
}
declare -A tp cpu_ns
for kib in 64 16; do
    : >"$echo_out.relay" ; : >"$echo_out.wsfy"
    for _ in $(seq "$rounds"); do
        run "$relay_pid" "$relay_url" "$kib" >>"$echo_out.relay"
        run "$wsfy_pid" "$wsfy_url" "$kib" >>"$echo_out.wsfy"
    done
    for who in relay wsfy; do
        tp[$who$kib]=$(cut -d' ' -f1 "$echo_out.$who" | median)
        cpu_ns[$who$kib]=$(cut -d' ' -f2 "$echo_out.$who" | median)
        echo "runs, $kib KiB, $who (MB/s, CPU ns/byte): $(tr '\n' ';' <"$echo_out.$who")" >&2
    done
done
rtt_tcp=$(timeout 60 "$bench" tcp-latency "127.0.0.1:$echo_port" 2000)
rtt_relay=$(timeout 60 "$bench" latency "$relay_url" 2000)
rtt_wsfy=$(timeout 60 "$bench" latency "$wsfy_url" 2000)
read -r rss_before rss_idle < <(timeout 120 "$bench" idle "$relay_url" "$sessions" "$relay_pid")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '\n%-48s %14s %14s\n' "loopback, $(nproc) cores, same client, medians of $rounds" "relay" "websockify $wsfy_version"
for kib in 64 16; do
    printf '%-48s %14s %14s\n' "throughput, $mib MiB, $kib KiB messages (MB/s)" "${tp[relay$kib]}" "${tp[wsfy$kib]}"
    printf '%-48s %14.2f %14.2f\n' "  bridge CPU per relayed byte (ns)" "${cpu_ns[relay$kib]}" "${cpu_ns[wsfy$kib]}"
    printf '%-48s %14s %14s\n' "  relay CPU / websockify CPU per byte" "$(ratio "${cpu_ns[relay$kib]}" "${cpu_ns[wsfy$kib]}")x" ""
done
printf '%-48s %14s %14s\n' "ping-pong RTT median, 32 B (us)" "$rtt_relay" "$rtt_wsfy"
printf '%-48s %14s %14s\n' "  added over direct TCP ($rtt_tcp us)" "$((rtt_relay - rtt_tcp))" "$((rtt_wsfy - rtt_tcp))"
printf '%-48s %14s %14s\n' "RSS idle / with $sessions idle sessions (MB)" \
    "$((rss_before / 1024)) / $((rss_idle / 1024))" "(forks per conn.)"
