// Starts the real syntera binary for a test: port 0 on 127.0.0.1, a fresh data directory, and,
// when asked, a fresh PostgreSQL database. Readiness is the `"event":"listening"` JSON line the
// server writes to stderr (or its stdout line "Syntera is ready at URL", which is printed even
// when the log level hides the JSON line); nothing here sleeps.
//
//   const server = await startServer({ args: ['--log-level', 'debug'] });
//   await fetch(`${server.url}/healthz`);
//   const { code } = await server.stop();   // SIGTERM, waits for the exit
//
// Every server's stdout/stderr also goes to tests/e2e/artifacts/<name>-<n>.{stdout,stderr}.log.

import { spawn, execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const artifactsDir = process.env.SYNTERA_E2E_ARTIFACTS
  ? path.resolve(process.env.SYNTERA_E2E_ARTIFACTS)
  : path.resolve(here, '../artifacts');

// The binary under test: $SYNTERA_BIN or the release build.
export const synteraBinary = process.env.SYNTERA_BIN
  ? path.resolve(process.env.SYNTERA_BIN)
  : path.join(repoRoot, 'build/release/src/app/syntera');

// The PostgreSQL server URL scripts/test provides (a non-superuser role), or null.
export const pgUrl = process.env.SYNTERA_TEST_PG_URL || null;

// Generous limits for suites that make bursts of sign-ups and logins.
export const generousRateLimits = [
  '--rate-limit-auth-per-minute', '1000000',
  '--rate-limit-ip-per-minute', '1000000',
  '--rate-limit-api-per-minute', '1000000',
];

let serverCounter = 0;

// The environment of the child: ours without any SYNTERA_* variable (the binary reads those as
// flags), plus `extra`.
function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SYNTERA_')) env[k] = v;
  }
  return { ...env, ...extra };
}

export function freshDir(prefix = 'syntera-e2e-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

async function psql(url, sql) {
  await execFileAsync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    env: childEnv({ PGCONNECT_TIMEOUT: '10' }),
  });
}

// Creates an empty database with the credentials of `serverUrl` and returns
// { url, drop() }. Falls back to a fresh schema (selected through the libpq `options`
// parameter) when the role may not create databases.
export async function createPgDatabase(serverUrl = pgUrl) {
  if (!serverUrl) throw new Error('no PostgreSQL URL (set SYNTERA_TEST_PG_URL)');
  const name = `syntera_e2e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await psql(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: () => psql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {}),
    };
  } catch (createDbError) {
    try {
      await psql(serverUrl, `CREATE SCHEMA ${name}`);
    } catch {
      throw createDbError;
    }
    const url = new URL(serverUrl);
    url.searchParams.set('options', `-c search_path=${name}`);
    return {
      url: url.toString(),
      drop: () => psql(serverUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => {}),
    };
  }
}

// Splits a stream into lines and calls onLine for each complete one.
function onLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  stream.on('end', () => {
    if (buffered) onLine(buffered);
  });
}

/**
 * Spawns `syntera serve` and resolves once it listens.
 * @param {object} o
 * @param {string[]} [o.args]        extra flags (after the defaults, so they win)
 * @param {string} [o.dataDir]       reuse a data directory (default: a fresh one)
 * @param {string|null} [o.databaseUrl] pass --database-url (e.g. a restart on the same database)
 * @param {boolean} [o.postgres]     create a fresh database on $SYNTERA_TEST_PG_URL and use it
 * @param {string} [o.name]          artifact file prefix
 * @param {number} [o.readyTimeoutMs] give up when not ready by then (a guard, not a wait)
 */
export async function startServer({
  args = [],
  dataDir = null,
  databaseUrl = null,
  postgres = false,
  name = 'server',
  readyTimeoutMs = 60_000,
  env = {},
} = {}) {
  const dir = dataDir ?? freshDir();
  const ownsDir = dataDir === null;
  let db = null;
  if (postgres && !databaseUrl) {
    db = await createPgDatabase();
    databaseUrl = db.url;
  }
  const argv = ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dir];
  if (databaseUrl) argv.push('--database-url', databaseUrl);
  argv.push(...args);

  mkdirSync(artifactsDir, { recursive: true });
  const id = `${name}-${process.pid}-${++serverCounter}`;
  const stderrFile = createWriteStream(path.join(artifactsDir, `${id}.stderr.log`));
  const stdoutFile = createWriteStream(path.join(artifactsDir, `${id}.stdout.log`));
  stderrFile.write(`# ${synteraBinary} ${argv.map(redactArg).join(' ')}\n`);

  const startedAt = process.hrtime.bigint();
  // cwd = the data directory: the binary reads ./.env, and a developer's .env must not leak in.
  const child = spawn(synteraBinary, argv, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(env),
  });
  const stderrLines = [];
  const stdoutLines = [];
  // 'close' (not 'exit'): stdout and stderr are fully read by then, so logs are complete.
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });

  let url = null;
  let readyResolve;
  let readyReject;
  const ready = new Promise((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  onLines(child.stderr, (line) => {
    stderrLines.push(line);
    stderrFile.write(`${line}\n`);
    if (url === null && line.includes('"listening"')) {
      try {
        const event = JSON.parse(line);
        if (event.event === 'listening' && event.url) {
          url = String(event.url).replace(/\/$/, '');
          readyResolve();
        }
      } catch {
        // not a JSON line; keep waiting
      }
    }
  });
  // The stdout line "Syntera is ready at URL" also counts (it is printed at every log level).
  onLines(child.stdout, (line) => {
    stdoutLines.push(line);
    stdoutFile.write(`${line}\n`);
    const m = /^Syntera is ready at (\S+)/.exec(line);
    if (url === null && m) {
      url = m[1].replace(/\/$/, '');
      readyResolve();
    }
  });
  child.on('error', (err) => readyReject(err));
  exited.then(({ code, signal }) => {
    readyReject(new Error(`syntera exited before listening (code ${code}, signal ${signal})\n` +
      stderrLines.slice(-30).join('\n')));
    stderrFile.end();
    stdoutFile.end();
  });

  const guard = setTimeout(() => {
    readyReject(new Error(`syntera not listening after ${readyTimeoutMs} ms\n` +
      stderrLines.slice(-30).join('\n')));
  }, readyTimeoutMs);
  try {
    await ready;
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    if (db) await db.drop();
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    clearTimeout(guard);
  }
  const readyMs = Number(process.hrtime.bigint() - startedAt) / 1e6;

  let dropped = false;
  const dropDb = async () => {
    if (db && !dropped) {
      dropped = true;
      await db.drop();
    }
  };

  const server = {
    url,
    pid: child.pid,
    dataDir: dir,
    databaseUrl,
    readyMs,
    exited,
    /** All stderr + stdout text so far. */
    logs: () => [...stderrLines, ...stdoutLines].join('\n'),
    stderrLines,
    stdoutLines,
    /** Sends `signal` (SIGTERM by default) and resolves with {code, signal} once it exited. */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    /** kill -9, keeping the data (and the database) for a restart. */
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
    /**
     * Stops the server (SIGTERM, then SIGKILL if still running), drops the database it created
     * and removes the data directory it created. Safe to call after stop() or kill9().
     */
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      await dropDb();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
    /** Drops the database this server created (for a restart that reused it). */
    dropDatabase: dropDb,
  };
  return server;
}

function redactArg(a) {
  return /^postgres(ql)?:\/\//.test(a) ? a.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@') : a;
}

// Runs the binary with a non-serve command (e.g. ['routes', '--json']) and returns stdout.
export async function runCommand(args, { env = {} } = {}) {
  const { stdout } = await execFileAsync(synteraBinary, args, {
    cwd: tmpdir(),
    env: childEnv(env),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
