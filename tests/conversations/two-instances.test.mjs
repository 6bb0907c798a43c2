// Two syntera processes sharing one PostgreSQL and one Redis (scripts/test provides both):
// a message, typing and presence from a socket on one instance reach a socket on the other,
// and presence:list on one instance lists the users connected to the other.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { io } from 'socket.io-client';
import { startServer, generousRateLimits, pgUrl } from '../e2e/lib/server.mjs';
import { api, signup } from '../e2e/lib/http.mjs';

const redisUrl = process.env.SYNTERA_TEST_REDIS_URL;
const skip = !(pgUrl && redisUrl) && 'needs SYNTERA_TEST_PG_URL and SYNTERA_TEST_REDIS_URL';
// scripts/test always provides both: in CI their absence is a failure, not a skip.
if (skip && process.env.CI === 'true') throw new Error(`CI: ${skip}`);
const servers = [];
const sockets = [];
after(async () => {
  for (const s of sockets) s.close();
  for (const s of servers.reverse()) await s.dispose();
});

function connect(url, token) {
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  return socket;
}

// Resolves with the first `event` whose payload satisfies `match`.
function next(socket, event, match = () => true) {
  return new Promise((resolve) => {
    const on = (data) => {
      if (!match(data)) return;
      socket.off(event, on);
      resolve(data);
    };
    socket.on(event, on);
  });
}

test('two instances over PostgreSQL and Redis deliver to each other\'s sockets', { skip, timeout: 60_000 }, async () => {
  const args = [...generousRateLimits, '--redis-url', redisUrl];
  const a = await startServer({ name: 'instance-a', postgres: true, args });
  servers.push(a);
  // Same database, same data directory (hence the same signing key), another process.
  const b = await startServer({ name: 'instance-b', dataDir: a.dataDir, databaseUrl: a.databaseUrl, args });
  servers.push(b);

  const { res } = await signup(a.url);
  assert.equal(res.status, 201, res.text);
  const token = res.json.access_token;
  const conv = await api(a.url, '/api/v1/conversations', { method: 'POST', token, body: {} });
  assert.equal(conv.status, 201, conv.text);
  const conversation_id = conv.json.id;

  const onA = connect(a.url, token);
  await once(onA, 'connect');
  assert.equal((await onA.emitWithAck('conversation:join', { conversation_id })).ok, true);

  const onB = connect(b.url, token);
  await once(onB, 'connect');
  assert.equal((await onB.emitWithAck('conversation:join', { conversation_id })).ok, true);

  // Presence: the user (with a tab on each instance) goes away on B; A's org room hears it.
  const userId = res.json.user.id;
  const away = next(onA, 'presence', (p) => p.user_id === userId && p.status === 'away');
  const set = await onB.emitWithAck('presence:set', { status: 'away' });
  assert.deepEqual(set, { ok: true, data: { user_id: userId, status: 'away' } });
  await away;

  // A message sent through B (stored once in the shared database) reaches A live.
  const arrived = next(onA, 'message:new', ({ message }) => message.content === 'from B');
  const sent = await onB.emitWithAck('message:send', {
    conversation_id, content: 'from B', client_message_id: 'two-instances-1',
  });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  assert.equal((await arrived).message.id, sent.data.message.id);

  // Typing on A reaches B.
  const typing = next(onB, 'typing', (t) => t.conversation_id === conversation_id);
  assert.equal((await onA.emitWithAck('typing:start', { conversation_id })).ok, true);
  assert.equal((await typing).is_typing, true);

  // A REST write on A fans out to B's socket too.
  const viaRest = next(onB, 'message:new', ({ message }) => message.content === 'via REST on A');
  const posted = await api(a.url, `/api/v1/conversations/${conversation_id}/messages`, {
    method: 'POST', token, body: { content: 'via REST on A', client_message_id: 'two-instances-2' },
  });
  assert.equal(posted.status, 201, posted.text);
  await viaRest;

  // presence:list crosses instances: with the user's only tab on B, an API-key socket on A
  // (which is no one's presence itself) lists them as away; back online on B, A lists them
  // online.
  const key = await api(a.url, '/api/v1/api-keys', { method: 'POST', token, body: { name: 'presence', role: 'member' } });
  assert.equal(key.status, 201, key.text);
  const keyOnA = connect(a.url, key.json.secret);
  await once(keyOnA, 'connect');
  onA.close();
  assert.deepEqual(await listed(keyOnA, (l) => l.away.includes(userId)), { users: [], away: [userId], visitors: [] });
  const online = await onB.emitWithAck('presence:set', { status: 'online' });
  assert.equal(online.data.status, 'online');
  assert.deepEqual(await listed(keyOnA, (l) => l.users.includes(userId)), { users: [userId], away: [], visitors: [] });
  // The last tab closes on B: A's org room hears the user go offline, and A's list is empty.
  const offline = next(keyOnA, 'presence', (p) => p.user_id === userId && p.status === 'offline');
  onB.close();
  await offline;
  assert.deepEqual(await listed(keyOnA, (l) => l.users.length === 0), { users: [], away: [], visitors: [] });

  // A widget visitor's presence crosses instances too: tabs on A and B; online once, listed on
  // both; offline only when the last tab (on B) closes.
  const origin = 'https://shop.two-instances.test';
  const put = await api(a.url, '/api/v1/widget/settings', { method: 'PUT', token, body: { allowed_origins: [origin] } });
  assert.equal(put.status, 200, put.text);
  const session = await api(b.url, '/api/v1/widget/sessions', {
    method: 'POST', headers: { origin }, body: { public_key: put.json.public_key, origin },
  });
  assert.equal(session.status, 201, session.text);
  const visitorId = session.json.visitor_id;
  const visitorOnline = next(keyOnA, 'presence', (p) => p.visitor_id === visitorId && p.status === 'online');
  const tabOnB = connect(b.url, session.json.visitor_token);
  await once(tabOnB, 'connect');
  await visitorOnline;
  const tabOnA = connect(a.url, session.json.visitor_token);
  await once(tabOnA, 'connect');
  assert.deepEqual((await listed(keyOnA, (l) => l.visitors.includes(visitorId))).visitors, [visitorId]);
  const heard = [];
  keyOnA.on('presence', (p) => { if (p.visitor_id === visitorId) heard.push(p.status); });
  tabOnA.close();  // the tab on B is still open: no offline
  const visitorOffline = next(keyOnA, 'presence', (p) => p.visitor_id === visitorId && p.status === 'offline');
  await new Promise((resolve) => setTimeout(resolve, 300));  // time for a wrong "offline" to arrive
  assert.deepEqual(heard, []);
  tabOnB.close();
  await visitorOffline;
  assert.deepEqual((await listed(keyOnA, (l) => l.visitors.length === 0)).visitors, []);
});

// presence:list until `done(list)`: it follows the other instance's bus messages.
async function listed(socket, done, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await socket.emitWithAck('presence:list', {});
    assert.equal(r.ok, true, JSON.stringify(r));
    if (done(r.data) || Date.now() > deadline) return r.data;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
