import { Link, useParams } from "react-router-dom";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
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
  BackLink,
  DeleteRecord,
  DetailsPanel,
  Fields,
  Panel,
  RecordFallback,
  RecordLayout,
} from "./record";
import {
  DealList,
  DetailItem,
  InlineField,
  LifecycleOptions,
  MemberSelect,
  parseTags,
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
  const contact = useContact(id);
  const update = useUpdateContact(id);
  const del = useDeleteContact();
  const fields = useCustomFields();
  const deals = useCrmList<Deal>(
    ["deals"],
    `/deals?contact_id=${encodeURIComponent(id)}&limit=100`,
  );

  if (!contact.isSuccess) return <RecordFallback title="Contact" what="contact" query={contact} />;
  const c = contact.data;
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);
  const saveOrReport = (body: Parameters<typeof save>[0]) =>
    save(body).catch((err) => reportError(err, undefined, "Could not save"));

  return (
    <>
      <BackLink to="/contacts">Contacts</BackLink>
      <PageHeader
        title={contactName(c)}
        description={c.job_title || undefined}
        actions={
          canEdit && (
            <DeleteRecord
              noun="contact"
              title={`Delete ${contactName(c)}?`}
              description="The contact and their timeline are deleted. This cannot be undone."
              then="/contacts"
              onDelete={() => del.mutateAsync(c.id)}
            />
          )
        }
      />
      <RecordLayout
        main={
          <Panel title="Timeline">
            <Timeline kind="contacts" id={id} canNote={canEdit} />
          </Panel>
        }
      >
        <DetailsPanel>
          <Fields
            editable={canEdit}
            fields={[
              { label: "First name", value: c.first_name, save: (v) => save({ first_name: v }) },
              { label: "Last name", value: c.last_name, save: (v) => save({ last_name: v }) },
              {
                label: "Email",
                type: "email",
                value: c.email ?? "",
                save: (v) => save({ email: v }),
              },
              {
                label: "Phone",
                type: "tel",
                value: c.phone ?? "",
                save: (v) => save({ phone: v }),
              },
              { label: "Job title", value: c.job_title, save: (v) => save({ job_title: v }) },
              {
                label: "Tags",
                value: c.tags.join(", "),
                display: c.tags.length ? (
                  <span className="flex flex-wrap gap-1">
                    {c.tags.map((t) => (
                      <Badge key={t}>{t}</Badge>
                    ))}
                  </span>
                ) : undefined,
                save: (v) => save({ tags: parseTags(v) }),
              },
            ]}
          />
          <DetailItem label="Lifecycle">
            {canEdit ? (
              <Select
                aria-label="Lifecycle"
                value={c.lifecycle}
                onChange={(e) =>
                  saveOrReport({ lifecycle: e.target.value as (typeof LIFECYCLES)[number] })
                }
              >
                <LifecycleOptions />
              </Select>
            ) : (
              <Badge variant="secondary" className="capitalize">
                {c.lifecycle}
              </Badge>
            )}
          </DetailItem>
          <DetailItem label="Owner">
            {canEdit ? (
              <MemberSelect
                label="Owner"
                value={c.owner_id}
                onChange={(v) => saveOrReport({ owner_id: v })}
              />
            ) : (
              <span className="text-sm">{c.owner_id ? "Assigned" : "Unassigned"}</span>
            )}
          </DetailItem>
          {c.company_id && (
            <DetailItem label="Company">
              <CompanyLink id={c.company_id} />
            </DetailItem>
          )}
          {fields.data?.map((f) => (
            <InlineField
              key={f.id}
              label={f.label}
              type={f.type === "number" ? "number" : f.type === "date" ? "date" : "text"}
              value={c.custom_fields[f.key] === undefined ? "" : String(c.custom_fields[f.key])}
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
        </DetailsPanel>
        <Panel title="Deals">
          {deals.data ? <DealList deals={deals.data.data} /> : <Skeleton className="h-8" />}
        </Panel>
        <Panel title="Tasks">
          <RelatedTasks filter={`contact_id=${encodeURIComponent(id)}`} canEdit={canEdit} />
        </Panel>
      </RecordLayout>
    </>
  );
}
