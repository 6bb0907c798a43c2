// Connection state recovery and long-polling without held threads, with socket.io-client 4.8.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { io } from "socket.io-client";
import { startServer } from "./server.mjs";

let server;
const sockets = [];

before(async () => {
  // Two I/O threads: if a waiting poll held a thread, a few idle polling clients would starve it.
  server = await startServer([
    "--threads", "2", "--poll-hold-ms", "20000", "--events-per-second", "100000",
  ]);
});
after(async () => {
  for (const s of sockets) s.close();
  assert.equal(await server.stop(), 0, "server exits cleanly");
});

function connect(user, options = {}) {
  const socket = io(server.url, {
    auth: { token: `valid:${user}` },
    forceNew: true,
    reconnectionDelay: 20,
    reconnectionDelayMax: 50,
    ...options,
  });
  sockets.push(socket);
  return socket;
}

async function connected(socket) {
  if (!socket.connected) await once(socket, "connect");
  return socket;
}

for (const transports of [["websocket"], ["polling"]]) {
  test(`${transports[0]}: a blip in the middle of a stream loses and duplicates nothing`, async () => {
    const room = `stream-${transports[0]}`;
    const receiver = await connected(connect("rita", { transports }));
    const sender = await connected(connect("sam", { transports: ["websocket"] }));
    await receiver.emitWithAck("room:join", { room });
    const got = [];
    receiver.on("room:message", (message) => got.push(message.data));

    const total = 300;
    let blipped = false;
    for (let i = 0; i < total; i++) {
      assert.equal((await sender.emitWithAck("room:emit", { room, data: i })).ok, true);
      if (i === 100) {
        // Cut the receiver's transport while the stream goes on; it reconnects by itself.
        receiver.io.engine.close();
        blipped = true;
      }
      if (i % 40 === 0) await sleep(5);
    }
    assert.ok(blipped);
    const deadline = Date.now() + 10000;
    while (got.length < total && Date.now() < deadline) await sleep(20);
    await connected(receiver);
    assert.equal(receiver.recovered, true, "the reconnect recovered the session");
    assert.deepEqual(got, Array.from({ length: total }, (_, i) => i), "every message, once, in order");
    // The recovered socket is still in its room.
    const more = once(receiver, "room:message");
    await sender.emitWithAck("room:emit", { room, data: "after" });
    assert.equal((await more)[0].data, "after");
    receiver.close();
    sender.close();
  });
}

for (const transports of [["websocket"], ["polling"]]) {
  test(`${transports[0]}: a binary broadcast missed in a blip is replayed as binary`, async () => {
    const room = `binary-${transports[0]}`;
    const receiver = await connected(connect("rosa", { transports }));
    const sender = await connected(connect("saul", { transports: ["websocket"] }));
    await receiver.emitWithAck("room:join", { room });
    const got = [];
    receiver.on("room:binary", (m) => got.push(Buffer.from(m.data.chunk)));
    const chunk = (i) => Buffer.from([i, 0, 255, i]);
    await sender.emitWithAck("bin:room", { room, data: { chunk: chunk(1) } });
    // Wait for the first, then cut the receiver: the next two are sent while it is away.
    const deadline = Date.now() + 5000;
    while (got.length < 1 && Date.now() < deadline) await sleep(10);
    receiver.io.engine.close();
    await sender.emitWithAck("bin:room", { room, data: { chunk: chunk(2) } });
    await sender.emitWithAck("bin:room", { room, data: { chunk: chunk(3) } });
    await once(receiver, "connect");
    while (got.length < 3 && Date.now() < deadline + 5000) await sleep(10);
    assert.equal(receiver.recovered, true);
    assert.deepEqual(got, [chunk(1), chunk(2), chunk(3)], "every binary broadcast, once, in order");
    receiver.close();
    sender.close();
  });
}

test("recovery is refused for another user's private id", async () => {
  const room = "pid-theft";
  const victim = await connected(connect("vic", { transports: ["websocket"] }));
  const sender = await connected(connect("sam", { transports: ["websocket"] }));
  await victim.emitWithAck("room:join", { room });
  const first = once(victim, "room:message");
  await sender.emitWithAck("room:emit", { room, data: "secret" });
  const [, offset] = await first;
  assert.equal(typeof offset, "string", "broadcasts carry an offset");
  const pid = victim._pid;
  assert.equal(typeof pid, "string");
  victim.io.opts.reconnection = false;
  victim.io.engine.close(); // the server keeps vic's session for recovery
  await sleep(100);
  // Mallory presents vic's pid and offset with her own token: a fresh session, no replay.
  const mallory = connect("mallory", { transports: ["websocket"], reconnection: false });
  mallory.auth = { token: "valid:mallory", pid, offset };
  const leaked = [];
  mallory.on("room:message", (m) => leaked.push(m));
  await connected(mallory);
  await sender.emitWithAck("room:emit", { room, data: "secret 2" });
  await sleep(200);
  assert.equal(mallory.recovered, false);
  assert.notEqual(mallory.id, victim.id);
  assert.deepEqual(leaked, []);
  mallory.close();
  sender.close();
});

test("idle long-polls hold no I/O thread", async () => {
  // 12 polling clients each keep a GET pending (the server holds it up to 20 s) on a server
  // with 2 I/O threads; every one of them must still get acks promptly.
  const clients = await Promise.all(
    Array.from({ length: 12 }, (_, i) => connected(connect(`p${i}`, { transports: ["polling"] }))),
  );
  await sleep(300); // every client now has a poll waiting
  const replies = await Promise.all(clients.map((c, i) => c.timeout(5000).emitWithAck("echo", i)));
  assert.deepEqual(replies.map((r) => r.data), clients.map((_, i) => i));
  for (const c of clients) c.close();
});
