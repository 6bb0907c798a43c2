export const LIFECYCLES = ["subscriber", "lead", "opportunity", "customer", "other"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface Contact {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  emails: string[];
  phone: string | null;
  phones: string[];
  company_id: string | null;
  job_title: string;
  tags: string[];
  lifecycle: Lifecycle;
  source: string;
  owner_id: string | null;
  last_seen_at: string | null;
  last_contacted_at: string | null;
  custom_fields: Record<string, string | number | boolean>;
  created_at: string;
  updated_at: string;
}

export interface Company {
  id: string;
  name: string;
  domain: string | null;
  industry: string;
  size: string;
  website: string;
  created_at: string;
  updated_at: string;
}

export type FieldType = "text" | "number" | "date" | "boolean" | "select";
export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  created_at: string;
}

export type StageKind = "open" | "won" | "lost";
export interface Stage {
  id: string;
  name: string;
  probability: number;
  position: number;
  kind: StageKind;
}

export interface Pipeline {
  id: string;
  name: string;
  is_default: boolean;
  stages: Stage[];
  created_at: string;
}

export interface StageChange {
  from_stage_id: string | null;
  to_stage_id: string;
  changed_by: string | null;
  changed_at: string;
}

export interface Deal {
  id: string;
  title: string;
  value: number;
  currency: string;
  pipeline_id: string;
  stage_id: string;
  probability: number;
  expected_close_date: string | null;
  owner_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  status: "open" | "won" | "lost";
  close_reason: string;
  position: number;
  stage_history: StageChange[];
  created_at: string;
  updated_at: string;
}

export interface BoardColumn {
  stage: Stage;
  count: number;
  totals: { currency: string; value: number }[];
  deals: Deal[];
}

export interface Board {
  pipeline: Pipeline;
  columns: BoardColumn[];
}

export interface Activity {
  id: string;
  kind: "note" | "call" | "email" | "stage_change";
  body: string;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  created_by: string | null;
  occurred_at: string;
}

export interface Task {
  id: string;
  title: string;
  due_at: string | null;
  assignee_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  done: boolean;
  done_at: string | null;
  created_at: string;
  updated_at: string;
}

export function contactName(c: Pick<Contact, "first_name" | "last_name" | "email">): string {
  const n = `${c.first_name} ${c.last_name}`.trim();
  return n || c.email || "Unnamed contact";
}

/** Deal values are integer minor units. */
export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: currency || "USD",
      maximumFractionDigits: 0,
    }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(0)} ${currency}`;
  }
}
