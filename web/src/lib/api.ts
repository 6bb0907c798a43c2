import { readRefreshToken, useAuth, writeRefreshToken } from "./auth-store";
import type { AuthSession, Me } from "./types";

export interface FieldError {
  field: string;
  message: string;
}

/** An error answer of the API: `{error: {code, message, details: {fields}}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Send the access token and refresh once on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(`/api/v1${path}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = json?.error;
    throw new ApiError(
      res.status,
      e?.code ?? "internal",
      e?.message ?? `Request failed (${res.status})`,
      e?.details?.fields ?? [],
    );
  }
  return json as T;
}

/** Calls the API; on 401 refreshes the session once (single flight) and retries. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const useAuthHeader = opts.auth !== false;
  const token = useAuthHeader ? useAuth.getState().accessToken : null;
  let res = await send(path, opts, token);
  if (res.status === 401 && useAuthHeader && token) {
    const r = await refresh();
    // A failed refresh that may pass next time fails this call the same way (queries retry it);
    // only a refused one means the session has ended.
    if ("transient" in r) throw r.transient;
    if (!("token" in r))
      throw new ApiError(401, "unauthenticated", "Your session has ended. Sign in again.");
    res = await send(path, opts, r.token);
  }
  return parse<T>(res);
}

/**
 * How a refresh ended: a new access token; the session is over (signed out); or a transient
 * failure (network, 5xx) that says nothing about the session — its error, for the caller to
 * retry on.
 */
type Refresh = { token: string } | { ended: true } | { transient: unknown };

let inFlight: Promise<Refresh> | null = null;

/**
 * Rotates the refresh token. Refresh tokens are single-use and reusing an old one revokes the
 * whole session family, so exactly one refresh runs at a time: within the tab (one shared
 * promise) and across tabs (a Web Lock, re-reading the latest token inside it).
 */
function refresh(): Promise<Refresh> {
  if (inFlight) return inFlight;
  const run = async (): Promise<Refresh> => {
    const refreshToken = readRefreshToken();
    if (!refreshToken) {
      useAuth.getState().clear();
      return { ended: true };
    }
    try {
      const res = await send(
        "/auth/refresh",
        { method: "POST", body: { refresh_token: refreshToken } },
        null,
      );
      if (res.status === 401 || res.status === 400) {
        // Another tab may have rotated the token while we waited: only sign out if not.
        if (readRefreshToken() === refreshToken) useAuth.getState().clear();
        return { ended: true };
      }
      const session = await parse<AuthSession>(res);
      useAuth.getState().setSession(session);
      return { token: session.access_token };
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) {
        useAuth.getState().clear();
        return { ended: true };
      }
      // Network trouble or a server error: keep the refresh token; the caller may retry.
      return { transient: e };
    }
  };
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  const p = (async (): Promise<Refresh> =>
    locks ? await locks.request("syntera-refresh", run) : await run())().finally(() => {
    inFlight = null;
  });
  inFlight = p;
  return p;
}

/**
 * Refreshes the session (see `refresh`). Resolves to the new access token, or null when it
 * failed — the store is cleared only when the session is really over.
 */
export function refreshSession(): Promise<string | null> {
  return refresh().then((r) => ("token" in r ? r.token : null));
}

/**
 * Calls the API and returns the raw response (CSV downloads, uploads): same auth and single
 * refresh-and-retry as `api`, no JSON decoding and no throwing on HTTP errors.
 */
export async function apiFetch(
  path: string,
  init: { method?: "GET" | "POST"; body?: BodyInit; contentType?: string } = {},
): Promise<Response> {
  const go = (token: string | null) => {
    const headers: Record<string, string> = {};
    if (init.contentType) headers["Content-Type"] = init.contentType;
    if (token) headers.Authorization = `Bearer ${token}`;
    return fetch(`/api/v1${path}`, { method: init.method ?? "GET", headers, body: init.body });
  };
  const token = useAuth.getState().accessToken;
  let res = await go(token);
  if (res.status === 401 && token) {
    const fresh = await refreshSession();
    if (fresh) res = await go(fresh);
  }
  return res;
}

/** Decodes an error response of `apiFetch` into an ApiError. */
export async function toApiError(res: Response): Promise<ApiError> {
  try {
    await parse(res);
  } catch (e) {
    if (e instanceof ApiError) return e;
  }
  return new ApiError(res.status, "internal", `Request failed (${res.status})`);
}

export async function loadMe(): Promise<Me> {
  const me = await api<Me>("/me");
  useAuth.getState().setMe(me);
  return me;
}

/** Establishes a session (after login, sign-up, invitation accept) and loads memberships. */
export async function startSession(session: AuthSession) {
  useAuth.getState().setSession(session);
  await loadMe().catch(() => undefined);
}

/** On page load: resume the session from the stored refresh token, if any. */
export async function bootstrapSession() {
  if (!readRefreshToken()) {
    useAuth.getState().clear();
    return;
  }
  const token = await refreshSession();
  if (token) await loadMe().catch(() => undefined);
  else if (useAuth.getState().status === "loading") useAuth.setState({ status: "anonymous" });
}

export async function logout() {
  try {
    if (useAuth.getState().accessToken) await api("/auth/logout", { method: "POST" });
  } catch {
    // The session is cleared locally either way.
  }
  useAuth.getState().clear();
}

// Proactive refresh: one minute before expiry (or at 80 % of a short lifetime), and when a
// hidden tab becomes visible with an expiring token, so a working user is never signed out.
let timer: ReturnType<typeof setTimeout> | undefined;
function schedule() {
  clearTimeout(timer);
  const { status, expiresAt } = useAuth.getState();
  if (status !== "authenticated" || !expiresAt) return;
  const lifetime = expiresAt - Date.now();
  const lead = Math.min(60_000, lifetime * 0.2);
  timer = setTimeout(() => void refreshSession(), Math.max(0, lifetime - lead));
}

export function installSessionKeeper() {
  useAuth.subscribe((s, prev) => {
    if (s.expiresAt !== prev.expiresAt || s.status !== prev.status) schedule();
  });
  document.addEventListener("visibilitychange", () => {
    const { status, expiresAt } = useAuth.getState();
    if (
      document.visibilityState === "visible" &&
      status === "authenticated" &&
      expiresAt - Date.now() < 90_000
    )
      void refreshSession();
  });
  // Another tab signed out (or rotated the token): follow it.
  window.addEventListener("storage", (e) => {
    if (
      e.key === "syntera.refresh_token" &&
      e.newValue === null &&
      useAuth.getState().status === "authenticated"
    )
      useAuth.getState().clear();
  });
}

export { writeRefreshToken };
