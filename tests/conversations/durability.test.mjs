// Durability of conversations over Socket.IO against the real binary:
//   - kill -9 during a burst of message:send: every acknowledged message is there after the
//     restart, and resending with the same client_message_id never duplicates;
//   - a server restart in the middle of a stream: the receiving client reconnects, catches up
//     with conversation:join {after_seq} and ends with every message exactly once, in order.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { startServer, generousRateLimits, pgUrl } from '../e2e/lib/server.mjs';
import { api, signup } from '../e2e/lib/http.mjs';

const servers = [];
const sockets = [];
after(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await s.dispose();
});

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

// On PostgreSQL when scripts/test provides one; a restart reuses the first server's database.
async function start(options) {
  const server = await startServer({ name: 'conv-durability', postgres: Boolean(pgUrl), ...options });
  servers.push(server);
  return server;
}

// A member with a fresh organization and one api-channel conversation.
async function setup(url) {
  const { res } = await signup(url);
  assert.equal(res.status, 201, res.text);
  const token = res.json.access_token;
  const conv = await api(url, '/api/v1/conversations', { method: 'POST', token, body: {} });
  assert.equal(conv.status, 201, conv.text);
  return { token, conversationId: conv.json.id };
}

function connect(url, token, options = {}) {
  const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, ...options });
  sockets.push(socket);
  return socket;
}

// Every message of the conversation through the REST API (oldest first, all pages).
async function allMessages(url, token, conversationId) {
  const out = [];
  let cursor = '';
  for (;;) {
    const q = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api(url, `/api/v1/conversations/${conversationId}/messages?${q}`, { token });
    assert.equal(page.status, 200, page.text);
    out.push(...page.json.data);
    if (!page.json.next_cursor) return out;
    cursor = page.json.next_cursor;
  }
}

test('kill -9 during a burst of sends: every acknowledged message survives, resends never duplicate', async () => {
  const args = [...generousRateLimits];
  const first = await start({ args });
  const { token, conversationId } = await setup(first.url);
  const socket = connect(first.url, token, { reconnection: false });
  await once(socket, 'connect');
  assert.equal((await socket.emitWithAck('conversation:join', { conversation_id: conversationId })).ok, true);

  const acked = new Map(); // client_message_id → stored message id
  let next = 0;
  let killed = false;
  const sender = async () => {
    while (!killed) {
      const i = next++;
      const cid = `burst-${i}`;
      try {
        const reply = await socket.timeout(5000).emitWithAck('message:send', {
          conversation_id: conversationId, content: `message ${i}`, client_message_id: cid,
        });
        if (reply.ok) acked.set(cid, reply.data.message.id);
        else if (reply.error.code === 'rate_limited') await sleep(50);
      } catch {
        return; // no ack: the server died with it in flight
      }
    }
  };
  const senders = Array.from({ length: 8 }, sender);
  while (acked.size < 120) await sleep(5);
  await first.kill9();
  killed = true;
  await Promise.allSettled(senders);
  const attempted = next;
  assert.ok(acked.size >= 120);

  const second = await start({ args, dataDir: first.dataDir, databaseUrl: first.databaseUrl });
  const stored = await allMessages(second.url, token, conversationId);
  const ids = new Set(stored.map((m) => m.id));
  assert.equal(ids.size, stored.length, 'no message stored twice');
  for (const [cid, id] of acked) assert.ok(ids.has(id), `acknowledged ${cid} (${id}) was lost`);

  // The client resends everything it is unsure about; the same ids come back, nothing doubles.
  const again = connect(second.url, token, { reconnection: false });
  await once(again, 'connect');
  for (let i = 0; i < attempted; i++) {
    const cid = `burst-${i}`;
    let reply;
    do {
      reply = await again.emitWithAck('message:send', {
        conversation_id: conversationId, content: `message ${i}`, client_message_id: cid,
      });
      if (!reply.ok && reply.error.code === 'rate_limited') await sleep(100);
    } while (!reply.ok && reply.error.code === 'rate_limited');
    assert.equal(reply.ok, true, JSON.stringify(reply));
    if (acked.has(cid)) assert.equal(reply.data.message.id, acked.get(cid), `${cid} changed id`);
  }
  const final = await allMessages(second.url, token, conversationId);
  const contents = final.map((m) => m.content).filter((c) => c.startsWith('message '));
  assert.equal(contents.length, attempted, 'each attempted message exactly once');
  assert.equal(new Set(contents).size, attempted);
});

test('a server restart mid-stream: the reader reconnects, catches up and has every message once', async () => {
  const port = await freePort();
  const args = [...generousRateLimits, '--port', String(port)];
  let server = await start({ args });
  const { token, conversationId } = await setup(server.url);
  const url = server.url;

  // The reader: live message:new plus catch-up by seq on every (re)connect, deduplicated by id.
  const reader = connect(url, token, { reconnectionDelay: 100, reconnectionDelayMax: 300 });
  const byId = new Map();
  let lastSeq = 0;
  const take = (m) => {
    if (m.conversation_id !== conversationId) return;
    byId.set(m.id, m);
    lastSeq = Math.max(lastSeq, m.seq);
  };
  reader.on('message:new', ({ message }) => take(message));
  const join = async () => {
    const reply = await reader.emitWithAck('conversation:join', {
      conversation_id: conversationId, after_seq: lastSeq,
    });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    for (const m of reply.data.messages ?? []) take(m);
  };
  reader.on('connect', () => { join().catch(() => {}); });
  await once(reader, 'connect');
  await join();

  // The writer sends 150 messages one by one, resending (same client id) until acknowledged.
  const writer = connect(url, token, { reconnectionDelay: 100, reconnectionDelayMax: 300 });
  await once(writer, 'connect');
  const total = 150;
  for (let i = 0; i < total; i++) {
    if (i === 60) {
      await server.stop(); // graceful restart on the same port and data
      server = await start({ args, dataDir: server.dataDir, databaseUrl: server.databaseUrl });
    }
    for (;;) {
      try {
        if (!writer.connected) await once(writer, 'connect');
        const reply = await writer.timeout(3000).emitWithAck('message:send', {
          conversation_id: conversationId, content: `stream ${i}`, client_message_id: `stream-${i}`,
        });
        if (reply.ok) break;
        await sleep(50);
      } catch {
        await sleep(50);
      }
    }
  }
  const deadline = Date.now() + 15000;
  while (byId.size < total && Date.now() < deadline) await sleep(50);
  const got = [...byId.values()].sort((a, b) => a.seq - b.seq).map((m) => m.content);
  assert.deepEqual(got, Array.from({ length: total }, (_, i) => `stream ${i}`));
});
