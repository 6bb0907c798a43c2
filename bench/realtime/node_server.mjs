// The baseline for bench/realtime: Node's socket.io 4.8 server with the same semantics as
// src/realtime/realtime_test_server.cc, so that both servers do the same work per message.
//
//   node node_server.mjs [--ping-interval-ms 25000] [--ping-timeout-ms 20000] [--recovery-ms 120000]
//
// Listens on 127.0.0.1 with an ephemeral port, prints "PORT <n>" on stdout, and runs until
// stdin closes or SIGTERM/SIGINT.
// Auth: handshake auth {token: "valid:<user>"} → user <user> of organization "org-test"; the
// socket joins "org:org-test" and "user:<user>" (as the C++ server does); anything else is
// refused with CONNECT_ERROR {message, data: {code: "unauthenticated"}}.
// Events: echo(x) → x; room:join({room}) joins; room:emit({room, data}) sends
// room:message {from, data} to the room except the sender; whoami() → {socket_id, user_id}.
// Every ack is {ok: true, data} or {ok: false, error: {code, message}}.
// Connection state recovery is on with the same window as the C++ server (2 minutes), so every
// room broadcast carries an offset as its last argument and is kept for reconnecting sockets.
import { createServer } from "node:http";
import { Server } from "socket.io";

function intFlag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? Number(process.argv[i + 1]) : fallback;
}

const recoveryMs = intFlag("--recovery-ms", 120000);
const httpServer = createServer();
const io = new Server(httpServer, {
  serveClient: false,
  pingInterval: intFlag("--ping-interval-ms", 25000),
  pingTimeout: intFlag("--ping-timeout-ms", 20000),
  maxHttpBufferSize: 1e6, // the C++ server's max_payload
  perMessageDeflate: false, // socket.io's default, stated: the C++ server does not compress either
  connectionStateRecovery:
    recoveryMs > 0 ? { maxDisconnectionDuration: recoveryMs, skipMiddlewares: false } : undefined,
});

const ok = (data) => ({ ok: true, data });
const invalid = (message) => ({ ok: false, error: { code: "invalid_argument", message } });

io.use((socket, next) => {
  const token = socket.handshake.auth?.token;
  if (typeof token !== "string" || !token.startsWith("valid:") || token.length === 6) {
    const error = new Error("invalid token");
    error.data = { code: "unauthenticated" };
    return next(error);
  }
  socket.data.user = token.slice(6);
  next();
});

function roomArg(args) {
  const room = args?.room;
  return typeof room === "string" && room.length > 0 ? room : null;
}

io.on("connection", (socket) => {
  if (!socket.recovered) socket.join(["org:org-test", `user:${socket.data.user}`]);
  const reply = (ack, value) => {
    if (typeof ack === "function") ack(value);
  };
  socket.on("echo", (x, ack) => reply(ack, ok(x ?? null)));
  socket.on("whoami", (ack) => reply(ack, ok({ socket_id: socket.id, user_id: socket.data.user })));
  socket.on("room:join", (args, ack) => {
    const room = roomArg(args);
    if (room === null) return reply(ack, invalid("room must be a non-empty string"));
    socket.join(room);
    reply(ack, ok({ room }));
  });
  socket.on("room:emit", (args, ack) => {
    const room = roomArg(args);
    if (room === null) return reply(ack, invalid("room must be a non-empty string"));
    socket.to(room).emit("room:message", { from: socket.data.user, data: args.data ?? null });
    reply(ack, ok({}));
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  process.stdout.write(`PORT ${httpServer.address().port}\n`);
});

function stop() {
  io.close();
  httpServer.closeAllConnections?.();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
