// Secrets never reach the logs: passwords, access and refresh tokens and API key secrets are
// searched for in everything the server printed, at the most verbose log level.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, generousRateLimits } from './lib/server.mjs';
import { api, newIdentity, signup, login } from './lib/http.mjs';

describe('secrets in logs', () => {
  let server;
  before(async () => {
    server = await startServer({
      name: 'secrets',
      args: [...generousRateLimits, '--log-level', 'debug', '--access-log', 'true'],
    });
  });
  after(async () => {
    await server?.dispose();
  });

  it('never logs a password, token or API key secret', async () => {
    const secrets = [];
    const keep = (label, value) => {
      assert.equal(typeof value, 'string', `${label} is a string`);
      secrets.push({ label, value });
    };

    const id = newIdentity('secrets');
    keep('password', id.password);
    const { res: up } = await signup(server.url, id);
    assert.equal(up.status, 201, up.text);
    keep('signup access token', up.json.access_token);
    keep('signup refresh token', up.json.refresh_token);

    const wrong = `${id.password}-wrong`;
    keep('wrong password', wrong);
    const bad = await login(server.url, { email: id.email, password: wrong });
    assert.equal(bad.status, 401, bad.text);

    const li = await login(server.url, id);
    assert.equal(li.status, 200, li.text);
    keep('login access token', li.json.access_token);
    keep('login refresh token', li.json.refresh_token);

    const refreshed = await api(server.url, '/api/v1/auth/refresh', {
      method: 'POST', body: { refresh_token: li.json.refresh_token },
    });
    assert.equal(refreshed.status, 200, refreshed.text);
    keep('refreshed access token', refreshed.json.access_token);
    keep('refreshed refresh token', refreshed.json.refresh_token);

    // Reuse detection logs a security event; it must not carry the token either.
    const reuse = await api(server.url, '/api/v1/auth/refresh', {
      method: 'POST', body: { refresh_token: li.json.refresh_token },
    });
    assert.equal(reuse.status, 401, reuse.text);

    const key = await api(server.url, '/api/v1/api-keys', {
      method: 'POST', token: up.json.access_token, body: { name: 'log probe', role: 'member' },
    });
    assert.equal(key.status, 201, key.text);
    keep('api key secret', key.json.secret);
    const withKey = await api(server.url, '/api/v1/me', { token: key.json.secret });
    assert.equal(withKey.status, 200, withKey.text);

    // A malformed body with a password in it (the parser error must not quote the input).
    const malformed = await api(server.url, '/api/v1/auth/login', {
      method: 'POST', body: `{"email":"${id.email}","password":"${id.password}"`,
    });
    assert.equal(malformed.status, 400, malformed.text);

    // Flush: stop the server so every log line has been written.
    const { code } = await server.stop();
    assert.equal(code, 0);
    const logs = server.logs();
    assert.ok(logs.length > 0, 'the server logged something');
    assert.ok(logs.includes('/api/v1/auth/login') || logs.includes('auth'),
      'request logging is on, so the search below means something');
    for (const { label, value } of secrets) {
      assert.ok(!logs.includes(value), `the ${label} appears in the server's output`);
      // Also a distinctive slice, in case a log line truncates or wraps the value.
      const slice = value.slice(Math.max(0, value.length - 20));
      if (slice.length >= 16) {
        assert.ok(!logs.includes(slice), `part of the ${label} appears in the server's output`);
      }
    }
  });
});
