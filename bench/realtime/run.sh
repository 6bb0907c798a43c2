#!/usr/bin/env bash
# Socket.IO benchmark: the C++ realtime server (src/realtime, realtime_test_server) against
# Node's socket.io 4.8 (node_server.mjs, same semantics), with a raw-WebSocket load generator:
# realtime_loadgen (loadgen/, C++, cheap enough to offer 50k–150k deliveries/s) or loadgen.mjs
# (Node + ws, ~20k/s at most on 2 cores); both print the same RESULT lines.
# docs/PERFORMANCE.md ("Realtime (Socket.IO)") describes the method.
#   (1) fan-out: $BENCH_CLIENTS clients in rooms of 10, ~100-byte messages, at each offered load
#       of $BENCH_RATES delivered messages/s → delivered/s, p50/p99/max latency, server CPU per
#       1,000 delivered messages. A fresh server per run; the two servers alternate per load.
#   (2) idle: $BENCH_IDLE_COUNTS connected sockets (in stages, on one fresh server per kind)
#       → (RSS − RSS before any connection) / N, and idle CPU.
#
#   bench/realtime/run.sh                          # both scenarios, all servers (~5 minutes)
#   BENCH_ONLY=fanout bench/realtime/run.sh        # or idle
#   BENCH_RATES="2000 20000" BENCH_DURATION=5 bench/realtime/run.sh
#   BENCH_ONLY=fanout BENCH_SERVERS="cpp node" BENCH_RATES="20000 50000 100000" bench/realtime/run.sh
#
# Environment: REALTIME_BIN (default: the newer of build/release/… and build/lead/…
# src/realtime/realtime_test_server; build it with --target realtime_test_server), BENCH_THREADS (C++ I/O threads, 2), BENCH_RATES ("2000 5000 10000 20000"),
# BENCH_CLIENTS (1000), BENCH_WARMUP (3 s), BENCH_DURATION (10 s), BENCH_IDLE_COUNTS
# ("10000 50000"; capped by the open-files limit), BENCH_IDLE_PROCS (4 loadgen processes),
# BENCH_ONLY (fanout|idle), BENCH_SERVERS ("cpp cpp1 node": C++ with $BENCH_THREADS threads,
# C++ with one I/O thread (fan-out only), socket.io),
# BENCH_OUTPUT (also write the report to this file; the raw results go to $BENCH_OUTPUT.jsonl),
# BENCH_LOADGEN (cc|node: the load generator; default cc when realtime_loadgen is found — $LOADGEN_BIN,
# else bench/realtime/realtime_loadgen of the build directory REALTIME_BIN comes from; build it with
# --target realtime_loadgen —, otherwise node), LOADGEN_BIN (path of realtime_loadgen).
# Needs: node, npm (npm ci installs socket.io and ws from package-lock.json). Uses only
# 127.0.0.0/8 (source addresses 127.0.0.1–127.0.0.8). Do not run it while something else is
# compiling: the numbers would mostly measure the compiler.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/realtime"
BIN="${REALTIME_BIN:-}"
if [[ -z "$BIN" ]]; then  # the most recently built of the usual Release build directories
  BIN="$(ls -t "$ROOT"/build/{release,lead}/src/realtime/realtime_test_server 2>/dev/null | head -n 1 || true)"
fi
THREADS="${BENCH_THREADS:-2}"
read -r -a RATES <<<"${BENCH_RATES:-2000 5000 10000 20000}"
CLIENTS="${BENCH_CLIENTS:-1000}"
WARMUP="${BENCH_WARMUP:-3}"
DURATION="${BENCH_DURATION:-10}"
read -r -a IDLE_COUNTS <<<"${BENCH_IDLE_COUNTS:-10000 50000}"
IDLE_PROCS="${BENCH_IDLE_PROCS:-4}"
ONLY="${BENCH_ONLY:-}"
read -r -a SERVERS <<<"${BENCH_SERVERS:-cpp cpp1 node}"

log() { echo "run.sh: $*" >&2; }
for tool in node npm; do
  command -v "$tool" >/dev/null || { log "$tool is missing"; exit 1; }
done
[[ -n "$BIN" && -x "$BIN" ]] || {
  log "no realtime_test_server (build it: cmake --build build/release --target realtime_test_server -j2, or set REALTIME_BIN)"
  exit 1
}
# The load generator: the C++ one when it is built (next to the server: <build>/src/realtime/… →
# <build>/bench/realtime/realtime_loadgen) or named, else loadgen.mjs.
LOADGEN_BIN="${LOADGEN_BIN:-}"
if [[ -z "$LOADGEN_BIN" ]]; then
  candidate="$(dirname "$BIN")/../../bench/realtime/realtime_loadgen"
  if [[ -x "$candidate" ]]; then LOADGEN_BIN="$(cd "$(dirname "$candidate")" && pwd)/realtime_loadgen"; fi
fi
LOADGEN="${BENCH_LOADGEN:-}"
if [[ -z "$LOADGEN" ]]; then
  if [[ -n "$LOADGEN_BIN" && -x "$LOADGEN_BIN" ]]; then LOADGEN=cc; else LOADGEN=node; fi
fi
case "$LOADGEN" in
  cc)
    [[ -n "$LOADGEN_BIN" && -x "$LOADGEN_BIN" ]] || {
      log "BENCH_LOADGEN=cc but no realtime_loadgen (build it: cmake --build <build dir> --target realtime_loadgen -j2, or set LOADGEN_BIN)"
      exit 1
    }
    LOADGEN_NOTE="realtime_loadgen (C++, ${LOADGEN_BIN#"$ROOT/"})"
    ;;
  node) LOADGEN_NOTE="loadgen.mjs (Node + ws)" ;;
  *) log "BENCH_LOADGEN must be cc or node, not '$LOADGEN'"; exit 1 ;;
esac
log "load generator: $LOADGEN_NOTE"
# loadgen fanout|idle ARGS…: runs the chosen load generator (same arguments, same RESULT line).
loadgen() {
  if [[ "$LOADGEN" == cc ]]; then "$LOADGEN_BIN" "$@"; else node "$HERE/loadgen.mjs" "$@"; fi
}

WORK="$(mktemp -d /tmp/syntera-rtbench.XXXXXX)"
server_pid=""
stop_server() {
  [[ -z "$server_pid" ]] && return 0
  exec 7>&- || true  # stdin EOF: both servers exit
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- dependencies and limits ------------------------------------------------------------------
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Every socket is a file descriptor in the server and in a loadgen process.
want_nofile=250000
ulimit -n "$want_nofile" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE="$(ulimit -n)"
PORT_RANGE="$(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)"
NR_OPEN="$(cat /proc/sys/fs/nr_open)"
SOMAXCONN="$(cat /proc/sys/net/core/somaxconn)"
LIMIT_NOTE="open files: $NOFILE (wanted $want_nofile), fs.nr_open $NR_OPEN, ip_local_port_range $PORT_RANGE, somaxconn $SOMAXCONN"
log "$LIMIT_NOTE"
max_idle=$((NOFILE - 200))  # the server's own descriptors
CAPPED=()
for i in "${!IDLE_COUNTS[@]}"; do
  if ((IDLE_COUNTS[i] > max_idle)); then
    CAPPED+=("${IDLE_COUNTS[i]}→$max_idle")
    IDLE_COUNTS[i]=$max_idle
  fi
done
if ((${#CAPPED[@]})); then
  log "idle counts capped by the open-files limit ($NOFILE; raising it needs CAP_SYS_RESOURCE): ${CAPPED[*]}"
fi

# --- servers ------------------------------------------------------------------------------------
# start_server cpp|cpp1|node: a fresh server whose stdin is fd 7 (closing it stops the server);
# sets server_pid and server_port. cpp: $THREADS I/O threads; cpp1: one I/O thread.
start_server() {
  rm -f "$WORK/stdin" "$WORK/server.out"
  mkfifo "$WORK/stdin"
  if [[ "$1" == cpp* ]]; then
    "$BIN" --threads "$(server_threads "$1")" --events-per-second 1000000 --max-connections 1000000 \
      <"$WORK/stdin" >"$WORK/server.out" 2>>"$WORK/server.err" &
  else
    node "$HERE/node_server.mjs" <"$WORK/stdin" >"$WORK/server.out" 2>>"$WORK/server.err" &
  fi
  server_pid=$!
  exec 7>"$WORK/stdin"
  local i
  for ((i = 0; i < 200; i++)); do
    server_port="$(awk '/^PORT /{ print $2 }' "$WORK/server.out" 2>/dev/null)"
    [[ -n "$server_port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { log "$1 server died:"; tail -n 20 "$WORK/server.err" >&2; exit 1; }
    sleep 0.05
  done
  [[ -n "$server_port" ]] || { log "$1 server printed no port"; exit 1; }
  sleep 0.5  # let the runtime settle before any RSS/CPU reading
}

server_threads() { [[ "$1" == cpp1 ]] && echo 1 || echo "$THREADS"; }
server_name() { [[ "$1" == cpp* ]] && echo "c++ ($(server_threads "$1") thr)" || echo "socket.io"; }
# result KIND: appends loadgen's RESULT line, tagged with the server, to results.jsonl.
result() {
  local line
  line="$(grep '^RESULT ' "$WORK/loadgen.out" | tail -n 1 | cut -d' ' -f2-)"
  [[ -n "$line" ]] || { log "loadgen printed no result"; cat "$WORK/loadgen.out" >&2; exit 1; }
  node -e 'const r=JSON.parse(process.argv[1]);r.server=process.argv[2];console.log(JSON.stringify(r))' \
    "$line" "$(server_name "$1")" >>"$WORK/results.jsonl"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
START_TIME="$(date -u +%FT%TZ)"
log "load average before: $LOAD_BEFORE"

if [[ -z "$ONLY" || "$ONLY" == fanout ]]; then
  for rate in "${RATES[@]}"; do
    for kind in "${SERVERS[@]}"; do
      start_server "$kind"
      log "fan-out: $(server_name "$kind") at $rate deliveries/s"
      loadgen fanout --url "http://127.0.0.1:$server_port" --pid "$server_pid" \
        --clients "$CLIENTS" --room-size 10 --rate "$rate" --payload 100 \
        --warmup "$WARMUP" --duration "$DURATION" --label "$kind-$rate" >"$WORK/loadgen.out"
      result "$kind"
      stop_server
    done
  done
fi

if [[ -z "$ONLY" || "$ONLY" == idle ]]; then
  counts="$(IFS=,; echo "${IDLE_COUNTS[*]}")"
  for kind in "${SERVERS[@]}"; do
    [[ "$kind" == cpp1 ]] && continue  # memory per connection does not depend on the threads
    start_server "$kind"
    log "idle: $(server_name "$kind"), $counts sockets"
    loadgen idle --url "http://127.0.0.1:$server_port" --pid "$server_pid" \
      --counts "$counts" --procs "$IDLE_PROCS" --addresses 8 --label "$kind" >"$WORK/loadgen.out"
    result "$kind"
    stop_server
    sleep 2  # the closed sockets leave TIME_WAIT; there are enough ports, but let it settle
  done
fi

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "## Realtime benchmark ($START_TIME, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  echo "C++: \`${BIN#"$ROOT/"} --threads $THREADS|1 --events-per-second 1000000 --max-connections 1000000\`; Node $(node --version), socket.io $(node -p 'require(process.argv[1]).version' "$HERE/node_modules/socket.io/package.json")."
  echo "Load generator: $LOADGEN_NOTE. Load average before: $LOAD_BEFORE; after: $LOAD_AFTER ($(nproc) cores). Limits: $LIMIT_NOTE."
  if ((${#CAPPED[@]})); then echo "Idle counts capped by the open-files limit: ${CAPPED[*]}."; fi
  echo
  node "$HERE/report.mjs" "$WORK/results.jsonl"
} | tee "${BENCH_OUTPUT:-/dev/null}"
if [[ -n "${BENCH_OUTPUT:-}" ]]; then cp "$WORK/results.jsonl" "$BENCH_OUTPUT.jsonl"; fi
