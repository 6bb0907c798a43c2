// Socket.IO client helpers shared by the conversations suites (socket.io-client 4.8, unmodified).
// No sleeps: every wait is for an event or an acknowledgement, with a deadline as a guard.
import { io } from 'socket.io-client';

// A new client for `url` with auth {token}; no automatic reconnection.
export function openSocket(url, token, transports = ['websocket']) {
  return io(url, { auth: { token }, transports, reconnection: false, forceNew: true });
}

export function connected(socket) {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function connectError(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected with a bad token')));
    socket.once('connect_error', resolve);
  });
}

// Records every event a socket receives, and waits for one matching a predicate.
export function recorder(socket) {
  const seen = [];
  const waiters = [];
  socket.onAny((event, data) => {
    seen.push({ event, data });
    for (const w of [...waiters]) {
      if (w.event === event && w.match(data)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(data);
      }
    }
  });
  return {
    seen,
    next(event, match = () => true, ms = 10_000) {
      const found = seen.find((s) => s.event === event && match(s.data));
      if (found) return Promise.resolve(found.data);
      return new Promise((resolve, reject) => {
        const w = { event, match, resolve };
        waiters.push(w);
        setTimeout(() => {
          if (waiters.includes(w)) reject(new Error(`no ${event} within ${ms} ms`));
        }, ms).unref();
      });
    },
  };
}

// Emits `event` with `payload` and resolves with the server's acknowledgement.
export async function ack(socket, event, payload) {
  return socket.timeout(10_000).emitWithAck(event, payload);
}
