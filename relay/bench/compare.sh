#!/usr/bin/env bash
# The relay side by side with websockify (PyPI), same loopback, same run, same client:
#   throughput through one session (64 MiB), median ping-pong RTT (32 bytes), and the relay's
#   RSS with 1,000 idle sessions. Prints a table. Loopback only; every step is bounded.
# Usage: relay/bench/compare.sh [ROUNDS]   (ROUNDS of each throughput run, best kept; default 5)
# On a shared 2-core machine the client, the echo server and the bridge compete for CPU, so the
# bridge's own CPU time per transfer is printed too: it does not depend on the neighbours.
# Needs: python3 (websockify is installed into a venv under target/ if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"
sessions=1000
mib=64

# 1,000 sessions hold ~3,000 descriptors between the client, the relay and the echo server.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

venv=target/bench-venv
if [ ! -x "$venv/bin/websockify" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q websockify
fi
wsfy_version=$("$venv/bin/pip" show websockify 2>/dev/null | awk '/^Version/ {print $2}')

# The root Cargo.toml's release profile is size-optimized (opt-level "z") for the wasm; the bench
# profile inherits it with opt-level 3, which is what a server binary wants.
cargo build -q --profile bench -p mysql-tls-doctor-relay --bin mysql-tls-doctor-relay --example bench
# The bench profile writes to target/release (cargo maps bench to release's directory).
bin=target/release/mysql-tls-doctor-relay
bench=target/release/examples/bench

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

best() { sort -n | tail -1; }
# CPU time of a process and its reaped children, in clock ticks (websockify forks a child per
# connection and reaps it, so its children's time lands in cutime/cstime).
cpu() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
tck=$(getconf CLK_TCK)
c0=$(cpu "$relay_pid")
tp_relay=$(for _ in $(seq "$rounds"); do timeout 120 "$bench" throughput "$relay_url" "$mib"; done | best)
cpu_relay=$(( ($(cpu "$relay_pid") - c0) * 1000 / tck / rounds ))
c0=$(cpu "$wsfy_pid")
tp_wsfy=$(for _ in $(seq "$rounds"); do timeout 120 "$bench" throughput "$wsfy_url" "$mib"; done | best)
sleep 0.5 # let websockify reap its last child
cpu_wsfy=$(( ($(cpu "$wsfy_pid") - c0) * 1000 / tck / rounds ))
# 16 KiB messages: a TLS record's size, what the live probe actually sends.
tp16_relay=$(for _ in $(seq "$rounds"); do timeout 120 "$bench" throughput "$relay_url" "$mib" 16; done | best)
tp16_wsfy=$(for _ in $(seq "$rounds"); do timeout 120 "$bench" throughput "$wsfy_url" "$mib" 16; done | best)
rtt_tcp=$(timeout 60 "$bench" tcp-latency "127.0.0.1:$echo_port" 2000)
rtt_relay=$(timeout 60 "$bench" latency "$relay_url" 2000)
rtt_wsfy=$(timeout 60 "$bench" latency "$wsfy_url" 2000)
read -r rss_before rss_idle < <(timeout 120 "$bench" idle "$relay_url" "$sessions" "$relay_pid")

ratio=$(python3 -c "print(f'{$tp_relay / $tp_wsfy:.1f}')")
ratio16=$(python3 -c "print(f'{$tp16_relay / $tp16_wsfy:.1f}')")
printf '\n%-44s %14s %14s\n' "loopback, $(nproc) cores, same client" "relay" "websockify $wsfy_version"
printf '%-44s %14s %14s\n' "throughput, $mib MiB, 64 KiB messages (MB/s)" "$tp_relay" "$tp_wsfy"
printf '%-44s %14s %14s\n' "  relay / websockify" "${ratio}x" ""
printf '%-44s %14s %14s\n' "throughput, $mib MiB, 16 KiB messages (MB/s)" "$tp16_relay" "$tp16_wsfy"
printf '%-44s %14s %14s\n' "  relay / websockify" "${ratio16}x" ""
printf '%-44s %14s %14s\n' "bridge CPU per $mib MiB, 64 KiB msgs (ms)" "$cpu_relay" "$cpu_wsfy"
cpu_ratio=$(python3 -c "print(f'{$cpu_wsfy / max($cpu_relay, 1):.1f}')")
printf '%-44s %14s %14s\n' "  websockify CPU / relay CPU" "${cpu_ratio}x" ""
printf '%-44s %14s %14s\n' "ping-pong RTT median, 32 B (us)" "$rtt_relay" "$rtt_wsfy"
printf '%-44s %14s %14s\n' "  added over direct TCP ($rtt_tcp us)" "$((rtt_relay - rtt_tcp))" "$((rtt_wsfy - rtt_tcp))"
printf '%-44s %14s %14s\n' "RSS idle / with $sessions idle sessions (MB)" \
    "$((rss_before / 1024)) / $((rss_idle / 1024))" "(forks per conn.)"
