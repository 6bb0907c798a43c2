// TLS: the server speaks TLS 1.3 with a self-signed certificate, refuses TLS 1.1, and sends HSTS.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { startServer, freshDir } from './lib/server.mjs';

const execFileAsync = promisify(execFile);

async function selfSignedCert() {
  const dir = freshDir('syntera-tls-');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ]);
  return { dir, cert, key };
}

function connect(url, options) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: hostname, port: Number(port), servername: 'localhost', rejectUnauthorized: false,
      ...options,
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function get(socket, pathname) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headEnd = raw.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = raw.slice(0, headEnd).split('\r\n');
      const headers = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(headEnd + 4) });
    });
    socket.write(`GET ${pathname} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  });
}

describe('TLS', () => {
  let server;
  let certDir;
  before(async () => {
    const { dir, cert, key } = await selfSignedCert();
    certDir = dir;
    server = await startServer({ name: 'tls', args: ['--tls-cert', cert, '--tls-key', key] });
  });
  after(async () => {
    await server?.dispose();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('announces an https URL', () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('speaks TLS 1.3 and sends HSTS', async () => {
    const socket = await connect(server.url, { minVersion: 'TLSv1.3' });
    assert.equal(socket.getProtocol(), 'TLSv1.3');
    const res = await get(socket, '/healthz');
    assert.equal(res.status, 200, res.body);
    const hsts = res.headers['strict-transport-security'] ?? '';
    assert.match(hsts, /max-age=\d+/, `HSTS: ${hsts}`);
    assert.ok(Number(/max-age=(\d+)/.exec(hsts)[1]) > 0);
  });

  it('refuses TLS 1.1', async () => {
    // SECLEVEL=0 lets our client really offer TLS 1.1, so the refusal is the server's.
    await assert.rejects(connect(server.url, {
      minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0',
    }));
  });

  it('answers plain HTTP on the TLS port without crashing', async () => {
    const { hostname, port } = new URL(server.url);
    const net = await import('node:net');
    await new Promise((resolve) => {
      const s = net.connect({ host: hostname, port: Number(port) });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    const socket = await connect(server.url, { minVersion: 'TLSv1.2' });
    const res = await get(socket, '/healthz');
    assert.equal(res.status, 200);
  });
});
