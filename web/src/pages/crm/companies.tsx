import { zodResolver } from "@hookform/resolvers/zod";
import { Building2 } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { z } from "zod";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { qs, useCreateCompany } from "@/lib/crm";
import type { Company } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { formatDate } from "@/lib/utils";
import { CreateDialog } from "./create-dialog";
import { PagedListView, SearchBox, usePagedList } from "./list";
import { useCanEdit, useDebounced } from "./shared";

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(200),
  domain: z.string().trim().max(253),
  industry: z.string().trim().max(200),
  size: z.string().trim().max(50),
  website: z.string().trim().max(1000),
});

function CreateCompanyDialog() {
  const [open, setOpen] = useState(false);
  const create = useCreateCompany();
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", domain: "", industry: "", size: "", website: "" },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({ ...v, domain: v.domain || null });
      toast.success("Company created", v.name);
      form.reset();
      setOpen(false);
    } catch (e) {
      reportError(e, form.setError, "Could not create the company");
    }
  });
  return (
    <CreateDialog
      noun="company"
      open={open}
      onOpenChange={setOpen}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
    >
      <FormField label="Name" error={errors.name}>
        <Input autoComplete="off" {...form.register("name")} />
      </FormField>
      <FormField
        label="Domain"
        hint="example.com — unique in your organization"
        error={errors.domain}
      >
        <Input autoComplete="off" {...form.register("domain")} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Industry" error={errors.industry}>
          <Input autoComplete="off" {...form.register("industry")} />
        </FormField>
        <FormField label="Size" error={errors.size}>
          <Input autoComplete="off" placeholder="11-50" {...form.register("size")} />
        </FormField>
      </div>
      <FormField label="Website" error={errors.website}>
        <Input autoComplete="off" {...form.register("website")} />
      </FormField>
    </CreateDialog>
  );
}

export default function Companies() {
  const canEdit = useCanEdit();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const { list, rows } = usePagedList<Company>("companies", `/companies${qs({ q })}`);
  return (
    <>
      <PageHeader
        title="Companies"
        description="The organizations your contacts work for."
        actions={canEdit && <CreateCompanyDialog />}
      />
      <SearchBox
        className="mb-4 max-w-md"
        label="Search companies"
        placeholder="Search companies…"
        value={search}
        onChange={setSearch}
      />
      <PagedListView
        list={list}
        count={rows.length}
        skeletonRows={5}
        empty={
          <EmptyState icon={Building2} title={q ? "No companies match" : "No companies yet"}>
            {q ? "Try another search." : "Add the companies your contacts belong to."}
          </EmptyState>
        }
      >
        <Table aria-label="Companies">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH className="hidden sm:table-cell">Domain</TH>
              <TH className="hidden md:table-cell">Industry</TH>
              <TH className="hidden md:table-cell">Size</TH>
              <TH className="hidden lg:table-cell">Created</TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((c) => (
              <TR key={c.id} data-testid="company-row">
                <TD>
                  <Link to={`/companies/${c.id}`} className="font-medium hover:underline">
                    {c.name}
                  </Link>
                </TD>
                <TD className="hidden text-muted-foreground sm:table-cell">{c.domain ?? "—"}</TD>
                <TD className="hidden md:table-cell">{c.industry || "—"}</TD>
                <TD className="hidden md:table-cell">{c.size || "—"}</TD>
                <TD className="hidden text-muted-foreground lg:table-cell">
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
