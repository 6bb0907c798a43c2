// The README flow over real HTTP: sign-up, login, /me, refresh rotation with reuse detection,
// logout, API keys, and login errors that do not reveal which emails exist.
// Runs on SQLite, and again on PostgreSQL when SYNTERA_TEST_PG_URL is set.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, pgUrl, generousRateLimits } from './lib/server.mjs';
import { api, newIdentity, signup, login } from './lib/http.mjs';

const backends = [{ name: 'sqlite', postgres: false }];
if (pgUrl) backends.push({ name: 'postgres', postgres: true });

function assertTokenPair(body) {
  assert.equal(typeof body.access_token, 'string');
  assert.ok(body.access_token.length >= 16, 'access_token looks too short');
  assert.equal(typeof body.refresh_token, 'string');
  assert.ok(body.refresh_token.length >= 16, 'refresh_token looks too short');
  assert.notEqual(body.access_token, body.refresh_token);
  assert.match(String(body.token_type), /^bearer$/i);
  assert.equal(typeof body.expires_in, 'number');
  assert.ok(body.expires_in > 0);
}

function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.ok(res.json?.error, `error body expected: ${res.text}`);
  if (code) assert.equal(res.json.error.code, code);
  assert.equal(typeof res.json.error.message, 'string');
}

for (const backend of backends) {
  describe(`auth flow (${backend.name})`, () => {
    let server;
    before(async () => {
      server = await startServer({
        name: `auth-${backend.name}`,
        postgres: backend.postgres,
        args: generousRateLimits,
      });
    });
    after(async () => {
      await server?.dispose();
    });

    it('signs up, logs in, rotates refresh tokens, detects reuse and logs out', async () => {
      const id = newIdentity('auth');
      const { res: up } = await signup(server.url, id);
      assert.equal(up.status, 201, up.text);
      assertTokenPair(up.json);
      assert.equal(up.json.user.email, id.email);
      assert.equal(up.json.user.name, id.name);
      assert.equal(typeof up.json.user.id, 'string');
      assert.equal(up.json.organization.name, id.organization_name);
      assert.equal(typeof up.json.organization.id, 'string');
      assert.ok(!up.text.includes(id.password), 'sign-up response echoes the password');
      assert.ok(!('password_hash' in up.json.user));

      const li = await login(server.url, id);
      assert.equal(li.status, 200, li.text);
      assertTokenPair(li.json);
      assert.equal(li.json.user.id, up.json.user.id);

      const me = await api(server.url, '/api/v1/me', { token: li.json.access_token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.user.id, up.json.user.id);
      assert.equal(me.json.user.email, id.email);
      assert.equal(me.json.organization.id, up.json.organization.id);
      assert.ok(Array.isArray(me.json.memberships), 'memberships is an array');
      assert.ok(me.json.memberships.length >= 1);
      assert.equal(me.json.role, 'owner', 'the user who signs up owns the organization');

      // Rotation: the refresh token from login gives a new pair.
      const r1 = await api(server.url, '/api/v1/auth/refresh', {
        method: 'POST', body: { refresh_token: li.json.refresh_token },
      });
      assert.equal(r1.status, 200, r1.text);
      assertTokenPair(r1.json);
      assert.notEqual(r1.json.refresh_token, li.json.refresh_token);
      const meAfterRefresh = await api(server.url, '/api/v1/me', { token: r1.json.access_token });
      assert.equal(meAfterRefresh.status, 200, meAfterRefresh.text);

      // Reuse of the rotated-out token: 401, and the whole family is revoked.
      const reuse = await api(server.url, '/api/v1/auth/refresh', {
        method: 'POST', body: { refresh_token: li.json.refresh_token },
      });
      assertError(reuse, 401, 'unauthenticated');
      const afterReuse = await api(server.url, '/api/v1/auth/refresh', {
        method: 'POST', body: { refresh_token: r1.json.refresh_token },
      });
      assertError(afterReuse, 401, 'unauthenticated');

      // The sign-up session is another family and still works.
      const r2 = await api(server.url, '/api/v1/auth/refresh', {
        method: 'POST', body: { refresh_token: up.json.refresh_token },
      });
      assert.equal(r2.status, 200, r2.text);

      // Logout ends the session: its access token and refresh token stop working.
      const session = await login(server.url, id);
      assert.equal(session.status, 200, session.text);
      const out = await api(server.url, '/api/v1/auth/logout', {
        method: 'POST', token: session.json.access_token,
      });
      assert.equal(out.status, 204, out.text);
      assert.equal(out.text, '');
      const meAfterLogout = await api(server.url, '/api/v1/me', { token: session.json.access_token });
      assertError(meAfterLogout, 401, 'unauthenticated');
      const refreshAfterLogout = await api(server.url, '/api/v1/auth/refresh', {
        method: 'POST', body: { refresh_token: session.json.refresh_token },
      });
      assertError(refreshAfterLogout, 401, 'unauthenticated');
    });

    it('rejects requests without or with a forged token', async () => {
      assertError(await api(server.url, '/api/v1/me'), 401, 'unauthenticated');
      assertError(await api(server.url, '/api/v1/me', { token: 'not-a-token' }), 401, 'unauthenticated');
      const { res } = await signup(server.url);
      // Change one character well inside the signature (the last one may hold only padding bits).
      const t = res.json.access_token;
      const i = t.length - 10;
      const forged = t.slice(0, i) + (t[i] === 'x' ? 'y' : 'x') + t.slice(i + 1);
      assertError(await api(server.url, '/api/v1/me', { token: forged }), 401, 'unauthenticated');
    });

    it('creates an API key that works until revoked and is listed without its secret', async () => {
      const { identity, res: up } = await signup(server.url, newIdentity('keys'));
      assert.equal(up.status, 201, up.text);
      const token = up.json.access_token;

      const created = await api(server.url, '/api/v1/api-keys', {
        method: 'POST', token, body: { name: 'e2e key', role: 'member' },
      });
      assert.equal(created.status, 201, created.text);
      const key = created.json;
      assert.equal(typeof key.id, 'string');
      assert.equal(key.name, 'e2e key');
      assert.equal(key.role, 'member');
      assert.equal(typeof key.prefix, 'string');
      assert.ok(key.prefix.length > 0);
      assert.equal(typeof key.secret, 'string');
      assert.ok(key.secret.length >= 24, 'secret looks too short');

      const meWithKey = await api(server.url, '/api/v1/me', { token: key.secret });
      assert.equal(meWithKey.status, 200, meWithKey.text);
      assert.equal(meWithKey.json.organization.id, up.json.organization.id);
      assert.equal(meWithKey.json.role, 'member');

      const list = await api(server.url, '/api/v1/api-keys', { token });
      assert.equal(list.status, 200, list.text);
      assert.ok(Array.isArray(list.json.data), `list has data[]: ${list.text}`);
      const listed = list.json.data.find((k) => k.id === key.id);
      assert.ok(listed, 'the new key is listed');
      assert.equal(listed.prefix, key.prefix);
      assert.ok(!('secret' in listed), 'a listed key has no secret field');
      assert.ok(!list.text.includes(key.secret), 'the list never contains the secret');

      const del = await api(server.url, `/api/v1/api-keys/${encodeURIComponent(key.id)}`, {
        method: 'DELETE', token,
      });
      assert.equal(del.status, 204, del.text);
      assertError(await api(server.url, '/api/v1/me', { token: key.secret }), 401, 'unauthenticated');

      // The user's own token is unaffected.
      const me = await api(server.url, '/api/v1/me', { token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.user.email, identity.email);
    });

    it('answers a wrong password and an unknown user identically', async () => {
      const { identity, res: up } = await signup(server.url, newIdentity('enum'));
      assert.equal(up.status, 201, up.text);
      const wrongPassword = await login(server.url, {
        email: identity.email, password: `${identity.password}x`,
      });
      const unknownUser = await login(server.url, {
        email: `nobody-${identity.email}`, password: identity.password,
      });
      assertError(wrongPassword, 401, 'unauthenticated');
      assert.equal(unknownUser.status, wrongPassword.status);
      const strip = (body) => JSON.parse(JSON.stringify(body), (k, v) => (k === 'request_id' ? undefined : v));
      assert.deepEqual(strip(unknownUser.json), strip(wrongPassword.json));
    });

    it('refuses a duplicate email and a weak password', async () => {
      const { identity, res: up } = await signup(server.url, newIdentity('dup'));
      assert.equal(up.status, 201, up.text);
      const again = await api(server.url, '/api/v1/auth/signup', {
        method: 'POST', body: { ...newIdentity('dup'), email: identity.email },
      });
      assertError(again, 409, 'conflict');
      const weak = await api(server.url, '/api/v1/auth/signup', {
        method: 'POST', body: { ...newIdentity('weak'), password: 'password123' },
      });
      assertError(weak, 400, 'invalid_argument');
      const fields = (weak.json.error.details?.fields ?? []).map((f) => f.field);
      assert.ok(fields.includes('password'), `password listed in details.fields: ${weak.text}`);
    });
  });
}
