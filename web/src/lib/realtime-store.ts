import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { create } from "zustand";
import { api } from "./api";
import { useAuth } from "./auth-store";
import type { InboxCounts } from "./inbox-types";

// Small and in the initial bundle: the live state the realtime connection feeds (connection
// status, typing, streaming AI replies, presence, message previews) and the inbox counters of
// the sidebar. The socket itself (socket.io-client) is loaded lazily by lib/realtime.ts.

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

export interface Preview {
  /** The message it shows (follows its edits and deletion), when known. */
  message_id?: string;
  content: string;
  sender_type: string;
  private: boolean;
  at: string;
}

interface RealtimeState {
  status: ConnectionStatus;
  /** Conversation id → who (e.g. "user:<id>", "visitor:<id>") → expiry (epoch ms). */
  typing: Record<string, Record<string, number>>;
  /** Streaming AI replies: message id → {conversation_id, text} until the stored message arrives. */
  streams: Record<string, { conversation_id: string; text: string }>;
  /** Presence keys ("user:<id>", "visitor:<id>") that are online. */
  online: Record<string, true>;
  /** Latest message preview per conversation (from message:new / message:preview). */
  previews: Record<string, Preview>;
}

export const useRealtime = create<RealtimeState>(() => ({
  status: "connecting",
  typing: {},
  streams: {},
  online: {},
  previews: {},
}));

export const inboxKey = (org: string, ...rest: unknown[]) => ["inbox", org, ...rest];

function useOrg() {
  return useAuth((s) => s.organization?.id ?? "none");
}

/** The caller's inbox counters; kept live by the socket, polled slowly as a fallback. */
export function useInboxCounts() {
  const org = useOrg();
  const authed = useAuth((s) => s.status === "authenticated");
  return useQuery({
    queryKey: inboxKey(org, "counts"),
    queryFn: () => api<InboxCounts>("/inbox/counts"),
    enabled: authed,
    refetchInterval: 60_000,
    staleTime: 10_000,
  });
}

/**
 * Keeps one Socket.IO connection for the signed-in tab (per user and organization): loads
 * lib/realtime.ts (and socket.io-client) on demand, reconnects on an organization switch and
 * disconnects on sign-out.
 */
export function useRealtimeConnection() {
  const qc = useQueryClient();
  const userId = useAuth((s) => (s.status === "authenticated" ? s.user?.id : undefined));
  const orgId = useAuth((s) => s.organization?.id);
  useEffect(() => {
    if (!userId || !orgId) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import("./realtime").then((m) => {
      if (!cancelled) stop = m.connectRealtime(qc, orgId, userId);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [qc, userId, orgId]);
}
