#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined).
#   fuzz/run.sh [SECONDS]      explores for SECONDS per target (default 60) from a random seed:
#                              run it after changing a decoder, for as long as you can spare.
#   FUZZ_RUNS=N FUZZ_SEED=S fuzz/run.sh
#                              replays the seed corpus, then N inputs mutated from seed S. Runs
#                              stay close to each other (not bit for bit: comparison tracing
#                              sees addresses), and every failing input is saved. scripts/test
#                              (CI) runs this way; a finding of an exploring run is fixed and its
#                              input added to fuzz/corpus/<target> before it lands.
# The seed corpus is fuzz/corpus/<target>; new inputs go to a temp dir (not committed); a crash
# leaves its input in fuzz/artifacts/ and fails the run. Needs clang and libclang-rt-dev.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
OUT="$ROOT/build/fuzz"
mkdir -p "$OUT" "$ROOT/fuzz/artifacts"
CXX="${FUZZ_CXX:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-dev)" >&2; exit 1; }

FLAGS=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$ROOT/src")
# target → the sources it needs (kept small: decoders only)
declare -A SOURCES=(
  [realtime_packet]="fuzz/realtime_packet_fuzz.cc src/realtime/engineio_packet.cc src/realtime/socketio_packet.cc src/json/parse.cc src/base/error.cc src/base/encoding.cc"
  [ws_frame]="fuzz/ws_frame_fuzz.cc src/net/ws_frame.cc"
)

for target in "${!SOURCES[@]}"; do
  read -r -a files <<<"${SOURCES[$target]}"
  echo "=== fuzz: building $target"
  (cd "$ROOT" && "$CXX" "${FLAGS[@]}" "${files[@]}" -lboost_json -lcrypto -o "$OUT/$target")
  corpus="$(mktemp -d)"
  cp "$ROOT/fuzz/corpus/$target"/* "$corpus/"
  if [[ -n "${FUZZ_RUNS:-}" ]]; then
    budget=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
    echo "=== fuzz: running $target for $FUZZ_RUNS inputs from seed ${FUZZ_SEED:-1}"
  else
    budget=(-max_total_time="$SECONDS_PER_TARGET")
    echo "=== fuzz: running $target for ${SECONDS_PER_TARGET}s"
  fi
  "$OUT/$target" "${budget[@]}" -max_len=4096 -timeout=10 \
    -artifact_prefix="$ROOT/fuzz/artifacts/$target-" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
  rc=${PIPESTATUS[0]}
  rm -rf "$corpus"
  ((rc == 0)) || { echo "fuzz: $target failed (input saved in fuzz/artifacts/)" >&2; exit "$rc"; }
done
