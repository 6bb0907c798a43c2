// Crash test for sign-up durability.
//
// For each backend: start syntera, fire a burst of concurrent sign-ups with unique emails, send
// SIGKILL as soon as KILL_AFTER of them have been answered 201 (counted, not timed), keep every
// email that got a 201, restart on the same data directory / database, and log in with each one.
// A 201 is a promise that the account exists: any login that fails is a lost write.
//
// Options: --backend sqlite|postgres|all (default: sqlite, plus postgres when
// SYNTERA_TEST_PG_URL is set), --requests N (200), --kill-after N (100).
// Environment: SYNTERA_BIN (binary), SYNTERA_TEST_PG_URL (PostgreSQL server URL).
// Exit status: 0 when nothing was lost, 1 on any loss or failure.

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, pgUrl, generousRateLimits, artifactsDir } from '../tests/e2e/lib/server.mjs';
import { newIdentity, login, mapLimit } from '../tests/e2e/lib/http.mjs';

const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: pgUrl ? 'all' : 'sqlite' },
    requests: { type: 'string', default: '200' },
    'kill-after': { type: 'string', default: '100' },
  },
});
const REQUESTS = Number(opts.requests);
const KILL_AFTER = Number(opts['kill-after']);
const OVERALL_TIMEOUT_MS = 10 * 60 * 1000;

const guard = setTimeout(() => {
  console.error(`crash-signup-test: gave up after ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
guard.unref();

async function crashOnce(backend) {
  const postgres = backend === 'postgres';
  const t0 = Date.now();
  const server = await startServer({ name: `crash-${backend}`, postgres, args: generousRateLimits });
  const acknowledged = [];
  const other = new Map();
  let noAnswer = 0;
  let killed = false;

  const identities = Array.from({ length: REQUESTS }, (_, i) => newIdentity(`crash${i}`));
  await Promise.all(identities.map(async (id) => {
    let res;
    try {
      res = await fetch(`${server.url}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(id),
      });
    } catch {
      noAnswer++;
      return;
    }
    if (res.status === 201) {
      acknowledged.push(id);
      if (!killed && acknowledged.length >= KILL_AFTER) {
        killed = true;
        server.kill9();
      }
    } else {
      other.set(res.status, (other.get(res.status) ?? 0) + 1);
    }
    await res.arrayBuffer().catch(() => {});
  }));
  const exit = await server.exited;
  if (!killed) {
    await server.dispose();
    throw new Error(`${backend}: only ${acknowledged.length} of ${REQUESTS} sign-ups got 201, ` +
      `the kill after ${KILL_AFTER} never happened (other statuses: ${JSON.stringify([...other])})`);
  }
  if (exit.signal !== 'SIGKILL') {
    throw new Error(`${backend}: expected the server to die of SIGKILL, got ${JSON.stringify(exit)}`);
  }

  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(path.join(artifactsDir, `crash-${backend}-acknowledged.txt`),
    acknowledged.map((id) => id.email).join('\n') + '\n');

  // Restart on the same data and log in with every acknowledged account.
  const lost = [];
  const loginFailures = new Map();
  try {
    const restarted = await startServer({
      name: `crash-${backend}-restart`,
      dataDir: server.dataDir,
      databaseUrl: server.databaseUrl,
      args: generousRateLimits,
    });
    try {
      await mapLimit(acknowledged, 4, async (id) => {
        const res = await login(restarted.url, id);
        if (res.status !== 200) {
          lost.push(id.email);
          loginFailures.set(res.status, (loginFailures.get(res.status) ?? 0) + 1);
        }
      });
    } finally {
      const stop = await restarted.stop();
      if (stop.code !== 0) lost.push(`(restarted server exited ${JSON.stringify(stop)})`);
    }
  } finally {
    await server.dispose(); // the first server owns the data directory and the database
  }

  const otherText = other.size ? `, other statuses ${JSON.stringify(Object.fromEntries(other))}` : '';
  console.log(`${backend}: ${REQUESTS} sign-ups sent, ${acknowledged.length} answered 201 before/at ` +
    `the kill -9, ${noAnswer} cut off${otherText}; after restart ` +
    `${acknowledged.length - lost.length}/${acknowledged.length} logged in ` +
    `(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (other.size) {
    lost.push(`(unexpected sign-up statuses ${JSON.stringify(Object.fromEntries(other))})`);
  }
  if (lost.length) {
    console.log(`${backend}: LOST ${lost.length}: ${lost.slice(0, 10).join(', ')}` +
      (loginFailures.size ? ` (login statuses ${JSON.stringify(Object.fromEntries(loginFailures))})` : ''));
  }
  return lost.length === 0;
}

const backends = opts.backend === 'all' ? ['sqlite', 'postgres'] : [opts.backend];
let ok = true;
for (const backend of backends) {
  if (!['sqlite', 'postgres'].includes(backend)) {
    console.error(`unknown backend ${backend}`);
    process.exit(2);
  }
  if (backend === 'postgres' && !pgUrl) {
    console.error('postgres: SYNTERA_TEST_PG_URL is not set');
    ok = false;
    continue;
  }
  try {
    ok = (await crashOnce(backend)) && ok;
  } catch (err) {
    console.error(`${backend}: ${err.stack ?? err}`);
    ok = false;
  }
}
console.log(ok ? 'crash-signup-test: no acknowledged sign-up was lost' : 'crash-signup-test: FAILED');
process.exit(ok ? 0 : 1);
