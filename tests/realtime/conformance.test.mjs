// socket.io-client 4.8 (unmodified, from npm) against the C++ realtime server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { io } from "socket.io-client";
import { startServer } from "./server.mjs";

let server;
const sockets = [];

before(async () => {
  server = await startServer(["--ping-interval-ms", "300", "--ping-timeout-ms", "400"]);
});
after(async () => {
  for (const s of sockets) s.close();
  assert.equal(await server.stop(), 0, "server exits cleanly");
});

function connect(options = {}) {
  const socket = io(server.url, {
    auth: { token: "valid:alice" },
    reconnection: false,
    forceNew: true,
    ...options,
  });
  sockets.push(socket);
  return socket;
}

async function connected(socket) {
  if (socket.connected) return socket;
  const result = await Promise.race([
    once(socket, "connect").then(() => null),
    once(socket, "connect_error").then(([err]) => err),
  ]);
  if (result) throw result;
  return socket;
}

// Users a (websocket), b (polling) and c (websocket), connected.
function threeUsers() {
  return Promise.all(
    [
      { token: "valid:a", transports: ["websocket"] },
      { token: "valid:b", transports: ["polling"] },
      { token: "valid:c", transports: ["websocket"] },
    ].map(({ token, transports }) => connected(connect({ auth: { token }, transports }))),
  );
}

for (const [name, transports] of [
  ["websocket only", ["websocket"]],
  ["polling only", ["polling"]],
]) {
  test(`${name}: connect, emit with ack`, async () => {
    const socket = await connected(connect({ transports }));
    assert.equal(socket.io.engine.transport.name, transports[0]);
    const reply = await socket.emitWithAck("echo", { hello: "world", n: [1, 2, 3] });
    assert.deepEqual(reply, { ok: true, data: { hello: "world", n: [1, 2, 3] } });
    const me = await socket.emitWithAck("whoami");
    assert.equal(me.data.socket_id, socket.id);
    assert.equal(me.data.user_id, "alice");
    socket.close();
  });
}

for (const [name, transports] of [
  ["websocket only", ["websocket"]],
  ["polling only", ["polling"]],
]) {
  test(`${name}: binary attachments arrive, are echoed and emitted as binary`, async () => {
    const socket = await connected(connect({ transports }));
    const bytes = Buffer.from([0, 1, 2, 254, 255, 10, 30]);
    const big = Buffer.alloc(70_000, 7);  // a WebSocket frame with a 64-bit length
    // Client → server (BINARY_EVENT) and back through the ack (BINARY_ACK).
    const reply = await socket.emitWithAck("echo", { name: "photo.png", parts: [bytes, big] });
    assert.equal(reply.ok, true);
    assert.equal(reply.data.name, "photo.png");
    assert.deepEqual(Buffer.from(reply.data.parts[0]), bytes);
    assert.deepEqual(Buffer.from(reply.data.parts[1]), big);
    // Server → client (BINARY_EVENT from Socket::Emit).
    const received = once(socket, "bin:data");
    await socket.emitWithAck("bin:emit", { chunk: bytes });
    const [data] = await received;
    assert.deepEqual(Buffer.from(data.chunk), bytes);
    // Plain events still work after binary ones.
    assert.deepEqual(await socket.emitWithAck("echo", "text"), { ok: true, data: "text" });
    socket.close();
  });
}

test("polling upgrades to websocket", async () => {
  const socket = connect();
  const upgraded = once(socket.io, "open").then(() => once(socket.io.engine, "upgrade"));
  await connected(socket);
  await upgraded;
  assert.equal(socket.io.engine.transport.name, "websocket");
  const reply = await socket.emitWithAck("echo", "after upgrade");
  assert.deepEqual(reply, { ok: true, data: "after upgrade" });
  socket.close();
});

test("ack errors use the REST error codes", async () => {
  const socket = await connected(connect({ transports: ["websocket"] }));
  const unknown = await socket.emitWithAck("no:such-event", {});
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, "not_found");
  const invalid = await socket.emitWithAck("room:join", {});
  assert.equal(invalid.ok, false);
  assert.equal(invalid.error.code, "invalid_argument");
  assert.equal(typeof invalid.error.message, "string");
  socket.close();
});

test("rooms: emit to a room reaches the others in it, not the sender or outsiders", async () => {
  const [a, b, c] = await threeUsers();
  const seen = { a: [], b: [], c: [] };
  a.on("room:message", (m) => seen.a.push(m));
  b.on("room:message", (m) => seen.b.push(m));
  c.on("room:message", (m) => seen.c.push(m));
  assert.equal((await a.emitWithAck("room:join", { room: "r" })).ok, true);
  assert.equal((await b.emitWithAck("room:join", { room: "r" })).ok, true);
  const received = once(b, "room:message");
  assert.deepEqual(await a.emitWithAck("room:emit", { room: "r", data: "hi" }), {
    ok: true,
    data: {},
  });
  assert.deepEqual((await received)[0], { from: "a", data: "hi" });
  // The server queues the room message before acking the sender, and each socket's packets
  // are ordered: a round trip on A and C proves neither got it.
  await a.emitWithAck("echo", 1);
  await c.emitWithAck("echo", 1);
  assert.deepEqual(seen.a, []);
  assert.deepEqual(seen.c, []);
  assert.equal(seen.b.length, 1);
  for (const s of [a, b, c]) s.close();
});

test("binary room broadcasts reach websocket and polling members as binary, JSON ones stay JSON", async () => {
  const [a, b, c] = await threeUsers();
  for (const s of [a, b, c]) assert.equal((await s.emitWithAck("room:join", { room: "bin" })).ok, true);
  const bytes = Buffer.from([0, 255, 1, 254, 13, 10]);
  const big = Buffer.alloc(70_000, 9);
  const atB = once(b, "room:binary");
  const atC = once(c, "room:binary");
  const heardBySender = [];
  a.on("room:binary", (m) => heardBySender.push(m));
  const ack = await a.emitWithAck("bin:room", { room: "bin", data: { name: "clip", parts: [bytes, big] } });
  assert.deepEqual(ack, { ok: true, data: {} });
  for (const [message] of [await atB, await atC]) {
    assert.equal(message.from, "a");
    assert.equal(message.data.name, "clip");
    assert.ok(Buffer.isBuffer(message.data.parts[0]) || message.data.parts[0] instanceof ArrayBuffer,
      "arrives as binary, not as a {_binary} object");
    assert.deepEqual(Buffer.from(message.data.parts[0]), bytes);
    assert.deepEqual(Buffer.from(message.data.parts[1]), big);
  }
  // A plain room broadcast of the same shape is JSON: the {_binary} object is not decoded.
  const plain = once(b, "room:message");
  await a.emitWithAck("room:emit", { room: "bin", data: { _binary: "AAE=" } });
  assert.deepEqual((await plain)[0].data, { _binary: "AAE=" });
  await a.emitWithAck("echo", 1);
  assert.deepEqual(heardBySender, [], "the sender is excluded");
  for (const s of [a, b, c]) s.close();
});

test("a socket is in org:<id> and user:<id> after CONNECT", async () => {
  const [x, y] = await Promise.all(
    ["valid:x", "valid:y"].map((token) =>
      connected(connect({ auth: { token }, transports: ["websocket"] })),
    ),
  );
  const toY = once(y, "room:message");
  await x.emitWithAck("room:emit", { room: "user:y", data: "direct" });
  assert.deepEqual((await toY)[0], { from: "x", data: "direct" });
  const toOrg = once(x, "room:message");
  await y.emitWithAck("room:emit", { room: "org:org-test", data: "all" });
  assert.deepEqual((await toOrg)[0], { from: "y", data: "all" });
  x.close();
  y.close();
});

for (const [name, auth] of [
  ["bad token", { token: "forged" }],
  ["no token", {}],
]) {
  test(`${name}: connect_error with data.code unauthenticated`, async () => {
    for (const transports of [["websocket"], ["polling"]]) {
      const socket = connect({ auth, transports });
      const [err] = await once(socket, "connect_error");
      assert.equal(err.data?.code, "unauthenticated");
      assert.equal(typeof err.message, "string");
      assert.equal(socket.connected, false);
      socket.close();
    }
  });
}

test("server pings keep the connection alive past pingInterval", async () => {
  for (const transports of [["websocket"], ["polling"]]) {
    const socket = await connected(connect({ transports }));
    const engine = socket.io.engine;
    let pings = 0;
    const enough = new Promise((resolve) =>
      engine.on("ping", () => {
        if (++pings === 4) resolve();
      }),
    );
    await enough; // four intervals of 300 ms; the client would drop at 700 ms without pings
    assert.equal(socket.connected, true);
    assert.deepEqual(await socket.emitWithAck("echo", "still here"), {
      ok: true,
      data: "still here",
    });
    socket.close();
  }
});

test("disconnect and reconnect", async () => {
  const socket = await connected(connect({ transports: ["websocket"] }));
  const first = socket.id;
  socket.disconnect();
  assert.equal(socket.connected, false);
  socket.connect();
  await connected(socket);
  assert.notEqual(socket.id, first);
  assert.equal((await socket.emitWithAck("echo", 2)).data, 2);
  socket.close();
});

test("automatic reconnection after the transport drops", async () => {
  const socket = await connected(connect({ reconnection: true, reconnectionDelay: 50 }));
  const first = socket.id;
  const reconnected = once(socket.io, "reconnect");
  socket.io.engine.close(); // as if the network blipped
  await reconnected;
  await connected(socket);
  assert.notEqual(socket.id, first);
  assert.equal((await socket.emitWithAck("echo", 3)).data, 3);
  socket.close();
});

test("malformed polling input closes only that session", async () => {
  const open = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
  assert.equal(open.status, 200);
  const body = await open.text();
  assert.equal(body[0], "0");
  const { sid, upgrades, maxPayload } = JSON.parse(body.slice(1));
  assert.deepEqual(upgrades, ["websocket"]);
  assert.equal(maxPayload, 1000000);
  const post = (data) =>
    fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      body: data,
    });
  assert.equal((await post("9garbage")).status, 400);
  const after = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  assert.equal(after.status, 400, "the session is gone");
  const badVersion = await fetch(`${server.url}/socket.io/?EIO=3&transport=polling`);
  assert.equal(badVersion.status, 400);
  const tooLarge = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=x`, {
    method: "POST",
    body: "4" + "x".repeat(1000001),
  });
  assert.equal(tooLarge.status, 413);
  // The server is unharmed.
  const socket = await connected(connect({ transports: ["websocket"] }));
  assert.equal((await socket.emitWithAck("echo", 4)).data, 4);
  socket.close();
});
