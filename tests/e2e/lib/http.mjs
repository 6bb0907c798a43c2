// Small HTTP helpers over global fetch and raw sockets, and test identities.

import net from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * JSON request against the server. Returns {status, headers, text, json}.
 * `body` is JSON-encoded unless it is a string (sent as is).
 */
export async function api(baseUrl, path, { method = 'GET', body, token, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
      h['content-type'] = 'application/json';
    }
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A unique identity with a strong, random-looking password. */
export function newIdentity(tag = 'user') {
  const r = randomBytes(6).toString('hex');
  return {
    email: `${tag}-${r}@e2e.syntera.test`,
    password: `Tz8!qLm-${randomBytes(9).toString('base64url')}`,
    name: `E2E ${tag} ${r}`,
    organization_name: `E2E Org ${r}`,
  };
}

export async function signup(baseUrl, identity = newIdentity()) {
  const res = await api(baseUrl, '/api/v1/auth/signup', { method: 'POST', body: identity });
  return { identity, res };
}

export async function login(baseUrl, { email, password }) {
  return api(baseUrl, '/api/v1/auth/login', { method: 'POST', body: { email, password } });
}

/**
 * Sends `request` (string or Buffer) on a fresh TCP connection and reads until the server closes
 * the connection or a complete response head plus Content-Length body arrived.
 * Resolves {status, headers, body, raw, error}; status is null when no response head came.
 */
export function rawRequest(baseUrl, request) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks = [];
    let settled = false;
    let error = null;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks)), error });
    };
    socket.on('connect', () => {
      socket.write(request, (err) => {
        if (err) error = err; // EPIPE/ECONNRESET after an early answer is fine; keep reading
      });
    });
    socket.on('data', (d) => {
      chunks.push(d);
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed.complete) finish();
    });
    socket.on('error', (err) => {
      error = err;
      finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
  });
}

function parseResponse(buf) {
  const raw = buf.toString('latin1');
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return { status: null, headers: {}, body: '', raw, complete: false };
  const [statusLine, ...headerLines] = raw.slice(0, headEnd).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = buf.subarray(Buffer.byteLength(raw.slice(0, headEnd + 4), 'latin1')).toString('utf8');
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  const complete = length !== null && Buffer.byteLength(body) >= length;
  return { status: m ? Number(m[1]) : null, headers, body, raw, complete };
}

/** Runs `fn` over `items` with at most `limit` in flight; returns the results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
