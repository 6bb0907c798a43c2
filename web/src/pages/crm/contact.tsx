import { ArrowLeft, Trash2 } from "lucide-react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api";
import {
  useCompany,
  useContact,
  useCrmList,
  useCustomFields,
  useDeleteContact,
  useUpdateContact,
} from "@/lib/crm";
import { contactName, LIFECYCLES, type Deal } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import {
  DealList,
  InlineField,
  MemberSelect,
  NotFoundCard,
  RelatedTasks,
  Timeline,
  useCanEdit,
} from "./shared";

function CompanyLink({ id }: { id: string }) {
  const c = useCompany(id);
  return (
    <Link to={`/companies/${id}`} className="text-sm hover:underline">
      {c.data?.name ?? "…"}
    </Link>
  );
}

export default function ContactPage() {
  const { id = "" } = useParams();
  const canEdit = useCanEdit();
  const navigate = useNavigate();
  const contact = useContact(id);
  const update = useUpdateContact(id);
  const del = useDeleteContact();
  const fields = useCustomFields();
  const deals = useCrmList<Deal>(
    ["deals"],
    `/deals?contact_id=${encodeURIComponent(id)}&limit=100`,
  );

  if (contact.isPending)
    return (
      <>
        <PageHeader title="Contact" />
        <Skeleton className="h-64 w-full" />
      </>
    );
  if (contact.isError)
    return (
      <>
        <PageHeader title="Contact" />
        {contact.error instanceof ApiError && contact.error.status < 500 ? (
          <NotFoundCard what="contact" />
        ) : (
          <p role="alert" className="text-sm text-destructive">
            {contact.error.message}
          </p>
        )}
      </>
    );
  const c = contact.data;
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);

  return (
    <>
      <Link
        to="/contacts"
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="h-4 w-4" /> Contacts
      </Link>
      <PageHeader
        title={contactName(c)}
        description={c.job_title || undefined}
        actions={
          canEdit && (
            <ConfirmDialog
              trigger={
                <Button variant="outline" className="text-destructive">
                  <Trash2 className="h-4 w-4" /> Delete
                </Button>
              }
              title={`Delete ${contactName(c)}?`}
              description="The contact and their timeline are deleted. This cannot be undone."
              confirmLabel="Delete contact"
              onConfirm={async () => {
                try {
                  await del.mutateAsync(c.id);
                  toast.success("Contact deleted");
                  navigate("/contacts");
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
                  label="First name"
                  value={c.first_name}
                  editable={canEdit}
                  onSave={(v) => save({ first_name: v })}
                />
                <InlineField
                  label="Last name"
                  value={c.last_name}
                  editable={canEdit}
                  onSave={(v) => save({ last_name: v })}
                />
                <InlineField
                  label="Email"
                  type="email"
                  value={c.email ?? ""}
                  editable={canEdit}
                  onSave={(v) => save({ email: v })}
                />
                <InlineField
                  label="Phone"
                  type="tel"
                  value={c.phone ?? ""}
                  editable={canEdit}
                  onSave={(v) => save({ phone: v })}
                />
                <InlineField
                  label="Job title"
                  value={c.job_title}
                  editable={canEdit}
                  onSave={(v) => save({ job_title: v })}
                />
                <InlineField
                  label="Tags"
                  value={c.tags.join(", ")}
                  editable={canEdit}
                  display={
                    c.tags.length ? (
                      <span className="flex flex-wrap gap-1">
                        {c.tags.map((t) => (
                          <Badge key={t}>{t}</Badge>
                        ))}
                      </span>
                    ) : undefined
                  }
                  onSave={(v) =>
                    save({
                      tags: v
                        .split(",")
                        .map((t) => t.trim())
                        .filter(Boolean),
                    })
                  }
                />
                <div className="grid gap-1">
                  <dt className="text-xs font-medium text-muted-foreground">Lifecycle</dt>
                  <dd>
                    {canEdit ? (
                      <Select
                        aria-label="Lifecycle"
                        value={c.lifecycle}
                        onChange={(e) =>
                          save({ lifecycle: e.target.value as (typeof LIFECYCLES)[number] }).catch(
                            (err) => reportError(err, undefined, "Could not save"),
                          )
                        }
                      >
                        {LIFECYCLES.map((l) => (
                          <option key={l} value={l}>
                            {l}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge variant="secondary" className="capitalize">
                        {c.lifecycle}
                      </Badge>
                    )}
                  </dd>
                </div>
                <div className="grid gap-1">
                  <dt className="text-xs font-medium text-muted-foreground">Owner</dt>
                  <dd>
                    {canEdit ? (
                      <MemberSelect
                        label="Owner"
                        value={c.owner_id}
                        onChange={(v) =>
                          save({ owner_id: v }).catch((err) =>
                            reportError(err, undefined, "Could not save"),
                          )
                        }
                      />
                    ) : (
                      <span className="text-sm">{c.owner_id ? "Assigned" : "Unassigned"}</span>
                    )}
                  </dd>
                </div>
                {c.company_id && (
                  <div className="grid gap-1">
                    <dt className="text-xs font-medium text-muted-foreground">Company</dt>
                    <dd>
                      <CompanyLink id={c.company_id} />
                    </dd>
                  </div>
                )}
                {fields.data?.map((f) => (
                  <InlineField
                    key={f.id}
                    label={f.label}
                    type={f.type === "number" ? "number" : f.type === "date" ? "date" : "text"}
                    value={
                      c.custom_fields[f.key] === undefined ? "" : String(c.custom_fields[f.key])
                    }
                    editable={canEdit}
                    onSave={(v) =>
                      save({
                        custom_fields: {
                          [f.key]:
                            v === ""
                              ? (null as unknown as string)
                              : f.type === "number"
                                ? Number(v)
                                : f.type === "boolean"
                                  ? v === "true"
                                  : v,
                        },
                      })
                    }
                  />
                ))}
              </dl>
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
              <RelatedTasks filter={`contact_id=${encodeURIComponent(id)}`} canEdit={canEdit} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            <Timeline kind="contacts" id={id} canNote={canEdit} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
