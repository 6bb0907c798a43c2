// Operations: health and readiness, Prometheus metrics labelled by route template, and a
// graceful SIGTERM that finishes in-flight requests and exits 0.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, generousRateLimits } from './lib/server.mjs';
import { api, newIdentity, signup } from './lib/http.mjs';

describe('health, readiness and metrics', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'ops', args: generousRateLimits });
  });
  after(async () => {
    await server?.dispose();
  });

  it('/healthz and /readyz answer 200 JSON', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await api(server.url, path);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.ok(res.json && typeof res.json === 'object', `${path} body is JSON: ${res.text}`);
    }
  });

  it('/metrics counts requests and labels latency by route template', async () => {
    const { res: up } = await signup(server.url, newIdentity('metrics'));
    assert.equal(up.status, 201, up.text);
    for (let i = 0; i < 3; i++) {
      const me = await api(server.url, '/api/v1/me', { token: up.json.access_token });
      assert.equal(me.status, 200);
    }
    const probeId = `probe${Date.now()}deadbeef`;
    const del = await api(server.url, `/api/v1/api-keys/${probeId}`, {
      method: 'DELETE', token: up.json.access_token,
    });
    assert.ok([400, 404].includes(del.status), `DELETE of an unknown key: ${del.status} ${del.text}`);

    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();

    assert.match(text, /^# TYPE syntera_http_requests_total counter$/m);
    assert.match(text, /^syntera_http_requests_total\{[^}]*\} \d+/m);
    assert.match(text, /^# TYPE syntera_http_request_duration_seconds histogram$/m);
    const meBucket = /^syntera_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/me"[^}]*le="\+Inf"[^}]*\} (\d+)/m
      .exec(text) ??
      /^syntera_http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*route="\/api\/v1\/me"[^}]*\} (\d+)/m.exec(text);
    assert.ok(meBucket, 'a +Inf bucket for route="/api/v1/me"');
    assert.ok(Number(meBucket[1]) >= 3, `at least 3 observations of /api/v1/me, got ${meBucket[1]}`);
    assert.match(text, /route="\/api\/v1\/api-keys\/\{id\}"/, 'the DELETE is labelled with its template');
    assert.ok(!text.includes(probeId), 'a concrete path id leaked into a metrics label');
    assert.match(text, /^syntera_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/me"/m);
    assert.match(text, /^syntera_http_request_duration_seconds_sum\{[^}]*route="\/api\/v1\/me"/m);
  });

  it('unknown paths do not create a metrics series each', async () => {
    const junk = `junk${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      await api(server.url, `/nope/${junk}/${i}`);
    }
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.ok(!text.includes(junk), 'an unmatched path became a label value');
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests on SIGTERM and exits 0', { timeout: 60_000 }, async () => {
    const server = await startServer({ name: 'sigterm', args: generousRateLimits });
    try {
      // A burst of sign-ups (each hashes a password, so they take a while on 2 cores). Once the
      // first answer is back the rest are being processed: send SIGTERM then.
      const N = 16;
      let signalled = false;
      let answeredAfterSignal = 0;
      let firstAnswer;
      const first = new Promise((resolve) => {
        firstAnswer = resolve;
      });
      const requests = Array.from({ length: N }, async () => {
        const { res } = await signup(server.url, newIdentity('drain')).catch((error) => ({
          res: { status: null, error },
        }));
        if (signalled && res.status === 201) answeredAfterSignal++;
        firstAnswer();
        return res;
      });
      await first;
      signalled = true;
      const exit = server.stop('SIGTERM');
      const results = await Promise.all(requests);
      const { code, signal } = await exit;
      assert.equal(signal, null, 'killed by a signal instead of exiting');
      assert.equal(code, 0, `exit code after SIGTERM: ${code}`);
      const statuses = results.map((r) => r.status);
      assert.ok(statuses.every((s) => s === null || s < 500), `a 5xx during drain: ${statuses}`);
      assert.ok(answeredAfterSignal >= 1,
        `no in-flight request completed after SIGTERM (statuses ${statuses})`);
    } finally {
      await server.dispose();
    }
  });

  it('exits 0 on SIGINT too', async () => {
    const server = await startServer({ name: 'sigint' });
    const { code, signal } = await server.stop('SIGINT');
    await server.dispose();
    assert.equal(signal, null);
    assert.equal(code, 0);
  });
});
