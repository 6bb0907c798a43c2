import { create } from "zustand";
import type { AuthSession, Me, Membership, Organization, Role, User } from "./types";

/**
 * Session state. The access token lives only in memory (this store); the refresh token in
 * localStorage so a reload or a new tab stays signed in (trade-off documented in README.md).
 */
export type AuthStatus = "loading" | "authenticated" | "anonymous";

interface AuthState {
  status: AuthStatus;
  accessToken: string | null;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: User | null;
  organization: Organization | null;
  role: Role | null;
  memberships: Membership[];
  setSession: (s: AuthSession) => void;
  setMe: (me: Me) => void;
  clear: () => void;
}

export const REFRESH_TOKEN_KEY = "syntera.refresh_token";

export function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

export function writeRefreshToken(token: string | null) {
  try {
    if (token) localStorage.setItem(REFRESH_TOKEN_KEY, token);
    else localStorage.removeItem(REFRESH_TOKEN_KEY);
  } catch {
    // Storage unavailable (private mode): the session lasts as long as the tab.
  }
}

export const useAuth = create<AuthState>((set) => ({
  status: "loading",
  accessToken: null,
  expiresAt: 0,
  user: null,
  organization: null,
  role: null,
  memberships: [],
  setSession: (s) => {
    writeRefreshToken(s.refresh_token);
    set((prev) => ({
      status: "authenticated",
      accessToken: s.access_token,
      expiresAt: Date.now() + s.expires_in * 1000,
      user: s.user,
      organization: s.organization,
      role: s.role,
      memberships: prev.memberships.length
        ? prev.memberships
        : [{ organization: s.organization, role: s.role }],
    }));
  },
  setMe: (me) =>
    set({
      user: me.user,
      organization: me.organization,
      role: me.role,
      memberships: me.memberships,
    }),
  clear: () => {
    writeRefreshToken(null);
    set({
      status: "anonymous",
      accessToken: null,
      expiresAt: 0,
      user: null,
      organization: null,
      role: null,
      memberships: [],
    });
  },
}));
