// Hostile and malformed input: every limit answers a 4xx (never a crash), errors follow the
// API conventions, and the security/CORS/request-id headers are there.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, generousRateLimits } from './lib/server.mjs';
import { api, rawRequest, newIdentity } from './lib/http.mjs';

const ALLOWED_ORIGIN = 'http://example.test';

function hostOf(url) {
  return new URL(url).host;
}

async function assertHealthy(server) {
  const res = await api(server.url, '/healthz');
  assert.equal(res.status, 200, `server stopped answering /healthz: ${res.text}`);
}

describe('bad input', () => {
  let server;
  before(async () => {
    server = await startServer({
      name: 'bad-input',
      args: [...generousRateLimits, '--header-timeout-ms', '500', '--cors-origins', ALLOWED_ORIGIN],
    });
  });
  after(async () => {
    const result = await server?.stop();
    await server?.dispose();
    // Everything above must leave the server able to shut down cleanly.
    assert.equal(result?.code, 0, `exit after SIGTERM: ${JSON.stringify(result)}`);
  });

  it('malformed JSON is 400 invalid_argument', async () => {
    const res = await api(server.url, '/api/v1/auth/signup', {
      method: 'POST', body: '{"email": "a@b.test", "password": ',
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json?.error?.code, 'invalid_argument');
    assert.equal(typeof res.json.error.message, 'string');
  });

  it('wrong field types are 400 and each bad field is listed', async () => {
    const res = await api(server.url, '/api/v1/auth/signup', {
      method: 'POST',
      body: { email: 5, password: true, name: ['x'], organization_name: { a: 1 } },
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json?.error?.code, 'invalid_argument');
    const fields = res.json.error.details?.fields;
    assert.ok(Array.isArray(fields), `details.fields is an array: ${res.text}`);
    for (const f of fields) {
      assert.equal(typeof f.field, 'string');
      assert.equal(typeof f.message, 'string');
    }
    const names = fields.map((f) => f.field);
    for (const name of ['email', 'password', 'name', 'organization_name']) {
      assert.ok(names.includes(name), `${name} listed in ${JSON.stringify(names)}`);
    }
  });

  it('a JSON body that is not an object is 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await api(server.url, '/api/v1/auth/login', { method: 'POST', body });
      assert.equal(res.status, 400, `${body}: ${res.text}`);
      assert.equal(res.json?.error?.code, 'invalid_argument');
    }
  });

  it('an over-long string field is 400 and names the field', async () => {
    const long = await api(server.url, '/api/v1/auth/signup', {
      method: 'POST', body: { ...newIdentity('long'), name: 'n'.repeat(100_000) },
    });
    assert.equal(long.status, 400, long.text.slice(0, 300));
    assert.equal(long.json?.error?.code, 'invalid_argument');
    const fields = (long.json.error.details?.fields ?? []).map((f) => f.field);
    assert.ok(fields.includes('name'), `name listed in ${JSON.stringify(fields)}`);
  });

  it('an email with control characters (NUL, U+202E) is 400', async () => {
    for (const email of ['a\u0000b@x.test', 'a\u202eb@x.test']) {
      const res = await api(server.url, '/api/v1/auth/signup', {
        method: 'POST', body: { ...newIdentity('ctl'), email },
      });
      assert.equal(res.status, 400, `${JSON.stringify(email)}: ${res.status} ${res.text.slice(0, 200)}`);
      const fields = (res.json?.error?.details?.fields ?? []).map((f) => f.field);
      assert.ok(fields.includes('email'), `email listed in ${JSON.stringify(fields)}`);
    }
  });

  it('a body that is not UTF-8 is a 4xx, never a crash', async () => {
    const notUtf8 = Buffer.from('{"email":"\xff\xfe@x.test","password":"x"}', 'latin1');
    const res = await rawRequest(server.url, Buffer.concat([
      Buffer.from(`POST /api/v1/auth/login HTTP/1.1\r\nHost: ${hostOf(server.url)}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${notUtf8.length}\r\n` +
        'Connection: close\r\n\r\n'),
      notUtf8,
    ]));
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}, ${res.raw.slice(0, 300)}`);
    await assertHealthy(server);
  });

  it('a body over 1 MB is 413', async () => {
    const size = 1024 * 1024 + 1024;
    const payload = `{"email":"${'a'.repeat(size)}@x.test"}`;
    const res = await rawRequest(server.url,
      `POST /api/v1/auth/signup HTTP/1.1\r\nHost: ${hostOf(server.url)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` +
      `Connection: close\r\n\r\n${payload}`);
    assert.equal(res.status, 413, `status ${res.status}, error ${res.error}, head ${res.raw.slice(0, 300)}`);
    await assertHealthy(server);
  });

  it('request headers over 16 KB are 431', async () => {
    const res = await rawRequest(server.url,
      `GET /healthz HTTP/1.1\r\nHost: ${hostOf(server.url)}\r\n` +
      `X-Big: ${'b'.repeat(17 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.equal(res.status, 431, `status ${res.status}, error ${res.error}, head ${res.raw.slice(0, 300)}`);
    await assertHealthy(server);
  });

  it('10,000 headers get a 4xx and the server keeps answering', async () => {
    let headers = '';
    for (let i = 0; i < 10_000; i++) headers += `X-H${i}: v\r\n`;
    const res = await rawRequest(server.url,
      `GET /healthz HTTP/1.1\r\nHost: ${hostOf(server.url)}\r\n${headers}Connection: close\r\n\r\n`);
    assert.ok(res.status >= 400 && res.status < 500,
      `status ${res.status}, error ${res.error}, head ${res.raw.slice(0, 300)}`);
    await assertHealthy(server);
  });

  it('a 200 KB URL gets a 4xx and the server keeps answering', async () => {
    const res = await rawRequest(server.url,
      `GET /api/v1/${'u'.repeat(200 * 1024)} HTTP/1.1\r\nHost: ${hostOf(server.url)}\r\n` +
      'Connection: close\r\n\r\n');
    assert.ok(res.status >= 400 && res.status < 500,
      `status ${res.status}, error ${res.error}, head ${res.raw.slice(0, 300)}`);
    await assertHealthy(server);
  });

  it('garbage instead of HTTP gets a 400 or a closed connection, never a crash', async () => {
    const res = await rawRequest(server.url, '\x16\x03\x01\x02\x00 not http at all\r\n\r\n');
    assert.ok(res.status === null || res.status === 400, `status ${res.status}`);
    await assertHealthy(server);
  });

  it('closes a connection that sends nothing (header timeout)', { timeout: 20_000 }, async () => {
    const { hostname, port } = new URL(server.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.on('error', () => {});
    socket.resume();
    await new Promise((resolve) => socket.once('close', resolve));
    await assertHealthy(server);
  });

  it('closes a connection that stops in the middle of its headers', { timeout: 20_000 }, async () => {
    const { hostname, port } = new URL(server.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.on('error', () => {});
    socket.resume();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await new Promise((resolve) => socket.once('close', resolve));
  });

  it('an unknown route is a 404 JSON error', async () => {
    const res = await api(server.url, '/api/v1/no-such-thing');
    assert.equal(res.status, 404, res.text);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(res.json?.error?.code, 'not_found');
  });

  it('a wrong method is 405 with Allow', async () => {
    const res = await api(server.url, '/api/v1/auth/login', { method: 'GET' });
    assert.equal(res.status, 405, res.text);
    const allow = res.headers.get('allow') ?? '';
    assert.match(allow, /\bPOST\b/, `Allow: ${allow}`);
    assert.ok(res.json?.error?.code, `JSON error body: ${res.text}`);
  });

  it('answers a CORS preflight from an allowed origin', async () => {
    const res = await fetch(`${server.url}/api/v1/me`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(res.status, 204, await res.text());
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bGET\b/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    assert.match(res.headers.get('vary') ?? '', /origin/i);
  });

  it('gives no CORS grant to another origin', async () => {
    const res = await fetch(`${server.url}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' },
    });
    await res.text();
    const acao = res.headers.get('access-control-allow-origin');
    assert.ok(acao !== 'http://evil.test' && acao !== '*', `ACAO for a foreign origin: ${acao}`);
  });

  it('sets the security headers', async () => {
    for (const path of ['/healthz', '/api/v1/no-such-thing']) {
      const res = await fetch(`${server.url}${path}`);
      await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/, `${path} CSP: ${csp}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(res.headers.get('referrer-policy'), `${path} has Referrer-Policy`);
    }
  });

  it('echoes X-Request-Id, or generates one', async () => {
    const mine = 'e2e-req-0123456789abcdef';
    const echoed = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': mine } });
    await echoed.text();
    assert.equal(echoed.headers.get('x-request-id'), mine);

    const a = await fetch(`${server.url}/healthz`);
    const b = await fetch(`${server.url}/healthz`);
    await a.text();
    await b.text();
    const ida = a.headers.get('x-request-id');
    const idb = b.headers.get('x-request-id');
    assert.ok(ida && ida.length >= 8, `generated id: ${ida}`);
    assert.notEqual(ida, idb);
  });

  it('does not echo a hostile X-Request-Id verbatim', async () => {
    const hostile = `x${'y'.repeat(300)}`;
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': hostile } });
    await res.text();
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id');
    assert.ok(id && id.length <= 200, `request id length ${id?.length}`);
  });
});

describe('rate limiting', () => {
  let server;
  before(async () => {
    server = await startServer({
      name: 'rate-limit',
      args: ['--rate-limit-auth-per-minute', '3', '--rate-limit-ip-per-minute', '1000000'],
    });
  });
  after(async () => {
    await server?.dispose();
  });

  it('answers 429 with Retry-After past the auth limit', async () => {
    const id = newIdentity('rl');
    let limited = null;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await api(server.url, '/api/v1/auth/login', {
        method: 'POST', body: { email: id.email, password: id.password },
      });
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 401, res.text);
    }
    assert.ok(limited, 'no 429 within 30 login attempts with a limit of 3 per minute');
    assert.equal(limited.json?.error?.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `Retry-After: ${limited.headers.get('retry-after')}`);
    // Non-auth routes are not affected by the auth bucket.
    const health = await api(server.url, '/healthz');
    assert.equal(health.status, 200);
  });
});
