// Shared E2E plumbing: start the real `syntera` binary on port 0 with a fresh data directory,
// read emails from its outbox, and drive Debian's Chromium through playwright-core.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const WEB = new URL("..", import.meta.url).pathname;
const REPO = join(WEB, "..");
export const DIST = join(WEB, "dist");
export const ARTIFACTS = join(WEB, "e2e", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

function findBinary() {
  const candidates = [
    process.env.SYNTERA_BIN,
    join(REPO, "build/release/src/app/syntera"),
    join(REPO, "build/web/src/app/syntera"),
  ].filter(Boolean);
  // SYNTERA_BIN wins; otherwise the most recently built binary (build/web is often fresher).
  const found = process.env.SYNTERA_BIN
    ? candidates[0]
    : candidates
        .filter((p) => existsSync(p))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!found)
    throw new Error(`syntera binary not found (set SYNTERA_BIN); tried ${candidates.join(", ")}`);
  return found;
}

/**
 * Starts syntera; resolves to {url, dataDir, stop()}. When the binary does not serve the web UI
 * itself yet (no --web-dir wiring), a small Node front serves dist/ like src/web does and
 * forwards everything else to syntera, so the UI tests still run.
 */
export async function startSyntera(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), "syntera-web-e2e-"));
  const bin = findBinary();
  const args = [
    "serve",
    "--port",
    "0",
    "--data-dir",
    dataDir,
    "--rate-limit-auth-per-minute",
    "0",
    "--web-dir",
    DIST,
    ...extraArgs,
  ];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-20000)));
  const apiUrl = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`syntera did not start:\n${stderr}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/ready at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`syntera exited with ${code}:\n${stderr}`)));
  });
  let url = apiUrl;
  let front = null;
  const probe = await fetch(apiUrl + "/login");
  const html = await probe.text();
  if (!(probe.ok && html.includes('<div id="root">'))) {
    front = await startFront(apiUrl);
    url = front.url;
    console.log(
      `# syntera does not serve the web UI yet (--web-dir not wired); using a Node front at ${url}`,
    );
  }
  return {
    url,
    apiUrl,
    dataDir,
    servesUiItself: !front,
    async stop() {
      front?.server.close();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
  "img-src 'self' data: blob:; object-src 'none'; script-src 'self'; script-src-attr 'none'; " +
  "style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; upgrade-insecure-requests";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

function startFront(apiUrl) {
  const api = new URL(apiUrl);
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const isApi =
      path.startsWith("/api/") || path === "/healthz" || path === "/readyz" || path === "/metrics";
    if (isApi) {
      const upstream = http.request(
        {
          host: api.hostname,
          port: api.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (r) => {
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    let file = normalize(join(DIST, path));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) {
      if (extname(path)) return res.writeHead(404).end("Not found");
      file = join(DIST, "index.html");
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Content-Security-Policy": CSP,
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` }),
    ),
  );
}

/** The newest outbox email to `to`, as {subject, body_text}; waits until one arrives. */
export async function lastEmailTo(dataDir, to, timeoutMs = 10000) {
  const db = join(dataDir, "syntera.db");
  const deadline = Date.now() + timeoutMs;
  const quoted = to.replaceAll("'", "''");
  for (;;) {
    const out = execFileSync(
      "sqlite3",
      [
        "-json",
        db,
        `SELECT subject, body_text FROM outbox_emails WHERE to_email = '${quoted}' ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ],
      { encoding: "utf8" },
    );
    const rows = out.trim() ? JSON.parse(out) : [];
    if (rows.length) return rows[0];
    if (Date.now() > deadline) throw new Error(`no email to ${to} in the outbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function tokenIn(text) {
  const m = text.match(/\?token=([A-Za-z0-9_\-.~%]+)/);
  if (!m) throw new Error(`no token link in:\n${text}`);
  return decodeURIComponent(m[1]);
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * Records console errors, page errors, failed requests and HTTP errors of `page`; `expected`
 * lists URL substrings whose 4xx are part of the scenario.
 */
export function watchPage(page, expected = []) {
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText ?? "";
    if (!reason.includes("ERR_ABORTED")) problems.push(`requestfailed: ${r.url()} ${reason}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !expected.some((e) => r.url().includes(e)))
      problems.push(`http ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return problems;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

let counter = 0;
export function uniqueEmail(prefix) {
  return `${prefix}.${process.pid}.${Date.now()}.${counter++}@example.com`;
}

export const PASSWORD = "correct-horse-battery-9";

/** Signs up through the API (fast setup for tests that are not about sign-up). */
export async function apiSignup(apiUrl, { email, name = "Owner Person", org = "Acme Corp" }) {
  const r = await fetch(`${apiUrl}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, name, organization_name: org }),
  });
  if (r.status !== 201) throw new Error(`signup: ${r.status} ${await r.text()}`);
  return r.json();
}

/** Signs in through the API; resolves to the session ({access_token, user, …}). */
export async function apiLogin(apiUrl, email, password = PASSWORD) {
  const r = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
  return r.json();
}

/** Polls `fn` every 100 ms until it returns something truthy (returned), or throws on timeout. */
export async function waitFor(what, fn, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function apiCall(apiUrl, token, method, path, body) {
  const r = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Adds a team member the way a person joins: the owner invites `email` as `role`, the invitee
 * accepts with the token from the invitation email (password PASSWORD). Throws on failure.
 */
export async function addTeamMember(server, ownerToken, { email, role, name }) {
  await apiCall(server.apiUrl, ownerToken, "POST", "/invitations", { email, role });
  const token = tokenIn((await lastEmailTo(server.dataDir, email)).body_text);
  const r = await fetch(`${server.apiUrl}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token, password: PASSWORD, name }),
  });
  if (r.status !== 201) throw new Error(`accept invitation: ${r.status} ${await r.text()}`);
}

/** Logs in through the UI and waits for the dashboard. */
export async function uiLogin(page, url, email, password = PASSWORD) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
}
