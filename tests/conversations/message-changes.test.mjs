// Changes to stored messages over Socket.IO against the real binary: author edits
// (message:edit → message:updated), deletions (message:delete → message:updated with
// deleted_at), delivery and read receipts (message:delivered /
// message:read → the same events to both rooms, delivered_at / read_at on the messages) and
// reactions (reaction:add / reaction:remove → message:reaction). Notes stay staff-only
// throughout. With SYNTERA_TEST_PG_URL set the server runs on a fresh PostgreSQL database.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, generousRateLimits, pgUrl } from '../e2e/lib/server.mjs';
import { api, newIdentity } from '../e2e/lib/http.mjs';
import { ack, connected, openSocket, recorder } from './lib/sockets.mjs';

const ORIGIN = 'https://shop.example.test';
let server;
let owner; // { token, userId }
const sockets = [];

before(async () => {
  server = await startServer({ name: 'message-changes', args: generousRateLimits, postgres: Boolean(pgUrl) });
  const signup = await api(server.url, '/api/v1/auth/signup', { method: 'POST', body: newIdentity('changes') });
  assert.equal(signup.status, 201, signup.text);
  owner = { token: signup.json.access_token, userId: signup.json.user.id };
});

after(async () => {
  for (const s of sockets) s.close();
  if (server) await server.dispose();
});

async function connect(token) {
  const socket = openSocket(server.url, token);
  sockets.push(socket);
  await connected(socket);
  return socket;
}

// A widget visitor and a team member, both joined to a new visitor conversation.
async function visitorAndStaff() {
  const put = await api(server.url, '/api/v1/widget/settings', {
    method: 'PUT', token: owner.token, body: { allowed_origins: [ORIGIN] },
  });
  assert.equal(put.status, 200, put.text);
  const session = await api(server.url, '/api/v1/widget/sessions', {
    method: 'POST', headers: { origin: ORIGIN }, body: { public_key: put.json.public_key, origin: ORIGIN },
  });
  assert.equal(session.status, 201, session.text);
  const started = await api(server.url, '/api/v1/widget/conversations', {
    method: 'POST', token: session.json.visitor_token, body: {},
  });
  assert.equal(started.status, 201, started.text);
  const conversation_id = started.json.id;
  const visitor = await connect(session.json.visitor_token);
  const staff = await connect(owner.token);
  const v = recorder(visitor);
  const s = recorder(staff);
  for (const socket of [visitor, staff]) {
    const join = await ack(socket, 'conversation:join', { conversation_id });
    assert.equal(join.ok, true, JSON.stringify(join));
  }
  return { conversation_id, visitorId: session.json.visitor_id, visitor, staff, v, s };
}

async function send(socket, conversation_id, content, client_message_id, extra = {}) {
  const r = await ack(socket, 'message:send', { conversation_id, content, client_message_id, ...extra });
  assert.equal(r.ok, true, JSON.stringify(r));
  return r.data.message;
}

test('authors edit their messages; both sides see message:updated, notes only staff', async () => {
  const { conversation_id, visitor, staff, v, s } = await visitorAndStaff();
  const mine = await send(visitor, conversation_id, 'helo', 'v-1');
  const theirs = await send(staff, conversation_id, 'Hi, how can I help?', 's-1');
  const note = await send(staff, conversation_id, 'PRIVATE-NOTE: first contact', 'n-1', { type: 'note' });

  const edited = await ack(visitor, 'message:edit', { conversation_id, message_id: mine.id, content: 'hello' });
  assert.equal(edited.ok, true, JSON.stringify(edited));
  assert.equal(edited.data.message.content, 'hello');
  assert.ok(edited.data.message.edited_at);
  const seen = await s.next('message:updated', (d) => d.message.id === mine.id);
  assert.equal(seen.message.content, 'hello');
  const line = await s.next('message:preview', (d) => d.message_id === mine.id && d.change === 'edited');
  assert.equal(line.preview, 'hello');

  const staffEdit = await ack(staff, 'message:edit', { conversation_id, message_id: theirs.id, content: 'Hi! How can I help?' });
  assert.equal(staffEdit.ok, true, JSON.stringify(staffEdit));
  assert.equal((await v.next('message:updated', (d) => d.message.id === theirs.id)).message.content, 'Hi! How can I help?');

  const noteEdit = await ack(staff, 'message:edit', { conversation_id, message_id: note.id, content: 'PRIVATE-NOTE: VIP' });
  assert.equal(noteEdit.ok, true, JSON.stringify(noteEdit));
  await s.next('message:updated', (d) => d.message.id === note.id);
  await ack(staff, 'presence:list', {});  // a round trip: anything sent before it has arrived
  assert.ok(!s.seen.some((x) => x.event === 'message:preview' && x.data.message_id === note.id),
    'a note never makes a list preview');

  for (const [socket, payload, code] of [
    [visitor, { conversation_id, message_id: theirs.id, content: 'x' }, 'permission_denied'],
    [staff, { conversation_id, message_id: mine.id, content: 'x' }, 'permission_denied'],
    [visitor, { conversation_id, message_id: note.id, content: 'x' }, 'not_found'],
    [visitor, { conversation_id, message_id: mine.id }, 'invalid_argument'],
    [visitor, { conversation_id, message_id: mine.id, content: 'x'.repeat(40_000) }, 'invalid_argument'],
  ]) {
    const r = await ack(socket, 'message:edit', payload);
    assert.equal(r.ok, false, JSON.stringify(payload).slice(0, 100));
    assert.equal(r.error.code, code, JSON.stringify(r));
  }
  const listed = await api(server.url, `/api/v1/conversations/${conversation_id}/messages`, { token: owner.token });
  assert.deepEqual(listed.json.data.map((m) => m.content), ['hello', 'Hi! How can I help?', 'PRIVATE-NOTE: VIP']);
  assert.ok(!JSON.stringify(v.seen).includes('PRIVATE-NOTE'), 'a note (or its edit) reached the visitor');
});

test('message:delete empties a message in place; both sides see message:updated with deleted_at', async () => {
  const { conversation_id, visitor, staff, v, s } = await visitorAndStaff();
  const mine = await send(visitor, conversation_id, 'my card is 4242 4242', 'v-1');
  const theirs = await send(staff, conversation_id, 'Please never send card numbers here.', 's-1');

  // The visitor may not delete the team's message; the owner (an admin) may delete the visitor's.
  const refused = await ack(visitor, 'message:delete', { conversation_id, message_id: theirs.id });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'permission_denied', JSON.stringify(refused));
  const bad = await ack(staff, 'message:delete', { conversation_id });
  assert.equal(bad.error.code, 'invalid_argument', JSON.stringify(bad));

  const deleted = await ack(staff, 'message:delete', { conversation_id, message_id: mine.id });
  assert.equal(deleted.ok, true, JSON.stringify(deleted));
  assert.ok(deleted.data.message.deleted_at);
  assert.equal(deleted.data.message.content, '');
  const atVisitor = await v.next('message:updated', (d) => d.message.id === mine.id);
  assert.ok(atVisitor.message.deleted_at);
  assert.equal(atVisitor.message.seq, mine.seq);
  await s.next('message:updated', (d) => d.message.id === mine.id && d.message.deleted_at);
  // Inbox lists (the org room) hear it too, without the words.
  const line = await s.next('message:preview', (d) => d.message_id === mine.id && d.change === 'deleted');
  assert.equal(line.preview, '');
  assert.ok(!JSON.stringify(v.seen.filter((x) => x.event === 'message:updated')).includes('4242'));

  // A catch-up after a reload shows it deleted, in its place.
  const caught = await ack(visitor, 'conversation:join', { conversation_id, after_seq: 0 });
  assert.equal(caught.ok, true, JSON.stringify(caught));
  const replay = caught.data.messages.map((m) => [m.id, m.content, Boolean(m.deleted_at)]);
  assert.deepEqual(replay, [[mine.id, '', true], [theirs.id, theirs.content, false]]);
});

test('delivery and read receipts move cursors and reach both sides', async () => {
  const { conversation_id, visitorId, visitor, staff, v, s } = await visitorAndStaff();
  const question = await send(visitor, conversation_id, 'Is it in stock?', 'v-1');
  const answer = await send(staff, conversation_id, 'Yes, two left.', 's-1');

  const delivered = await ack(visitor, 'message:delivered', { conversation_id, message_id: answer.id });
  assert.equal(delivered.ok, true, JSON.stringify(delivered));
  assert.equal(delivered.data.cursor.last_delivered_seq, answer.seq);
  const receipt = await s.next('message:delivered', (d) => d.message_id === answer.id);
  assert.deepEqual([receipt.conversation_id, receipt.reader, receipt.seq],
    [conversation_id, `visitor:${visitorId}`, answer.seq]);
  let staffView = await api(server.url, `/api/v1/conversations/${conversation_id}/messages`, { token: owner.token });
  let answerNow = staffView.json.data.find((m) => m.id === answer.id);
  assert.ok(answerNow.delivered_at, JSON.stringify(answerNow));
  assert.equal(answerNow.read_at, null);

  const read = await ack(visitor, 'message:read', { conversation_id, message_id: answer.id });
  assert.equal(read.ok, true, JSON.stringify(read));
  const readEvent = await s.next('message:read', (d) => d.reader === `visitor:${visitorId}` && d.message_id === answer.id);
  assert.equal(readEvent.seq, answer.seq);
  staffView = await api(server.url, `/api/v1/conversations/${conversation_id}/messages`, { token: owner.token });
  answerNow = staffView.json.data.find((m) => m.id === answer.id);
  assert.ok(answerNow.read_at, JSON.stringify(answerNow));
  // The team member answered after the question: the visitor's widget shows it read.
  const visitorView = await ack(visitor, 'conversation:join', { conversation_id, after_seq: 0 });
  assert.ok(visitorView.data.messages.find((m) => m.id === question.id).read_at);

  const bad = await ack(visitor, 'message:delivered', { conversation_id, message_id: 'nope' });
  assert.equal(bad.error.code, 'not_found');
  const missing = await ack(staff, 'message:delivered', { conversation_id });
  assert.equal(missing.error.code, 'invalid_argument');
  assert.ok(v.seen.some((e) => e.event === 'message:delivered'), 'the visitor room gets receipts too');
});

test('reactions fan out as message:reaction; notes only to staff', async () => {
  const { conversation_id, visitor, staff, v, s } = await visitorAndStaff();
  const answer = await send(staff, conversation_id, 'Your parcel left today.', 's-1');
  const note = await send(staff, conversation_id, 'PRIVATE-NOTE: shipped late', 'n-1', { type: 'note' });

  const added = await ack(visitor, 'reaction:add', { conversation_id, message_id: answer.id, emoji: '🎉' });
  assert.equal(added.ok, true, JSON.stringify(added));
  const live = await s.next('message:reaction', (d) => d.message_id === answer.id && d.reactions.length === 1);
  assert.equal(live.reactions[0].emoji, '🎉');
  assert.equal(live.reactions[0].count, 1);
  const again = await ack(visitor, 'reaction:add', { conversation_id, message_id: answer.id, emoji: '🎉' });
  assert.equal(again.data.message.reactions[0].count, 1, 'adding twice is idempotent');

  const removed = await ack(visitor, 'reaction:remove', { conversation_id, message_id: answer.id, emoji: '🎉' });
  assert.equal(removed.ok, true, JSON.stringify(removed));
  await v.next('message:reaction', (d) => d.message_id === answer.id && d.reactions.length === 0);

  const onNote = await ack(staff, 'reaction:add', { conversation_id, message_id: note.id, emoji: '👀' });
  assert.equal(onNote.ok, true, JSON.stringify(onNote));
  await s.next('message:reaction', (d) => d.message_id === note.id);
  for (const [payload, code] of [
    [{ conversation_id, message_id: answer.id, emoji: 'party' }, 'invalid_argument'],
    [{ conversation_id, message_id: answer.id }, 'invalid_argument'],
    [{ conversation_id, message_id: note.id, emoji: '👍' }, 'not_found'],
  ]) {
    const r = await ack(visitor, 'reaction:add', payload);
    assert.equal(r.error?.code, code, JSON.stringify(r));
  }
  assert.ok(!v.seen.some((e) => e.event === 'message:reaction' && e.data.message_id === note.id));
});
