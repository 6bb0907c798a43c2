#!/usr/bin/env bash
# HTTP benchmark of the release binary against an nginx static-file baseline, with wrk.
# Prints a markdown report (docs/PERFORMANCE.md describes the method):
#   - wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on: nginx static file, GET /healthz,
#     authenticated GET /api/v1/me  → req/s, p50/p90/p99, non-2xx count
#   - start → readiness on an existing database (median of $STARTS starts)
#   - VmRSS right after start (idle) and after the load
#
#   bench/http/run.sh                       # defaults: -t2 -c32 -d10s, 5 starts
#   BENCH_DURATION=30s bench/http/run.sh --threads 2     # extra args go to `syntera serve`
#   bench/http/run.sh --database-url postgres://…        # the same against PostgreSQL
#
# Environment: SYNTERA_BIN (default build/release/src/app/syntera), BENCH_THREADS (2),
# BENCH_CONNECTIONS (32), BENCH_DURATION (10s), BENCH_STARTS (5), BENCH_LOG_LEVEL (warn),
# BENCH_ACCESS_LOG (false: no per-request log line),
# BENCH_OUTPUT (also write the report to this file).
# Needs: wrk, nginx, node, curl. Uses only 127.0.0.1. Runs about 1 minute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/http"
BIN="${SYNTERA_BIN:-$ROOT/build/release/src/app/syntera}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
DURATION="${BENCH_DURATION:-10s}"
STARTS="${BENCH_STARTS:-5}"
LOG_LEVEL="${BENCH_LOG_LEVEL:-warn}"
ACCESS_LOG="${BENCH_ACCESS_LOG:-false}"
SERVE_ARGS=("$@")

for tool in wrk nginx node curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/lib/packages.sh lists it)" >&2; exit 1; }
done
[[ -x "$BIN" ]] || { echo "run.sh: no binary at $BIN (build it: cmake --preset release && cmake --build --preset release)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/syntera-bench.XXXXXX)"
chmod 755 "$WORK"   # nginx workers run as an unprivileged user when we are root
server_pid=""
nginx_pid=""
cleanup() {
  local pid
  for pid in "$server_pid" "$nginx_pid"; do
    if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "run.sh: $*" >&2; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# wait_for_line FILE REGEX PID: until FILE has a line matching REGEX (bounded; PID must live).
wait_for_line() {
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "run.sh: process $3 died; log:" >&2; tail -n 30 "$1" >&2; return 1; }
    sleep 0.05
  done
  echo "run.sh: timed out waiting for /$2/ in $1" >&2
  return 1
}

# --- syntera -------------------------------------------------------------------------------
DATA="$WORK/data"
mkdir -p "$DATA"
log "starting $BIN"
# Run from the work dir, so that no ./.env of the caller applies.
(cd "$WORK" && exec "$BIN" serve --host 127.0.0.1 --port 0 --data-dir "$DATA" \
  --log-level "$LOG_LEVEL" --access-log "$ACCESS_LOG" \
  --rate-limit-auth-per-minute 100000000 --rate-limit-ip-per-minute 100000000 \
  --rate-limit-api-per-minute 100000000 \
  "${SERVE_ARGS[@]}" >"$WORK/syntera.stdout" 2>"$WORK/syntera.stderr") &
server_pid=$!
# Readiness: the stdout line "Syntera is ready at URL" (printed at every log level; the JSON
# "listening" line is an info-level log line and --log-level warn hides it).
wait_for_line "$WORK/syntera.stdout" '^Syntera is ready at ' "$server_pid"
URL="$(sed -nE 's/^Syntera is ready at (http[^ ]+).*/\1/p' "$WORK/syntera.stdout" | head -n1)"
URL="${URL%/}"
rss_idle="$(rss_kb "$server_pid")"
log "syntera at $URL (pid $server_pid, VmRSS ${rss_idle} kB)"

password="Tz8!qLm-bench-$(date +%s%N | sha256sum | head -c 16)"
signup="$(curl -sS -X POST "$URL/api/v1/auth/signup" -H 'content-type: application/json' \
  --data "{\"email\":\"bench-$$@bench.syntera.test\",\"password\":\"$password\",\"name\":\"Bench\",\"organization_name\":\"Bench Org\"}")"
TOKEN="$(node -e 'const b=JSON.parse(process.argv[1]); if(!b.access_token){console.error(process.argv[1]); process.exit(1)} console.log(b.access_token)' "$signup")"
code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me")"
[[ "$code" == 200 ]] || { log "GET /api/v1/me with the new token answered $code"; exit 1; }

# --- nginx -----------------------------------------------------------------------------------
NGX="$WORK/nginx"
mkdir -p "$NGX/www" "$NGX/tmp"
NGINX_PORT="$(free_port)"
sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@PREFIX@|$NGX|g" "$HERE/nginx.conf" >"$NGX/nginx.conf"
# About the size of a small JSON API answer.
printf '{"status":"ok","service":"static","padding":"%s"}\n' "$(printf 'x%.0s' {1..40})" >"$NGX/www/static.json"
chmod -R a+rX "$NGX"
nginx -p "$NGX" -c "$NGX/nginx.conf" 2>"$NGX/stderr.log" &
nginx_pid=$!
for ((i = 0; i < 200; i++)); do
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/static.json" && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$NGX/stderr.log" "$NGX/error.log" >&2 2>/dev/null; exit 1; }
  sleep 0.05
done
curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/static.json" || { log "nginx did not answer"; exit 1; }
log "nginx at http://127.0.0.1:$NGINX_PORT (pid $nginx_pid)"

# --- load ------------------------------------------------------------------------------------
declare -a rows=()
# bench NAME URL [LUA_SCRIPT SCRIPT_ARG]: one warm-up (2 s) and one measured run; appends a row.
bench() {
  local name="$1" url="$2" out rps p50 p90 p99 non2xx sockerr
  local script=() script_args=()
  if (($# > 2)); then
    script=(-s "$3")
    script_args=(-- "$4")
  fi
  wrk -t1 -c4 -d2s "${script[@]}" "$url" "${script_args[@]}" >/dev/null
  log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $name"
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" "$url" "${script_args[@]}")"
  printf '%s\n' "$out" >"$WORK/wrk-${name//[^a-zA-Z0-9]/_}.txt"
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
  p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
  p90="$(awk '$1 == "90%" { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")"
  sockerr="$(awk -F'Socket errors: ' '/Socket errors:/ { print $2 }' <<<"$out")"
  rows+=("| $name | ${rps:-?} | ${p50:-?} | ${p90:-?} | ${p99:-?} | ${non2xx:-0} | ${sockerr:-none} |")
}
bench "nginx static file" "http://127.0.0.1:$NGINX_PORT/static.json"
bench "syntera GET /healthz" "$URL/healthz"
bench "syntera GET /api/v1/me (Bearer)" "$URL/api/v1/me" "$HERE/me.lua" "$TOKEN"
rss_after="$(rss_kb "$server_pid")"

kill "$server_pid"
set +e
wait "$server_pid"
exit_code=$?
set -e
server_pid=""
[[ "$exit_code" == 0 ]] || log "warning: syntera exited $exit_code after SIGTERM"
kill "$nginx_pid" 2>/dev/null || true
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""

# --- start-up ------------------------------------------------------------------------------
log "measuring start → listening, $STARTS starts on the existing database"
startup="$(node "$HERE/startup.mjs" --bin "$BIN" --data-dir "$DATA" --repeat "$STARTS" -- \
  --log-level "$LOG_LEVEL" --access-log "$ACCESS_LOG" "${SERVE_ARGS[@]}")"
json() { node -e 'const o=JSON.parse(process.argv[1]); const v=o[process.argv[2]]; console.log(Array.isArray(v)?v.join(", "):v)' "$startup" "$1"; }

# --- report ------------------------------------------------------------------------------------
report() {
  echo "### HTTP benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -sr)."
  echo "wrk and the server share these cores. syntera: \`$(timeout 10 "$BIN" version 2>/dev/null | head -n1 || echo "?")\`, $(nginx -v 2>&1 | sed 's/^nginx version: //'), wrk $(wrk -v 2>&1 | head -n1 | awk '{ print $2 }')."
  echo "Load: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` after a 2 s warm-up; syntera with \`--log-level $LOG_LEVEL --access-log $ACCESS_LOG\`${SERVE_ARGS[*]:+ and \`${SERVE_ARGS[*]}\`}, rate limits raised."
  echo
  echo "| target | req/s | p50 | p90 | p99 | non-2xx | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| measure | value |"
  echo "|---|---:|"
  echo "| start → listening, existing database (median of $STARTS) | $(json median_ms) ms (runs: $(json runs_ms)) |"
  echo "| VmRSS at readiness (each start) | $(json rss_kb_at_ready) kB |"
  echo "| VmRSS idle after start | $rss_idle kB |"
  echo "| VmRSS after the load | $rss_after kB |"
}
if [[ -n "${BENCH_OUTPUT:-}" ]]; then
  report | tee "$BENCH_OUTPUT"
else
  report
fi
