// Time from process start to readiness: spawns `syntera serve` on an existing data directory,
// measures spawn → readiness (the `"event":"listening"` stderr line or the stdout line
// "Syntera is ready at …"), reads VmRSS at that moment, stops it
// with SIGTERM, and repeats. Prints one JSON object:
//   {"runs_ms":[…], "median_ms": …, "min_ms": …, "max_ms": …, "rss_kb_at_ready":[…]}
//
//   node bench/http/startup.mjs --bin build/release/src/app/syntera --data-dir DIR [--repeat 5]
//        [-- extra serve flags]

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts, positionals: extra } = parseArgs({
  allowPositionals: true,
  options: {
    bin: { type: 'string' },
    'data-dir': { type: 'string' },
    repeat: { type: 'string', default: '5' },
  },
});
if (!opts.bin || !opts['data-dir']) {
  console.error('usage: startup.mjs --bin BIN --data-dir DIR [--repeat N] [-- flags]');
  process.exit(2);
}

function vmRssKb(pid) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : null;
}

function env() {
  const e = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SYNTERA_')) e[k] = v;
  return e;
}

function once() {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(opts.bin, ['serve', '--host', '127.0.0.1', '--port', '0',
      '--data-dir', opts['data-dir'], ...extra],
      { cwd: opts['data-dir'], stdio: ['ignore', 'pipe', 'pipe'], env: env() });
    let buffered = '';
    let result = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    // Ready = the stderr JSON line with "event":"listening" or the stdout line
    // "Syntera is ready at …" (printed at every log level), whichever comes first.
    const onData = (chunk) => {
      if (result) return;
      buffered += chunk;
      if (/"event"\s*:\s*"listening"|^Syntera is ready at /m.test(buffered)) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        result = { ms, rssKb: vmRssKb(child.pid) };
        child.kill('SIGTERM');
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', onData);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (!result) reject(new Error(`exited before listening (code ${code}, signal ${signal}):\n${buffered}`));
      else resolve(result);
    });
  });
}

const runs = [];
for (let i = 0; i < Number(opts.repeat); i++) runs.push(await once());
const ms = runs.map((r) => r.ms);
const sorted = [...ms].sort((a, b) => a - b);
const round = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({
  runs_ms: ms.map(round),
  median_ms: round(sorted[Math.floor(sorted.length / 2)]),
  min_ms: round(sorted[0]),
  max_ms: round(sorted[sorted.length - 1]),
  rss_kb_at_ready: runs.map((r) => r.rssKb),
}));
