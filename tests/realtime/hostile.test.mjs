// Hostile input at the protocol level, with raw WebSocket and HTTP clients: each bad packet
// ends only its own session (or is answered with an error) and the server keeps serving.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import WebSocket from "ws";
import { io } from "socket.io-client";
import { startServer } from "./server.mjs";

let server;
before(async () => {
  server = await startServer(["--ping-interval-ms", "60000"]);
});
after(async () => {
  assert.equal(await server.stop(), 0, "server exits cleanly");
});

const wsUrl = () => `${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`;

// Opens a raw Engine.IO WebSocket, completes Socket.IO CONNECT, returns {ws, next()}.
async function rawSocket({ connect = true } = {}) {
  const ws = new WebSocket(wsUrl());
  const queue = [];
  const waiters = [];
  ws.on("message", (data, binary) => {
    const text = binary ? data : data.toString();
    if (text === "2") return ws.send("3");
    const w = waiters.shift();
    if (w) w(text);
    else queue.push(text);
  });
  const next = () =>
    queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r));
  await once(ws, "open");
  assert.match(await next(), /^0\{/);
  if (connect) {
    ws.send('40{"token":"valid:raw"}');
    assert.match(await next(), /^40\{"sid":/);
  }
  return { ws, next };
}

async function closedWith(ws) {
  if (ws.readyState === WebSocket.CLOSED) return null;
  const [code] = await once(ws, "close");
  return code;
}

// The server still answers a well-behaved client.
async function healthy() {
  const s = io(server.url, { auth: { token: "valid:ok" }, transports: ["websocket"], forceNew: true });
  await once(s, "connect");
  assert.deepEqual(await s.emitWithAck("echo", "still fine"), { ok: true, data: "still fine" });
  s.close();
}

for (const [name, packet] of [
  ["an EVENT whose data is not an array", '42{"not":"an array"}'],
  ["an EVENT with an empty array", "42[]"],
  ["an EVENT whose name is not a string", "42[1,2]"],
  ["broken JSON", '42["x",{'],
  ["an unknown Socket.IO packet type", "49"],
  ["an unknown Engine.IO packet type", "9hello"],
  ["an ack id beyond 64 bits", '4299999999999999999999999["echo"]'],
]) {
  test(`${name} closes that session only`, async () => {
    const bystander = await rawSocket();
    const { ws } = await rawSocket();
    ws.send(packet);
    await closedWith(ws);
    bystander.ws.send('4217["echo","alive"]');
    assert.equal(await bystander.next(), '4317[{"ok":true,"data":"alive"}]');
    bystander.ws.close();
    await healthy();
  });
}

test("a binary frame where text is expected closes the session", async () => {
  const { ws } = await rawSocket();
  ws.send(Buffer.from([0, 1, 2, 3]));
  await closedWith(ws);
  await healthy();
});

for (const [name, frames] of [
  ["a text packet where an attachment is expected",
    ['451-["echo",{"_placeholder":true,"num":0}]', '42["echo","x"]']],
  ["a placeholder naming a missing attachment",
    ['451-["echo",{"_placeholder":true,"num":5}]', Buffer.from([1])]],
  ["a binary packet claiming 33 attachments", ['4533-["echo"]']],
]) {
  test(`${name} closes that session only`, async () => {
    const bystander = await rawSocket();
    const { ws } = await rawSocket();
    for (const frame of frames) ws.send(frame);
    await closedWith(ws);
    bystander.ws.send('4218["echo","alive"]');
    assert.equal(await bystander.next(), '4318[{"ok":true,"data":"alive"}]');
    bystander.ws.close();
    await healthy();
  });
}

test("a plain event's {_binary} object is echoed as JSON, never turned into binary", async () => {
  const { ws, next } = await rawSocket();
  ws.send('4219["echo",{"_binary":"AQI="}]');
  assert.equal(await next(), '4319[{"ok":true,"data":{"_binary":"AQI="}}]');
  ws.close();
});

test("a frame larger than maxPayload is refused with 1009", async () => {
  const { ws } = await rawSocket();
  ws.send('42["echo","' + "x".repeat(1_100_000) + '"]');
  assert.equal(await closedWith(ws), 1009);
  await healthy();
});

test("a polling body larger than maxPayload answers 413", async () => {
  const open = await (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`)).text();
  const { sid } = JSON.parse(open.slice(1));
  const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
    method: "POST",
    body: "4" + "x".repeat(1_100_000),
  });
  assert.equal(res.status, 413);
  await healthy();
});

test("events before CONNECT are ignored; a foreign namespace gets CONNECT_ERROR", async () => {
  const { ws, next } = await rawSocket({ connect: false });
  ws.send('421["echo","too early"]');
  ws.send('40/admin,{"token":"valid:raw"}');
  assert.match(await next(), /^44\/admin,\{"message":"Invalid namespace"/);
  ws.send('40{"token":"valid:raw"}');
  assert.match(await next(), /^40\{"sid":/); // the early event produced no ack before this
  ws.close();
});

test("a forged token is refused at CONNECT and the session may try again", async () => {
  const { ws, next } = await rawSocket({ connect: false });
  ws.send('40{"token":"forged"}');
  assert.match(await next(), /^44\{"message":"[^"]*","data":\{"code":"unauthenticated"\}\}/);
  ws.send('40{"token":"valid:raw"}');
  assert.match(await next(), /^40\{"sid":/);
  ws.close();
});

test("unknown session ids and bad protocol versions are refused", async () => {
  let res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=nope`);
  assert.equal(res.status, 400);
  res = await fetch(`${server.url}/socket.io/?EIO=3&transport=polling`);
  assert.equal(res.status, 400);
  res = await fetch(`${server.url}/socket.io/?EIO=4&transport=carrier-pigeon`);
  assert.equal(res.status, 400);
  await healthy();
});
