#!/usr/bin/env bash
# Builds the web UI and runs the browser E2E tests against the real `syntera` binary.
# Env: SYNTERA_BIN (default build/release/src/app/syntera, else build/web/...), CHROMIUM_BIN
# (default /usr/bin/chromium, installed with apt-get when missing). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ]]; then
  echo "e2e: installing chromium" >&2
  apt-get -o DPkg::Lock::Timeout=300 install -y chromium >/dev/null
fi
if ! command -v sqlite3 >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=300 install -y sqlite3 >/dev/null
fi

npm ci --no-audit --no-fund
npm run lint
npm run build
rm -rf e2e/artifacts && mkdir -p e2e/artifacts
node --test --test-concurrency=1 --test-reporter=spec e2e/
