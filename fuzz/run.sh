#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined).
#   fuzz/run.sh [SECONDS]      default 60 per target; scripts/test runs it with a short budget.
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
  [realtime_packet]="fuzz/realtime_packet_fuzz.cc src/realtime/engineio_packet.cc src/realtime/socketio_packet.cc src/base/error.cc src/base/encoding.cc"
  [ws_frame]="fuzz/ws_frame_fuzz.cc src/net/ws_frame.cc"
)

for target in "${!SOURCES[@]}"; do
  read -r -a files <<<"${SOURCES[$target]}"
  echo "=== fuzz: building $target"
  (cd "$ROOT" && "$CXX" "${FLAGS[@]}" "${files[@]}" -lboost_json -lcrypto -o "$OUT/$target")
  corpus="$(mktemp -d)"
  cp "$ROOT/fuzz/corpus/$target"/* "$corpus/"
  echo "=== fuzz: running $target for ${SECONDS_PER_TARGET}s"
  "$OUT/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 \
    -artifact_prefix="$ROOT/fuzz/artifacts/$target-" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
  rc=${PIPESTATUS[0]}
  rm -rf "$corpus"
  ((rc == 0)) || { echo "fuzz: $target failed (input saved in fuzz/artifacts/)" >&2; exit "$rc"; }
done
