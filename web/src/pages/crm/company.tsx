import { ArrowLeft, Trash2 } from "lucide-react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api";
import { useCompany, useCrmList, useDeleteCompany, useUpdateCompany } from "@/lib/crm";
import { contactName, type Contact, type Deal } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { DealList, InlineField, NotFoundCard, RelatedTasks, Timeline, useCanEdit } from "./shared";

export default function CompanyPage() {
  const { id = "" } = useParams();
  const canEdit = useCanEdit();
  const navigate = useNavigate();
  const company = useCompany(id);
  const update = useUpdateCompany(id);
  const del = useDeleteCompany();
  const enc = encodeURIComponent(id);
  const contacts = useCrmList<Contact>(
    ["contacts"],
    `/companies/${enc}/contacts?limit=100`,
    company.isSuccess,
  );
  const deals = useCrmList<Deal>(["deals"], `/companies/${enc}/deals?limit=100`, company.isSuccess);

  if (company.isPending)
    return (
      <>
        <PageHeader title="Company" />
        <Skeleton className="h-64 w-full" />
      </>
    );
  if (company.isError)
    return (
      <>
        <PageHeader title="Company" />
        {company.error instanceof ApiError && company.error.status < 500 ? (
          <NotFoundCard what="company" />
        ) : (
          <p role="alert" className="text-sm text-destructive">
            {company.error.message}
          </p>
        )}
      </>
    );
  const c = company.data;
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);
  return (
    <>
      <Link
        to="/companies"
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="h-4 w-4" /> Companies
      </Link>
      <PageHeader
        title={c.name}
        description={c.domain ?? undefined}
        actions={
          canEdit && (
            <ConfirmDialog
              trigger={
                <Button variant="outline" className="text-destructive">
                  <Trash2 className="h-4 w-4" /> Delete
                </Button>
              }
              title={`Delete ${c.name}?`}
              description="Contacts and deals stay, without the company link."
              confirmLabel="Delete company"
              onConfirm={async () => {
                try {
                  await del.mutateAsync(c.id);
                  toast.success("Company deleted");
                  navigate("/companies");
                } catch (e) {
                  reportError(e, undefined, "Could not delete");
                  throw e;
                }
              }}
            />
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3">
                <InlineField
                  label="Name"
                  value={c.name}
                  editable={canEdit}
                  onSave={(v) => save({ name: v })}
                />
                <InlineField
                  label="Domain"
                  value={c.domain ?? ""}
                  editable={canEdit}
                  onSave={(v) => save({ domain: v || null })}
                />
                <InlineField
                  label="Industry"
                  value={c.industry}
                  editable={canEdit}
                  onSave={(v) => save({ industry: v })}
                />
                <InlineField
                  label="Size"
                  value={c.size}
                  editable={canEdit}
                  onSave={(v) => save({ size: v })}
                />
                <InlineField
                  label="Website"
                  value={c.website}
                  editable={canEdit}
                  onSave={(v) => save({ website: v })}
                />
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>People</CardTitle>
            </CardHeader>
            <CardContent>
              {contacts.data?.data.length ? (
                <ul className="grid gap-2">
                  {contacts.data.data.map((p) => (
                    <li key={p.id} className="text-sm">
                      <Link to={`/contacts/${p.id}`} className="font-medium hover:underline">
                        {contactName(p)}
                      </Link>
                      {p.job_title && (
                        <span className="text-muted-foreground"> · {p.job_title}</span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">No contacts.</p>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Deals</CardTitle>
            </CardHeader>
            <CardContent>
              {deals.data ? <DealList deals={deals.data.data} /> : <Skeleton className="h-8" />}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Tasks</CardTitle>
            </CardHeader>
            <CardContent>
              <RelatedTasks filter={`company_id=${enc}`} canEdit={canEdit} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            <Timeline kind="companies" id={id} canNote={false} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
