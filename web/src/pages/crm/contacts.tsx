import { zodResolver } from "@hookform/resolvers/zod";
import { Download, Tag, Trash2, UserCheck, Users } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { ApiError, apiFetch, toApiError } from "@/lib/api";
import { qs, useBulkContacts, useCreateContact } from "@/lib/crm";
import { contactName, LIFECYCLES, type Contact } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { formatDate } from "@/lib/utils";
import { CreateDialog } from "./create-dialog";
import { PagedListView, SearchBox, usePagedList } from "./list";
import {
  LifecycleOptions,
  MemberName,
  MemberSelect,
  parseTags,
  useCanEdit,
  useDebounced,
} from "./shared";

const ImportDialog = lazy(() => import("./import-dialog"));

const createSchema = z
  .object({
    first_name: z.string().trim().max(200),
    last_name: z.string().trim().max(200),
    email: z.union([z.literal(""), z.string().trim().email("Enter a valid email address")]),
    phone: z.string().trim().max(64),
    job_title: z.string().trim().max(200),
    lifecycle: z.enum(LIFECYCLES),
    tags: z.string(),
  })
  .refine((v) => v.first_name || v.last_name || v.email, {
    path: ["first_name"],
    message: "Enter a name or an email",
  });
type CreateValues = z.infer<typeof createSchema>;

function CreateContactDialog() {
  const [open, setOpen] = useState(false);
  const create = useCreateContact();
  const form = useForm<CreateValues>({
    resolver: zodResolver(createSchema),
    defaultValues: {
      first_name: "",
      last_name: "",
      email: "",
      phone: "",
      job_title: "",
      lifecycle: "lead",
      tags: "",
    },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const c = await create.mutateAsync({
        first_name: v.first_name,
        last_name: v.last_name,
        ...(v.email ? { email: v.email } : {}),
        ...(v.phone ? { phone: v.phone } : {}),
        job_title: v.job_title,
        lifecycle: v.lifecycle,
        tags: parseTags(v.tags),
        source: "manual",
      });
      toast.success("Contact created", contactName(c));
      form.reset();
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && !e.fields.length) {
        form.setError("email", { message: "A contact with this email or phone already exists" });
        return;
      }
      reportError(e, form.setError, "Could not create the contact");
    }
  });
  return (
    <CreateDialog
      noun="contact"
      open={open}
      onOpenChange={setOpen}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="First name" error={errors.first_name}>
          <Input autoComplete="off" {...form.register("first_name")} />
        </FormField>
        <FormField label="Last name" error={errors.last_name}>
          <Input autoComplete="off" {...form.register("last_name")} />
        </FormField>
      </div>
      <FormField label="Email" error={errors.email}>
        <Input type="email" autoComplete="off" {...form.register("email")} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Phone" error={errors.phone}>
          <Input type="tel" autoComplete="off" {...form.register("phone")} />
        </FormField>
        <FormField label="Job title" error={errors.job_title}>
          <Input autoComplete="off" {...form.register("job_title")} />
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Lifecycle" error={errors.lifecycle}>
          <Select {...form.register("lifecycle")}>
            <LifecycleOptions />
          </Select>
        </FormField>
        <FormField label="Tags" hint="Comma separated" error={errors.tags}>
          <Input autoComplete="off" {...form.register("tags")} />
        </FormField>
      </div>
    </CreateDialog>
  );
}

function BulkBar({ ids, clear }: { ids: string[]; clear: () => void }) {
  const bulk = useBulkContacts();
  const [tag, setTag] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const run = async (body: Parameters<typeof bulk.mutateAsync>[0], what: string) => {
    try {
      const r = await bulk.mutateAsync(body);
      toast.success(`${what}: ${r.affected} contact${r.affected === 1 ? "" : "s"}`);
      clear();
    } catch (e) {
      reportError(e, undefined, `Could not ${what.toLowerCase()}`);
      throw e;
    }
  };
  return (
    <div
      className="mb-3 flex flex-wrap items-center gap-2 rounded-lg border bg-muted/50 p-2 text-sm"
      role="region"
      aria-label="Bulk actions"
    >
      <span className="px-2 font-medium">{ids.length} selected</span>
      <Input
        aria-label="Tag"
        placeholder="tag"
        className="h-8 w-32"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
      />
      <Button
        size="sm"
        variant="outline"
        disabled={!tag.trim()}
        onClick={() => run({ ids, action: "tag", tags: [tag.trim()] }, "Tagged").catch(() => {})}
      >
        <Tag className="h-3.5 w-3.5" /> Add tag
      </Button>
      <Button
        size="sm"
        variant="outline"
        disabled={!tag.trim()}
        onClick={() =>
          run({ ids, action: "untag", tags: [tag.trim()] }, "Untagged").catch(() => {})
        }
      >
        Remove tag
      </Button>
      <MemberSelect label="Owner" className="h-8" value={owner} onChange={setOwner} />
      <Button
        size="sm"
        variant="outline"
        onClick={() => run({ ids, action: "assign", owner_id: owner }, "Assigned").catch(() => {})}
      >
        <UserCheck className="h-3.5 w-3.5" /> Assign
      </Button>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="destructive">
            <Trash2 className="h-3.5 w-3.5" /> Delete
          </Button>
        }
        title={`Delete ${ids.length} contact${ids.length === 1 ? "" : "s"}?`}
        description="Their notes and activities are deleted too. This cannot be undone."
        confirmLabel="Delete contacts"
        onConfirm={() => run({ ids, action: "delete" }, "Deleted")}
      />
      <Button size="sm" variant="ghost" onClick={clear}>
        Clear selection
      </Button>
    </div>
  );
}

async function exportCsv(path: string) {
  const res = await apiFetch(path);
  if (res.status === 404 || res.status === 405) {
    toast.error(
      "CSV export is not available yet",
      "This Syntera server does not offer contact export yet; it arrives with a server update.",
    );
    return;
  }
  if (!res.ok) throw await toApiError(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `contacts-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function Contacts() {
  const canEdit = useCanEdit();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [lifecycle, setLifecycle] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [sort, setSort] = useState("-created_at");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const q = useDebounced(search.trim(), 250);
  const dtag = useDebounced(tag.trim(), 250);
  const filters = qs({ q, tag: dtag, lifecycle, owner_id: owner, sort });
  const { list, rows } = usePagedList<Contact>("contacts", `/contacts${filters}`);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const filtered = Boolean(q || dtag || lifecycle || owner);

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone you talk to: search, filter, tag and import."
        actions={
          <>
            <Button
              variant="outline"
              loading={exporting}
              onClick={async () => {
                setExporting(true);
                try {
                  await exportCsv(`/contacts/export.csv${filters}`);
                } catch (e) {
                  reportError(e, undefined, "Could not export");
                } finally {
                  setExporting(false);
                }
              }}
            >
              <Download className="h-4 w-4" /> Export CSV
            </Button>
            {canEdit && (
              <>
                <Button variant="outline" onClick={() => setImportOpen(true)}>
                  Import CSV
                </Button>
                <CreateContactDialog />
              </>
            )}
          </>
        }
      />
      {importOpen && (
        <Suspense fallback={null}>
          <ImportDialog open={importOpen} onOpenChange={setImportOpen} />
        </Suspense>
      )}
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <SearchBox
          className="min-w-56 flex-1"
          label="Search contacts"
          placeholder="Search names, emails, phones, companies…"
          value={search}
          onChange={setSearch}
        />
        <Input
          aria-label="Filter by tag"
          placeholder="Tag"
          className="w-32"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <Select
          aria-label="Filter by lifecycle"
          value={lifecycle}
          onChange={(e) => setLifecycle(e.target.value)}
        >
          <option value="">Any lifecycle</option>
          <LifecycleOptions />
        </Select>
        <MemberSelect
          label="Filter by owner"
          value={owner}
          onChange={setOwner}
          noneLabel="Any owner"
        />
        <Select aria-label="Sort" value={sort} onChange={(e) => setSort(e.target.value)}>
          <option value="-created_at">Newest first</option>
          <option value="created_at">Oldest first</option>
          <option value="-updated_at">Recently updated</option>
          <option value="name">Name</option>
        </Select>
      </div>
      {canEdit && selected.size > 0 && (
        <BulkBar ids={[...selected]} clear={() => setSelected(new Set())} />
      )}
      <PagedListView
        list={list}
        count={rows.length}
        skeletonRows={6}
        empty={
          <EmptyState icon={Users} title={filtered ? "No contacts match" : "No contacts yet"}>
            {filtered
              ? "Try another search or clear the filters."
              : "Create your first contact or import a CSV file."}
          </EmptyState>
        }
      >
        <Table aria-label="Contacts">
          <THead>
            <TR>
              {canEdit && (
                <TH className="w-8">
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={allSelected}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))
                    }
                  />
                </TH>
              )}
              <TH>Name</TH>
              <TH className="hidden md:table-cell">Email</TH>
              <TH>Lifecycle</TH>
              <TH className="hidden lg:table-cell">Tags</TH>
              <TH className="hidden lg:table-cell">Owner</TH>
              <TH className="hidden sm:table-cell">Created</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((c) => (
              <TR key={c.id} data-testid="contact-row">
                {canEdit && (
                  <TD>
                    <input
                      type="checkbox"
                      aria-label={`Select ${contactName(c)}`}
                      checked={selected.has(c.id)}
                      onChange={() => toggle(c.id)}
                    />
                  </TD>
                )}
                <TD>
                  <Link to={`/contacts/${c.id}`} className="font-medium hover:underline">
                    {contactName(c)}
                  </Link>
                  {c.job_title && (
                    <div className="text-xs text-muted-foreground">{c.job_title}</div>
                  )}
                </TD>
                <TD className="hidden text-muted-foreground md:table-cell">{c.email ?? "—"}</TD>
                <TD>
                  <Badge variant="secondary" className="capitalize">
                    {c.lifecycle}
                  </Badge>
                </TD>
                <TD className="hidden lg:table-cell">
                  <div className="flex flex-wrap gap-1">
                    {c.tags.map((t) => (
                      <Badge key={t}>{t}</Badge>
                    ))}
                  </div>
                </TD>
                <TD className="hidden lg:table-cell">
                  <MemberName id={c.owner_id} />
                </TD>
                <TD className="hidden text-muted-foreground sm:table-cell">
                  {formatDate(c.created_at)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </PagedListView>
    </>
  );
}
