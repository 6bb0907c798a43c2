import { FileUp } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { apiFetch, toApiError } from "@/lib/api";
import { useCrmInvalidate, useCustomFields } from "@/lib/crm";

const FIELDS = [
  ["", "Skip this column"],
  ["first_name", "First name"],
  ["last_name", "Last name"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["job_title", "Job title"],
  ["tags", "Tags"],
  ["lifecycle", "Lifecycle"],
  ["source", "Source"],
  ["marketing_consent", "Marketing consent"],
] as const;

/** The first record of a CSV text (quotes and escaped quotes handled). */
export function csvHeader(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else if (ch === "\n" || ch === "\r") break;
    else cur += ch;
  }
  out.push(cur);
  return out.map((h) => h.trim());
}

function guess(header: string): string {
  const h = header.toLowerCase().replace(/[^a-z]/g, "");
  if (["firstname", "first", "givenname"].includes(h)) return "first_name";
  if (["lastname", "last", "surname", "familyname"].includes(h)) return "last_name";
  if (h.includes("email")) return "email";
  if (h.includes("phone") || h === "mobile") return "phone";
  if (["jobtitle", "title", "position"].includes(h)) return "job_title";
  if (h === "tags" || h === "tag") return "tags";
  if (h === "lifecycle" || h === "stage") return "lifecycle";
  return "";
}

/** GET /contacts/imports/{id}. */
interface ImportStatus {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  total_rows?: number;
  processed_rows?: number;
  imported?: number;
  updated?: number;
  skipped?: number;
  failed_rows?: number;
  progress?: number;
  failure?: string;
  errors?: { line: number; reason: string }[];
}

const finished = (s: ImportStatus) => s.status === "succeeded" || s.status === "failed";

export default function ImportDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const invalidate = useCrmInvalidate();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [onDuplicate, setOnDuplicate] = useState("skip");
  const customFields = useCustomFields();
  const targets: (readonly [string, string])[] = [
    ...FIELDS,
    ...(customFields.data ?? []).map((f): [string, string] => [`cf:${f.key}`, f.label]),
  ];
  const [busy, setBusy] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [job, setJob] = useState<ImportStatus | null>(null);
  const headers = file ? csvHeader(file.text) : [];

  useEffect(() => {
    if (!job || finished(job)) return;
    const t = setTimeout(async () => {
      const res = await apiFetch(`/contacts/imports/${encodeURIComponent(job.id)}`);
      if (res.ok) {
        const next = (await res.json()) as ImportStatus;
        setJob(next);
        if (finished(next)) void invalidate();
      }
    }, 400);
    return () => clearTimeout(t);
  }, [job, invalidate]);

  const start = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const map: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (mapping[i]) map[h] = mapping[i];
      });
      const res = await apiFetch("/contacts/imports", {
        method: "POST",
        contentType: "application/json",
        body: JSON.stringify({ csv: file.text, mapping: map, on_duplicate: onDuplicate }),
      });
      if (res.status === 404 || res.status === 405) {
        setUnavailable(true);
        return;
      }
      if (!res.ok) throw await toApiError(res);
      const created = (await res.json()) as ImportStatus;
      setJob(created);
    } catch (e) {
      toast.error("Could not start the import", e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const total = job?.total_rows ?? 0;
  const processed = job?.processed_rows ?? 0;
  const pct =
    job?.progress ??
    (total ? Math.min(100, Math.round((processed / total) * 100)) : job && finished(job) ? 100 : 0);
  const errors = job?.errors ?? [];

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Import contacts from CSV"
        description="The first row names the columns. Map each column to a contact field."
        className="max-w-2xl"
      >
        {unavailable ? (
          <p role="alert" className="rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
            CSV import is not available on this Syntera server yet. It arrives with a server update;
            nothing was imported.
          </p>
        ) : job ? (
          <div className="grid gap-3" data-testid="import-progress">
            <div className="flex justify-between text-sm">
              <span className="font-medium capitalize">{job.status}</span>
              <span>
                {processed} / {total || "?"} rows
              </span>
            </div>
            <div
              className="h-2 overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label="Import progress"
            >
              <div className="h-full bg-primary transition-all" style={{ width: `${pct}%` }} />
            </div>
            {finished(job) && (
              <p className="text-sm" data-testid="import-summary">
                {job.imported ?? 0} imported, {job.updated ?? 0} updated, {job.skipped ?? 0}{" "}
                skipped, {job.failed_rows ?? errors.length} failed.
              </p>
            )}
            {job.failure && (
              <p role="alert" className="text-sm text-destructive">
                {job.failure}
              </p>
            )}
            {errors.length > 0 && (
              <div className="max-h-60 overflow-auto">
                <Table aria-label="Rows with errors">
                  <THead>
                    <TR>
                      <TH>Line</TH>
                      <TH>Reason</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {errors.map((e, i) => (
                      <TR key={i} data-testid="import-error">
                        <TD>{e.line}</TD>
                        <TD>{e.reason}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </div>
            )}
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>Close</Button>
            </DialogFooter>
          </div>
        ) : (
          <div className="grid gap-4">
            <div className="grid gap-1.5">
              <Label htmlFor="csv-file">CSV file</Label>
              <input
                id="csv-file"
                type="file"
                accept=".csv,text/csv"
                className="text-sm file:mr-3 file:rounded-md file:border file:bg-card file:px-3 file:py-1.5"
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  if (!f) return;
                  const text = await f.text();
                  setFile({ name: f.name, text });
                  setMapping(csvHeader(text).map(guess));
                }}
              />
            </div>
            {headers.length > 0 && (
              <div className="grid max-h-72 gap-2 overflow-auto" aria-label="Column mapping">
                {headers.map((h, i) => (
                  <div key={i} className="grid grid-cols-2 items-center gap-3">
                    <span className="truncate text-sm font-medium">{h || `Column ${i + 1}`}</span>
                    <Select
                      aria-label={`Field for column ${h || i + 1}`}
                      value={mapping[i] ?? ""}
                      onChange={(e) =>
                        setMapping((m) => m.map((x, j) => (j === i ? e.target.value : x)))
                      }
                    >
                      {targets.map(([v, l]) => (
                        <option key={v} value={v}>
                          {l}
                        </option>
                      ))}
                    </Select>
                  </div>
                ))}
              </div>
            )}
            {headers.length > 0 && (
              <div className="grid gap-1.5">
                <Label htmlFor="on-duplicate">Existing contacts (same email or phone)</Label>
                <Select
                  id="on-duplicate"
                  value={onDuplicate}
                  onChange={(e) => setOnDuplicate(e.target.value)}
                >
                  <option value="skip">Skip them (reported per row)</option>
                  <option value="update">Update them from the file</option>
                </Select>
              </div>
            )}
            <DialogFooter>
              <Button onClick={start} loading={busy} disabled={!file || !mapping.some(Boolean)}>
                <FileUp className="h-4 w-4" /> Start import
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
