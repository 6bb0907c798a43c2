// Per-socket event rate limit: a burst beyond the bucket is answered rate_limited.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { io } from "socket.io-client";
import { startServer } from "./server.mjs";

test("events beyond the per-socket bucket answer rate_limited", async () => {
  const server = await startServer(["--events-per-second", "5"]);
  try {
    const socket = io(server.url, {
      auth: { token: "valid:r" },
      transports: ["websocket"],
      reconnection: false,
    });
    await once(socket, "connect");
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => socket.emitWithAck("echo", i)),
    );
    const limited = replies.filter((r) => !r.ok);
    assert.ok(replies.filter((r) => r.ok).length >= 10, "the burst (2 s worth) passes");
    assert.ok(limited.length > 0, "the rest is refused");
    for (const r of limited) assert.equal(r.error.code, "rate_limited");
    socket.close();
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
