import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import { api, ApiError } from "./api";
import { useAuth } from "./auth-store";
import type {
  Activity,
  Board,
  Company,
  Contact,
  CustomField,
  Deal,
  Pipeline,
  Task,
} from "./crm-types";
import type { Page } from "./types";

const enc = encodeURIComponent;

export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

function useOrg() {
  return useAuth((s) => s.organization?.id ?? "none");
}

/** Invalidates every CRM query (they are cheap; keeps lists, boards and pages consistent). */
export function useCrmInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ["crm"] });
}

function useCrmMutation<V, R>(fn: (v: V) => Promise<R>) {
  const done = useCrmInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: () => void done() });
}

export function useCrmList<T>(key: QueryKey, path: string, enabled = true) {
  const org = useOrg();
  return useQuery({
    queryKey: ["crm", org, ...key, path],
    queryFn: () => api<Page<T>>(path),
    enabled,
  });
}

export function useInfiniteList<T>(key: string, path: string) {
  const org = useOrg();
  return useInfiniteQuery({
    queryKey: ["crm", org, key, "infinite", path],
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>(
        `${path}${path.includes("?") ? "&" : "?"}limit=50${pageParam ? `&cursor=${enc(pageParam)}` : ""}`,
        { signal },
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

function useOne<T>(key: string, path: string | null) {
  const org = useOrg();
  return useQuery({
    queryKey: ["crm", org, key, path],
    queryFn: () => api<T>(path!),
    enabled: path !== null,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export const useContact = (id: string) => useOne<Contact>("contact", `/contacts/${enc(id)}`);
export const useCompany = (id: string) => useOne<Company>("company", `/companies/${enc(id)}`);
export const useDeal = (id: string) => useOne<Deal>("deal", `/deals/${enc(id)}`);
export const useBoard = (pipelineId: string | null) =>
  useOne<Board>("board", pipelineId ? `/pipelines/${enc(pipelineId)}/board?per_stage=100` : null);

export function usePipelines() {
  const org = useOrg();
  return useQuery({
    queryKey: ["crm", org, "pipelines"],
    queryFn: async () => {
      const r = await api<Page<Pipeline> | Pipeline[]>("/pipelines?limit=100");
      return Array.isArray(r) ? r : r.data;
    },
  });
}

export function useCustomFields() {
  const org = useOrg();
  return useQuery({
    queryKey: ["crm", org, "custom-fields"],
    queryFn: async () => {
      const r = await api<Page<CustomField> | CustomField[]>("/custom-fields?limit=200");
      return Array.isArray(r) ? r : r.data;
    },
  });
}

export const useActivities = (kind: "contacts" | "companies" | "deals", id: string) =>
  useCrmList<Activity>(["activities"], `/${kind}/${enc(id)}/activities?limit=100`);

export type ContactInput = Partial<Omit<Contact, "id" | "created_at" | "updated_at">>;

export const useCreateContact = () =>
  useCrmMutation((body: ContactInput) => api<Contact>("/contacts", { method: "POST", body }));
export const useUpdateContact = (id: string) =>
  useCrmMutation((body: ContactInput) =>
    api<Contact>(`/contacts/${enc(id)}`, { method: "PATCH", body }),
  );
export const useDeleteContact = () =>
  useCrmMutation((id: string) => api<void>(`/contacts/${enc(id)}`, { method: "DELETE" }));
export const useBulkContacts = () =>
  useCrmMutation(
    (body: {
      ids: string[];
      action: "tag" | "untag" | "assign" | "delete";
      tags?: string[];
      owner_id?: string | null;
    }) => api<{ affected: number }>("/contacts/bulk", { method: "POST", body }),
  );
export const useAddNote = (kind: "contacts" | "companies" | "deals", id: string) =>
  useCrmMutation((body: { body: string; kind?: string }) =>
    api<Activity>(`/${kind}/${enc(id)}/notes`, { method: "POST", body }),
  );

export const useCreateCompany = () =>
  useCrmMutation((body: Partial<Company>) => api<Company>("/companies", { method: "POST", body }));
export const useUpdateCompany = (id: string) =>
  useCrmMutation((body: Partial<Company>) =>
    api<Company>(`/companies/${enc(id)}`, { method: "PATCH", body }),
  );
export const useDeleteCompany = () =>
  useCrmMutation((id: string) => api<void>(`/companies/${enc(id)}`, { method: "DELETE" }));

export type DealInput = Partial<Omit<Deal, "stage_id" | "id">> & { stage?: string };
export const useCreateDeal = () =>
  useCrmMutation((body: DealInput) => api<Deal>("/deals", { method: "POST", body }));
export const useUpdateDeal = (id: string) =>
  useCrmMutation((body: DealInput) => api<Deal>(`/deals/${enc(id)}`, { method: "PATCH", body }));
export const useDeleteDeal = () =>
  useCrmMutation((id: string) => api<void>(`/deals/${enc(id)}`, { method: "DELETE" }));

/** Moves a deal; callers update the board optimistically and invalidate afterwards. */
export function moveDeal(id: string, stageId: string, position?: number) {
  return api<Deal>(`/deals/${enc(id)}/move`, {
    method: "POST",
    body: position === undefined ? { stage_id: stageId } : { stage_id: stageId, position },
  });
}

export const useCreateTask = () =>
  useCrmMutation((body: Partial<Task>) => api<Task>("/tasks", { method: "POST", body }));
export const useUpdateTask = () =>
  useCrmMutation(({ id, ...body }: Partial<Task> & { id: string }) =>
    api<Task>(`/tasks/${enc(id)}`, { method: "PATCH", body }),
  );
export const useDeleteTask = () =>
  useCrmMutation((id: string) => api<void>(`/tasks/${enc(id)}`, { method: "DELETE" }));

export type StageInput = { id?: string; name: string; probability: number; kind: string };
export const useSavePipeline = () =>
  useCrmMutation(({ id, ...body }: { id?: string; name: string; stages: StageInput[] }) =>
    id
      ? api<Pipeline>(`/pipelines/${enc(id)}`, { method: "PATCH", body })
      : api<Pipeline>("/pipelines", { method: "POST", body }),
  );
export const useDeletePipeline = () =>
  useCrmMutation((id: string) => api<void>(`/pipelines/${enc(id)}`, { method: "DELETE" }));
export const useCreateCustomField = () =>
  useCrmMutation((body: { key: string; label: string; type: string; options?: string[] }) =>
    api<CustomField>("/custom-fields", { method: "POST", body }),
  );
export const useDeleteCustomField = () =>
  useCrmMutation((id: string) => api<void>(`/custom-fields/${enc(id)}`, { method: "DELETE" }));
