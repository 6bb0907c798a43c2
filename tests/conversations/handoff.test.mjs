// Conversations over Socket.IO against the real binary (socket.io-client 4.8, unmodified):
// a widget visitor talks to the AI (the test-only echo responder, SYNTERA_TEST_RESPONDER=echo),
// asks for a person, a team member claims the conversation, the AI falls silent, the member's
// reply reaches the visitor, the conversation is resolved. Also: client_message_id dedupe on
// resend, private notes never reaching a visitor, forged and expired visitor tokens refused at
// the handshake, a visitor unable to join another visitor's conversation.
//
//   (cd tests/conversations && npm ci) && \
//   SYNTERA_BIN=build/release/src/app/syntera node --test --test-concurrency=1 tests/conversations/
// With SYNTERA_TEST_PG_URL set the server runs on a fresh PostgreSQL database.
//
// No sleeps: every wait is for an event or an acknowledgement, with a deadline as a guard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, generousRateLimits, pgUrl } from '../e2e/lib/server.mjs';
import { api, newIdentity } from '../e2e/lib/http.mjs';
import { ack, connected, connectError, openSocket, recorder } from './lib/sockets.mjs';

const ORIGIN = 'https://shop.example.test';
let server;
let owner; // { token, orgId }
let publicKey;
const sockets = [];

before(async () => {
  server = await startServer({
    name: 'conversations',
    args: generousRateLimits,
    env: { SYNTERA_TEST_RESPONDER: 'echo' },
    postgres: Boolean(pgUrl),  // PostgreSQL when SYNTERA_TEST_PG_URL is set, else SQLite
  });
  const identity = newIdentity('inbox');
  const signup = await api(server.url, '/api/v1/auth/signup', { method: 'POST', body: identity });
  assert.equal(signup.status, 201, signup.text);
  owner = { token: signup.json.access_token, orgId: signup.json.organization.id };
  const put = await api(server.url, '/api/v1/widget/settings', {
    method: 'PUT',
    token: owner.token,
    body: { allowed_origins: [ORIGIN] },
  });
  assert.equal(put.status, 200, put.text);
  publicKey = put.json.public_key;
});

after(async () => {
  for (const s of sockets) s.close();
  if (server) await server.dispose();
});

async function visitorSession(visitorId) {
  const res = await api(server.url, '/api/v1/widget/sessions', {
    method: 'POST',
    headers: { origin: ORIGIN },
    body: { public_key: publicKey, origin: ORIGIN, ...(visitorId ? { visitor_id: visitorId } : {}) },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function connect(token, transports = ['websocket']) {
  const socket = openSocket(server.url, token, transports);
  sockets.push(socket);
  return socket;
}

async function startVisitorConversation(token) {
  const res = await api(server.url, '/api/v1/widget/conversations', { method: 'POST', token, body: {} });
  assert.equal(res.status, 201, res.text);
  return res.json.id;
}

// Waits until the respond job of `messageId` finished (the AI decided), via the jobs admin API.
async function respondJobDone(messageId) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await api(server.url, '/api/v1/admin/jobs?queue=conversations.respond&limit=200', {
      token: owner.token,
    });
    assert.equal(res.status, 200, res.text);
    const job = res.json.data.find((j) => j.idempotency_key === `conversations.respond:${messageId}`);
    if (job && ['succeeded', 'dead'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`respond job for ${messageId} not finished: ${JSON.stringify(job)}`);
    await new Promise((r) => setImmediate(r));
  }
}

test('handoff: AI echo, resend dedupe, claim silences the AI, human reply reaches the visitor, resolve', async () => {
  const session = await visitorSession();
  const visitor = connect(session.visitor_token);
  const staff = connect(owner.token);
  await Promise.all([connected(visitor), connected(staff)]);
  const v = recorder(visitor);
  const s = recorder(staff);

  const conversationId = await startVisitorConversation(session.visitor_token);
  const vjoin = await ack(visitor, 'conversation:join', { conversation_id: conversationId });
  assert.equal(vjoin.ok, true, JSON.stringify(vjoin));
  assert.equal(vjoin.data.conversation.assignee_type, 'ai');
  assert.equal(vjoin.data.conversation.tags, undefined, 'visitors get the visitor view');
  const sjoin = await ack(staff, 'conversation:join', { conversation_id: conversationId });
  assert.equal(sjoin.ok, true, JSON.stringify(sjoin));

  // Visitor writes → the AI echo streams (deltas) and then arrives as a stored message.
  const sent = await ack(visitor, 'message:send', {
    conversation_id: conversationId, content: 'What are your opening hours?', client_message_id: 'v-1',
  });
  assert.equal(sent.ok, true, JSON.stringify(sent));
  const first = sent.data.message;
  assert.equal(first.sender_type, 'visitor');
  const reply = await v.next('message:new', (d) => d.message.sender_type === 'agent');
  assert.equal(reply.message.content, 'You said: What are your opening hours?');
  const deltas = v.seen.filter((e) => e.event === 'message:delta' && e.data.message_id === reply.message.id);
  assert.ok(deltas.length >= 2, 'the reply streamed in pieces');
  assert.equal(deltas.map((d) => d.data.delta).join(''), reply.message.content);
  assert.equal(reply.message.ai, undefined, 'the AI section is staff-only');
  const staffCopy = await s.next('message:new', (d) => d.message.id === reply.message.id);
  assert.equal(staffCopy.message.ai.model, 'test-echo');

  // Resend of the same client_message_id: the original comes back, nothing new is stored.
  const resent = await ack(visitor, 'message:send', {
    conversation_id: conversationId, content: 'What are your opening hours?', client_message_id: 'v-1',
  });
  assert.equal(resent.ok, true);
  assert.equal(resent.data.duplicate, true);
  assert.equal(resent.data.message.id, first.id);

  // A private note from staff reaches staff only.
  const note = await ack(staff, 'message:send', {
    conversation_id: conversationId, content: 'PRIVATE-NOTE: VIP customer', type: 'note', client_message_id: 'n-1',
  });
  assert.equal(note.ok, true, JSON.stringify(note));
  await s.next('message:new', (d) => d.message.id === note.data.message.id);

  // The visitor asks for a person; the staff dashboard sees the conversation wait.
  const handoff = await ack(visitor, 'conversation:handoff', { conversation_id: conversationId, reason: 'talk to a person' });
  assert.equal(handoff.ok, true, JSON.stringify(handoff));
  assert.equal(handoff.data.conversation.status, 'waiting_for_human');
  await s.next('conversation:updated', (d) => d.conversation.id === conversationId && d.conversation.status === 'waiting_for_human');
  const counts = await api(server.url, '/api/v1/inbox/counts', { token: owner.token });
  assert.ok(counts.json.waiting >= 1, counts.text);

  // A team member claims it: the visitor sees it move to a human.
  const claim = await api(server.url, `/api/v1/conversations/${conversationId}/claim`, { method: 'POST', token: owner.token });
  assert.equal(claim.status, 200, claim.text);
  assert.equal(claim.json.assignee_type, 'user');
  await v.next('conversation:updated', (d) => d.conversation.assignee_type === 'user');

  // The visitor writes again: the responder stays silent (its job finishes without a reply).
  const second = await ack(visitor, 'message:send', {
    conversation_id: conversationId, content: 'Are you a human?', client_message_id: 'v-2',
  });
  assert.equal(second.ok, true);
  await s.next('message:new', (d) => d.message.id === second.data.message.id);
  await respondJobDone(second.data.message.id);

  // The team member replies over the socket; the visitor receives it.
  const human = await ack(staff, 'message:send', {
    conversation_id: conversationId, content: 'Hi, Ana here. Yes, a human!', client_message_id: 's-1',
  });
  assert.equal(human.ok, true, JSON.stringify(human));
  const got = await v.next('message:new', (d) => d.message.id === human.data.message.id);
  assert.equal(got.message.sender_type, 'user');

  // Only one AI reply exists, and only for the first message.
  const all = await api(server.url, `/api/v1/conversations/${conversationId}/messages`, { token: owner.token });
  const agent = all.json.data.filter((m) => m.sender_type === 'agent');
  assert.equal(agent.length, 1, JSON.stringify(all.json.data.map((m) => [m.sender_type, m.content])));
  assert.equal(all.json.data.filter((m) => m.client_message_id === 'v-1').length, 1);

  // Resolve: the visitor's widget learns it.
  const resolve = await api(server.url, `/api/v1/conversations/${conversationId}/resolve`, { method: 'POST', token: owner.token });
  assert.equal(resolve.status, 200, resolve.text);
  await v.next('conversation:updated', (d) => d.conversation.status === 'resolved');
  const events = await api(server.url, '/api/v1/events?type=conversation.', { token: owner.token });
  const types = events.json.data.map((e) => e.type);
  for (const t of ['conversation.started', 'conversation.handoff_requested', 'conversation.assigned',
    'conversation.resolved', 'conversation.ended']) {
    assert.ok(types.includes(t), `${t} in ${types}`);
  }

  // Nothing private ever reached the visitor socket: no note, no org-room traffic.
  const visitorText = JSON.stringify(v.seen);
  assert.ok(!visitorText.includes('PRIVATE-NOTE'), 'a private note reached the visitor');
  assert.ok(!v.seen.some((e) => e.event === 'message:preview'), 'org-room previews reached the visitor');
  assert.ok(!v.seen.some((e) => e.event === 'conversation:updated' && 'tags' in e.data.conversation));
});

test('a visitor cannot join or write to another visitor\'s conversation', async () => {
  const alice = await visitorSession();
  const bob = await visitorSession();
  const conversationId = await startVisitorConversation(alice.visitor_token);
  const bobSocket = connect(bob.visitor_token, ['polling']);
  await connected(bobSocket);
  const join = await ack(bobSocket, 'conversation:join', { conversation_id: conversationId });
  assert.deepEqual(join.ok, false);
  assert.equal(join.error.code, 'not_found');
  const send = await ack(bobSocket, 'message:send', { conversation_id: conversationId, content: 'hi', client_message_id: 'b-1' });
  assert.equal(send.error.code, 'not_found');
  const typing = await ack(bobSocket, 'typing:start', { conversation_id: conversationId });
  assert.equal(typing.error.code, 'not_found');

  // Resuming with the visitor id keeps the visitor (same conversations).
  const resumed = await visitorSession(alice.visitor_id);
  assert.equal(resumed.visitor_id, alice.visitor_id);
  const list = await api(server.url, '/api/v1/widget/conversations', { token: resumed.visitor_token });
  assert.deepEqual(list.json.data.map((c) => c.id), [conversationId]);
  // Staff routes refuse visitor tokens.
  const staffRoute = await api(server.url, '/api/v1/conversations', { token: alice.visitor_token });
  assert.equal(staffRoute.status, 401);
});

test('forged and expired visitor tokens are refused at the handshake', async () => {
  const session = await visitorSession();
  const [prefix, payload, mac] = session.visitor_token.split('.');
  const forged = `${prefix}.${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
  const err1 = await connectError(connect(forged));
  assert.equal(err1.data.code, 'unauthenticated');

  // An expired token signed with the server's real key (read from its data directory).
  const key = readFileSync(path.join(server.dataDir, 'secrets', 'jwt.key'), 'utf8').trim();
  const derived = createHmac('sha256', key).update('syntera/visitor-token/v1').digest();
  const body = Buffer.from(`${owner.orgId}|${session.visitor_id}|${Date.now() - 1000}`).toString('base64url');
  const signed = `vt1.${body}`;
  const expired = `${signed}.${createHmac('sha256', derived).update(signed).digest('base64url')}`;
  const err2 = await connectError(connect(expired));
  assert.equal(err2.data.code, 'unauthenticated');
  // The same construction with a future expiry is accepted (the test signs like the server).
  const okBody = Buffer.from(`${owner.orgId}|${session.visitor_id}|${Date.now() + 60_000}`).toString('base64url');
  const okSigned = `vt1.${okBody}`;
  const valid = `${okSigned}.${createHmac('sha256', derived).update(okSigned).digest('base64url')}`;
  await connected(connect(valid));
});

// Last: it changes the widget key the other tests use.
test('regenerating the widget key refuses the visitor tokens issued before', async () => {
  const session = await visitorSession();
  const open = await connected(connect(session.visitor_token));
  const kicked = once(open, 'disconnect');
  const regen = await api(server.url, '/api/v1/widget/settings', {
    method: 'PUT', token: owner.token, body: { regenerate_key: true },
  });
  assert.equal(regen.status, 200, regen.text);
  // The socket opened with the revoked token is disconnected at once (not left to reconnect).
  const [reason] = await kicked;
  assert.equal(reason, 'io server disconnect');
  assert.notEqual(regen.json.public_key, publicKey);
  const err = await connectError(connect(session.visitor_token));
  assert.equal(err.data.code, 'unauthenticated');
  const rest = await api(server.url, '/api/v1/widget/conversations', { token: session.visitor_token });
  assert.equal(rest.status, 401, rest.text);
  publicKey = regen.json.public_key;
  await connected(connect((await visitorSession(session.visitor_id)).visitor_token));
});
