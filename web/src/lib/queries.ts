import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, loadMe } from "./api";
import { useAuth } from "./auth-store";
import type { ApiKey, CreatedApiKey, Invitation, Member, Organization, Page, Role } from "./types";

/** Fetches every page of a cursor-paginated list (small admin lists only). */
async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page: Page<T> = await api<Page<T>>(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

const orgKey = () => useAuth.getState().organization?.id ?? "none";

export function useMembers() {
  const org = useAuth((s) => s.organization?.id);
  return useQuery({ queryKey: ["members", org], queryFn: () => all<Member>("/members") });
}

export function useInvitations(enabled = true) {
  const org = useAuth((s) => s.organization?.id);
  return useQuery({
    queryKey: ["invitations", org],
    queryFn: () => all<Invitation>("/invitations"),
    enabled,
  });
}

export function useApiKeys() {
  const org = useAuth((s) => s.organization?.id);
  return useQuery({ queryKey: ["api-keys", org], queryFn: () => all<ApiKey>("/api-keys") });
}

export function useOrganization() {
  const org = useAuth((s) => s.organization?.id);
  return useQuery({
    queryKey: ["organization", org],
    queryFn: () => api<Organization>("/organization"),
  });
}

function useInvalidate(...keys: string[]) {
  const qc = useQueryClient();
  return () => Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: [k, orgKey()] })));
}

export function useChangeRole() {
  const done = useInvalidate("members");
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api<Member>(`/members/${encodeURIComponent(userId)}`, { method: "PATCH", body: { role } }),
    onSuccess: done,
  });
}

export function useRemoveMember() {
  const done = useInvalidate("members");
  return useMutation({
    mutationFn: (userId: string) =>
      api<void>(`/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: done,
  });
}

export function useInvite() {
  const done = useInvalidate("invitations");
  return useMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      api<Invitation>("/invitations", { method: "POST", body }),
    onSuccess: done,
  });
}

export function useResendInvitation() {
  const done = useInvalidate("invitations");
  return useMutation({
    mutationFn: (id: string) =>
      api<Invitation>(`/invitations/${encodeURIComponent(id)}/resend`, { method: "POST" }),
    onSuccess: done,
  });
}

export function useRevokeInvitation() {
  const done = useInvalidate("invitations");
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/invitations/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: done,
  });
}

export function useCreateApiKey() {
  const done = useInvalidate("api-keys");
  return useMutation({
    mutationFn: (body: { name: string; role: Role }) =>
      api<CreatedApiKey>("/api-keys", { method: "POST", body }),
    onSuccess: done,
  });
}

export function useRevokeApiKey() {
  const done = useInvalidate("api-keys");
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: done,
  });
}

export function useRenameOrganization() {
  const done = useInvalidate("organization");
  return useMutation({
    mutationFn: (name: string) =>
      api<Organization>("/organization", { method: "PATCH", body: { name } }),
    onSuccess: async () => {
      await done();
      await loadMe();
    },
  });
}
