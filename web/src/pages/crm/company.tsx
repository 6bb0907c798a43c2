import { Link, useParams } from "react-router-dom";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useCompany, useCrmList, useDeleteCompany, useUpdateCompany } from "@/lib/crm";
import { contactName, type Contact, type Deal } from "@/lib/crm-types";
import {
  BackLink,
  DeleteRecord,
  DetailsPanel,
  Fields,
  Panel,
  RecordFallback,
  RecordLayout,
} from "./record";
import { DealList, RelatedTasks, Timeline, useCanEdit } from "./shared";

export default function CompanyPage() {
  const { id = "" } = useParams();
  const canEdit = useCanEdit();
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

  if (!company.isSuccess) return <RecordFallback title="Company" what="company" query={company} />;
  const c = company.data;
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);
  return (
    <>
      <BackLink to="/companies">Companies</BackLink>
      <PageHeader
        title={c.name}
        description={c.domain ?? undefined}
        actions={
          canEdit && (
            <DeleteRecord
              noun="company"
              title={`Delete ${c.name}?`}
              description="Contacts and deals stay, without the company link."
              then="/companies"
              onDelete={() => del.mutateAsync(c.id)}
            />
          )
        }
      />
      <RecordLayout
        main={
          <Panel title="Timeline">
            <Timeline kind="companies" id={id} canNote={false} />
          </Panel>
        }
      >
        <DetailsPanel>
          <Fields
            editable={canEdit}
            fields={[
              { label: "Name", value: c.name, save: (v) => save({ name: v }) },
              { label: "Domain", value: c.domain ?? "", save: (v) => save({ domain: v || null }) },
              { label: "Industry", value: c.industry, save: (v) => save({ industry: v }) },
              { label: "Size", value: c.size, save: (v) => save({ size: v }) },
              { label: "Website", value: c.website, save: (v) => save({ website: v }) },
            ]}
          />
        </DetailsPanel>
        <Panel title="People">
          {contacts.data?.data.length ? (
            <ul className="grid gap-2">
              {contacts.data.data.map((p) => (
                <li key={p.id} className="text-sm">
                  <Link to={`/contacts/${p.id}`} className="font-medium hover:underline">
                    {contactName(p)}
                  </Link>
                  {p.job_title && <span className="text-muted-foreground"> · {p.job_title}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">No contacts.</p>
          )}
        </Panel>
        <Panel title="Deals">
          {deals.data ? <DealList deals={deals.data.data} /> : <Skeleton className="h-8" />}
        </Panel>
        <Panel title="Tasks">
          <RelatedTasks filter={`company_id=${enc}`} canEdit={canEdit} />
        </Panel>
      </RecordLayout>
    </>
  );
}
