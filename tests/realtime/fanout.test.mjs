// Two realtime server processes sharing a real Redis (SYNTERA_TEST_REDIS_URL, set by
// scripts/test) deliver room broadcasts to each other's sockets.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { io } from "socket.io-client";
import { startServer } from "./server.mjs";

const redis = process.env.SYNTERA_TEST_REDIS_URL;
// scripts/test always provides Redis: in CI its absence is a failure, not a skip.
if (!redis && process.env.CI === 'true') throw new Error('CI without SYNTERA_TEST_REDIS_URL');
const servers = [];
const sockets = [];

before(async () => {
  if (!redis) return;
  for (let i = 0; i < 2; i++) servers.push(await startServer(["--redis-url", redis]));
});
after(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) assert.equal(await s.stop(), 0);
});

function connect(server, user, transports = ["websocket"]) {
  const socket = io(server.url, { auth: { token: `valid:${user}` }, forceNew: true, transports });
  sockets.push(socket);
  return socket;
}

test("a broadcast on one instance reaches the room's sockets on the other", { skip: !redis && "SYNTERA_TEST_REDIS_URL not set" }, async () => {
  const [one, two] = servers;
  const alice = connect(one, "alice");
  const bob = connect(two, "bob", ["polling"]);
  const carol = connect(two, "carol");
  await Promise.all([alice, bob, carol].map((s) => once(s, "connect")));
  await alice.emitWithAck("room:join", { room: "shared" });
  await bob.emitWithAck("room:join", { room: "shared" });
  const heard = [];
  carol.on("room:message", (m) => heard.push(m)); // not in the room
  alice.on("room:message", (m) => heard.push(m)); // the sender: excluded

  const atBob = once(bob, "room:message");
  await alice.emitWithAck("room:emit", { room: "shared", data: "over redis" });
  const [message] = await atBob;
  assert.deepEqual({ from: message.from, data: message.data }, { from: "alice", data: "over redis" });

  const atAlice = [];
  alice.off("room:message");
  alice.on("room:message", (m) => atAlice.push(m.data));
  for (let i = 0; i < 50; i++) await bob.emitWithAck("room:emit", { room: "shared", data: i });
  const deadline = Date.now() + 5000;
  while (atAlice.length < 50 && Date.now() < deadline) await sleep(20);
  assert.deepEqual(atAlice, Array.from({ length: 50 }, (_, i) => i), "in order, once each");
  await sleep(100);
  assert.deepEqual(heard, []);

  // A binary broadcast crosses instances as binary, for a polling and a websocket socket.
  await carol.emitWithAck("room:join", { room: "shared" });
  const bytes = Buffer.from([7, 0, 255, 128]);
  const binaryAt = [once(bob, "room:binary"), once(carol, "room:binary")];
  await alice.emitWithAck("bin:room", { room: "shared", data: { chunk: bytes } });
  for (const [message] of await Promise.all(binaryAt)) {
    assert.equal(message.from, "alice");
    assert.deepEqual(Buffer.from(message.data.chunk), bytes);
  }
});

test("DisconnectRoom on one instance disconnects the room's sockets on both, as a server disconnect", { skip: !redis && "SYNTERA_TEST_REDIS_URL not set" }, async () => {
  const [one, two] = servers;
  const kicker = connect(one, "kicker");
  const here = connect(one, "here");
  const there = connect(two, "there", ["polling"]);
  const stays = connect(two, "stays");
  await Promise.all([kicker, here, there, stays].map((s) => once(s, "connect")));
  await here.emitWithAck("room:join", { room: "revoked" });
  await there.emitWithAck("room:join", { room: "revoked" });
  const reasons = Promise.all([here, there].map((s) => once(s, "disconnect").then(([r]) => r)));
  await kicker.emitWithAck("room:kick", { room: "revoked" });
  assert.deepEqual(await reasons, ["io server disconnect", "io server disconnect"]);
  // Not in the room: still connected and served.
  assert.equal(stays.connected, true);
  assert.deepEqual(await stays.emitWithAck("echo", "still here"), { ok: true, data: "still here" });
});
