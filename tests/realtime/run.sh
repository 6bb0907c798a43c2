#!/usr/bin/env bash
# socket.io-client conformance tests for src/realtime. Needs the realtime_test_server binary
# (REALTIME_TEST_SERVER, default build/rt/src/realtime/realtime_test_server).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-concurrency=1 ./*.test.mjs
