// Load generator for bench/realtime: raw Engine.IO v4 / Socket.IO v5 over WebSocket with `ws`
// (socket.io-client costs too much per message to generate load). Each client: open packet →
// `40{"token":"valid:u<N>"}` → waits for `40{...}` → (fan-out) `room:join` with an ack; it
// answers every ping ("2" → "3").
//
//   node loadgen.mjs fanout --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--clients 1000] [--room-size 10] [--rate 10000] [--payload 100]
//        [--warmup 3] [--duration 10] [--label x]
//     N clients in rooms of `room-size`. `rate` is the offered load in DELIVERED messages/s:
//     rate / (room-size - 1) `room:emit`s per second (open loop, spread round-robin over all
//     clients), each with an ack and a ~`payload`-byte data object carrying its send time
//     (process.hrtime, this process, monotonic). Every other member of the room receives
//     `room:message` and records the delivery latency. Measured over `duration` seconds after
//     `warmup`: delivered messages/s, latency p50/p99/max, ack round trip p50/p99, the server
//     process's CPU time (utime+stime of /proc/<pid>/stat) per 1,000 delivered messages, this
//     process's CPU, errors, failed or missing acks, and lost deliveries (checked after a drain).
//
//   node loadgen.mjs idle --url http://127.0.0.1:PORT --pid SERVER_PID
//        [--counts 10000,50000] [--procs 4] [--addresses 8] [--concurrency 200] [--idle-cpu 5]
//     Opens connected, idle Socket.IO sockets in stages (a total of each count), spread over
//     `procs` child processes and the loopback source addresses 127.0.0.1..127.0.0.<addresses>
//     (ws `localAddress`, against ephemeral-port exhaustion). After each stage is fully
//     connected and 2 s of settling: the server's VmRSS, (RSS − RSS before any connection) / N,
//     and the server's CPU over `idle-cpu` seconds of idleness.
//
// Each prints one line `RESULT <json>` on stdout (progress goes to stderr).
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

const CLK_TCK = Number(process.env.CLK_TCK || 100);
const now = () => process.hrtime.bigint();
const log = (...args) => console.error(`loadgen[${process.pid}]:`, ...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return fallback;
  const v = process.argv[i + 1];
  return typeof fallback === "number" ? Number(v) : v;
}

// utime and stime of a process (all its threads, live and exited), in milliseconds.
function cpuTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, sys: (Number(fields[12]) * 1000) / CLK_TCK }; // fields 14, 15
}
const cpuMs = (pid) => {
  const t = cpuTimes(pid);
  return t.user + t.sys;
};
function rssKb(pid) {
  const m = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m[1]);
}
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const wsUrl = (url) => `${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;

// One raw Socket.IO client over one WebSocket.
class Client {
  constructor(url, user, localAddress, hooks = {}) {
    this.user = user;
    this.hooks = hooks;
    this.nextAck = 0;
    this.acks = new Map(); // id → callback(json text of the ack array)
    this.connected = false;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ws = new WebSocket(wsUrl(url), {
      localAddress,
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: 30000,
    });
    this.ws.on("message", (data) => this.onMessage(data.toString()));
    this.ws.on("error", (err) => this.fail(err));
    this.ws.on("close", () => {
      this.fail(new Error("closed"));
      if (this.connected) hooks.onClose?.(this);
      this.connected = false;
    });
  }

  fail(err) {
    if (this.connected) return;
    this.rejectReady(err);
  }

  onMessage(text) {
    switch (text.charCodeAt(0)) {
      case 0x32: // "2" ping
        this.ws.send("3");
        return;
      case 0x30: // "0" open
        this.ws.send(`40${JSON.stringify({ token: `valid:${this.user}` })}`);
        return;
      case 0x34: // "4" message: a Socket.IO packet
        break;
      default:
        return;
    }
    switch (text.charCodeAt(1)) {
      case 0x32: // "2" EVENT
        this.hooks.onEvent?.(this, text);
        return;
      case 0x33: {
        // "3" ACK: 43<id>[...]
        const bracket = text.indexOf("[");
        const id = Number(text.slice(2, bracket));
        const cb = this.acks.get(id);
        if (cb) {
          this.acks.delete(id);
          cb(text.slice(bracket));
        }
        return;
      }
      case 0x30: // "0" CONNECT
        this.connected = true;
        this.resolveReady();
        return;
      case 0x34: // "4" CONNECT_ERROR
        this.rejectReady(new Error(`connect_error ${text.slice(2)}`));
        return;
      default:
        return;
    }
  }

  // Sends an EVENT with an ack; `cb(ackArrayText)`.
  emit(name, argJson, cb) {
    const id = this.nextAck++;
    this.acks.set(id, cb);
    this.ws.send(`42${id}[${JSON.stringify(name)},${argJson}]`);
  }

  close() {
    this.ws.terminate();
  }
}

// ---------------------------------------------------------------------------------- fan-out
async function fanout() {
  const url = flag("url", "");
  const pid = flag("pid", 0);
  const clients = flag("clients", 1000);
  const roomSize = flag("room-size", 10);
  const rate = flag("rate", 10000); // delivered messages/s offered
  const payload = flag("payload", 100);
  const warmup = flag("warmup", 3);
  const duration = flag("duration", 10);
  const label = flag("label", "");
  const addresses = flag("addresses", 8);
  const emitRate = rate / (roomSize - 1);

  let measuring = false;
  let delivered = 0; // deliveries received inside the window
  let deliveredTotal = 0;
  let errors = 0; // unexpected closes after connect
  let acksOk = 0;
  let acksFailed = 0;
  const latencies = []; // ms, deliveries received inside the window
  const ackLatencies = [];
  let emitsTotal = 0;

  const hooks = {
    onEvent(_client, text) {
      // 42["room:message",{"from":"u1","data":{"s":..,"t":..,"p":".."}},"<offset>"]
      const received = now();
      const args = JSON.parse(text.slice(2));
      if (args[0] !== "room:message") return;
      deliveredTotal++;
      if (!measuring) return;
      delivered++;
      latencies.push(Number(received - BigInt(args[1].data.t)) / 1e6);
    },
    onClose() {
      errors++;
    },
  };

  log(`fanout ${label}: connecting ${clients} clients`);
  const all = [];
  for (let i = 0; i < clients; i++) {
    all.push(new Client(url, `u${i}`, `127.0.0.${1 + (i % addresses)}`, hooks));
    if (all.length % 200 === 0) await Promise.all(all.slice(-200).map((c) => c.ready));
  }
  await Promise.all(all.map((c) => c.ready));
  // Rooms of roomSize: client i is in room floor(i / roomSize).
  const rooms = Math.ceil(clients / roomSize);
  await Promise.all(
    all.map(
      (c, i) =>
        new Promise((resolve, reject) =>
          c.emit("room:join", JSON.stringify({ room: `r${Math.floor(i / roomSize)}` }), (ack) =>
            JSON.parse(ack)[0]?.ok ? resolve() : reject(new Error(`join refused: ${ack}`)),
          ),
        ),
    ),
  );
  log(`fanout ${label}: ${clients} clients joined ${rooms} rooms; offering ${rate} deliveries/s`);

  // Senders in an order that walks across rooms: consecutive emits go to different rooms.
  const senders = [];
  for (let k = 0; k < roomSize; k++) {
    for (let r = 0; r < rooms; r++) {
      const i = r * roomSize + k;
      if (i < clients) senders.push(i);
    }
  }
  const pad = "x".repeat(Math.max(0, payload - 40)); // {"s":123456,"t":12345678901234,"p":"…"} ≈ payload bytes
  let next = 0;
  let seq = 0;
  const sendOne = () => {
    const i = senders[next];
    next = (next + 1) % senders.length;
    const c = all[i];
    if (!c.connected) return;
    const t = now();
    const data = `{"s":${seq++},"t":${t},"p":"${pad}"}`;
    const inWindow = measuring;
    emitsTotal++;
    c.emit("room:emit", `{"room":"r${Math.floor(i / roomSize)}","data":${data}}`, (ack) => {
      if (ack.startsWith('[{"ok":true')) acksOk++;
      else acksFailed++;
      if (inWindow && measuring) ackLatencies.push(Number(now() - t) / 1e6);
    });
  };

  // Open loop: at each tick, send what the schedule says is due (bounded catch-up).
  const start = now();
  let sent = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    const elapsed = Number(now() - start) / 1e9;
    const due = Math.min(Math.floor(elapsed * emitRate) - sent, Math.ceil(emitRate / 20) + 1);
    for (let k = 0; k < due; k++) sendOne();
    if (due > 0) sent += due;
    else if (Math.floor(elapsed * emitRate) - sent > emitRate) sent = Math.floor(elapsed * emitRate);
    setTimeout(tick, 1);
  };
  tick();

  await sleep(warmup * 1000);
  const cpu0 = cpuTimes(pid);
  const self0 = process.cpuUsage();
  const emits0 = emitsTotal;
  const t0 = now();
  measuring = true;
  await sleep(duration * 1000);
  measuring = false;
  const seconds = Number(now() - t0) / 1e9;
  const cpu1 = cpuTimes(pid);
  const self1 = process.cpuUsage(self0);
  const emitsInWindow = emitsTotal - emits0;
  running = false;
  // Drain: everything sent should arrive (each emit reaches room-size - 1 sockets).
  for (let k = 0; k < 50; k++) {
    await sleep(100);
    if (deliveredTotal >= emitsTotal * (roomSize - 1) && acksOk + acksFailed >= emitsTotal) break;
  }
  const lost = emitsTotal * (roomSize - 1) - deliveredTotal;
  const acksMissing = emitsTotal - acksOk - acksFailed;
  const rssAfter = rssKb(pid);
  for (const c of all) c.close();

  latencies.sort((a, b) => a - b);
  ackLatencies.sort((a, b) => a - b);
  const serverUser = cpu1.user - cpu0.user;
  const serverSys = cpu1.sys - cpu0.sys;
  const serverCpu = serverUser + serverSys;
  const result = {
    scenario: "fanout",
    label,
    clients,
    room_size: roomSize,
    payload_bytes: payload,
    offered_deliveries_per_s: rate,
    offered_emits_per_s: Math.round(emitRate),
    emits_per_s: Math.round(emitsInWindow / seconds),
    delivered_per_s: Math.round(delivered / seconds),
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies.length ? latencies[latencies.length - 1] : null,
    ack_p50_ms: percentile(ackLatencies, 50),
    ack_p99_ms: percentile(ackLatencies, 99),
    server_cpu_ms: serverCpu,
    server_user_ms: serverUser,
    server_sys_ms: serverSys,
    server_cpu_pct: (100 * serverCpu) / (seconds * 1000),
    server_cpu_ms_per_1k: delivered ? (serverCpu / delivered) * 1000 : null,
    loadgen_cpu_pct: (100 * (self1.user + self1.system)) / 1000 / (seconds * 1000),
    server_rss_kb_after: rssAfter,
    errors,
    acks_failed: acksFailed,
    acks_missing: acksMissing,
    lost_deliveries: lost,
    seconds,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

// ------------------------------------------------------------------------------------ idle
async function idle() {
  const url = flag("url", "");
  const pid = flag("pid", 0);
  const counts = String(flag("counts", "10000,50000")).split(",").map(Number);
  const procs = flag("procs", 4);
  const addresses = flag("addresses", 8);
  const concurrency = flag("concurrency", 200);
  const idleCpu = flag("idle-cpu", 5);
  const label = flag("label", "");

  const rss0 = rssKb(pid);
  const workers = [];
  for (let w = 0; w < procs; w++) {
    const child = fork(fileURLToPath(import.meta.url), [
      "idle-worker",
      "--url", url,
      "--worker", String(w),
      "--procs", String(procs),
      "--addresses", String(addresses),
      "--concurrency", String(concurrency),
    ]);
    workers.push(child);
  }
  const request = (child, msg) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        child.off("exit", onExit);
        resolve(reply);
      };
      const onExit = (code) => reject(new Error(`idle worker exited with ${code}`));
      child.once("message", onMessage);
      child.once("exit", onExit);
      child.send(msg);
    });

  const stages = [];
  for (const total of counts) {
    const t0 = now();
    const replies = await Promise.all(
      workers.map((child, w) => {
        const share = Math.floor(total / procs) + (w < total % procs ? 1 : 0);
        return request(child, { target: share });
      }),
    );
    const connectSeconds = Number(now() - t0) / 1e9;
    const connected = replies.reduce((a, r) => a + r.connected, 0);
    const failures = replies.reduce((a, r) => a + r.failures, 0);
    const gaveUp = replies.map((r) => r.gave_up).find((g) => g) ?? null;
    await sleep(2000);
    const rss = rssKb(pid);
    const cpu0 = cpuMs(pid);
    await sleep(idleCpu * 1000);
    const cpu1 = cpuMs(pid);
    const stillConnected = (await Promise.all(workers.map((c) => request(c, { status: true })))).reduce(
      (a, r) => a + r.connected,
      0,
    );
    const stage = {
      target: total,
      connected,
      still_connected: stillConnected,
      connect_failures: failures,
      gave_up: gaveUp,
      connect_seconds: connectSeconds,
      rss_before_kb: rss0,
      rss_kb: rss,
      kb_per_connection: (rss - rss0) / connected,
      idle_cpu_pct: (100 * (cpu1 - cpu0)) / (idleCpu * 1000),
    };
    log(`idle ${label}: ${JSON.stringify(stage)}`);
    stages.push(stage);
  }
  for (const child of workers) child.send({ exit: true });
  console.log(`RESULT ${JSON.stringify({ scenario: "idle", label, stages })}`);
  await sleep(500);
  process.exit(0);
}

async function idleWorker() {
  const url = flag("url", "");
  const worker = flag("worker", 0);
  const procs = flag("procs", 1);
  const addresses = flag("addresses", 8);
  const concurrency = flag("concurrency", 200);
  const clients = [];
  let failures = 0;
  let n = 0;
  let closed = 0;
  const hooks = { onClose: () => closed++ };

  const open = async () => {
    for (let attempt = 0; ; attempt++) {
      const index = worker + procs * n++; // globally unique user and address spread
      const c = new Client(url, `idle${index}`, `127.0.0.${1 + (index % addresses)}`, hooks);
      try {
        await c.ready;
        clients.push(c);
        return;
      } catch (err) {
        failures++;
        c.close();
        if (attempt >= 5) throw err;
        await sleep(200 * (attempt + 1));
      }
    }
  };

  process.on("message", async (msg) => {
    if (msg.exit) {
      for (const c of clients) c.close();
      process.exit(0);
    }
    if (msg.status) {
      process.send({ connected: clients.length - closed });
      return;
    }
    const missing = msg.target - clients.length;
    let next = 0;
    let gaveUp = null;
    const lane = async () => {
      while (next < missing && gaveUp === null) {
        next++;
        try {
          await open();
        } catch (err) {
          gaveUp = String(err?.message ?? err); // the server refuses more: report what we have
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(missing, 0)) }, lane));
    if (gaveUp !== null) log(`idle worker ${worker}: gave up after repeated failures: ${gaveUp}`);
    process.send({ connected: clients.length - closed, failures, gave_up: gaveUp });
  });
}

const mode = process.argv[2];
const modes = { fanout, idle, "idle-worker": idleWorker };
if (!modes[mode]) {
  console.error("usage: loadgen.mjs fanout|idle --url http://127.0.0.1:PORT --pid SERVER_PID …");
  process.exit(2);
}
modes[mode]().catch((err) => {
  console.error(`loadgen ${mode}:`, err);
  process.exit(1);
});
