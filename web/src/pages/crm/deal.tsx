import { Link, useParams } from "react-router-dom";
import { PageHeader } from "@/components/page-header";
import { Select } from "@/components/ui/input";
import {
  moveDeal,
  useCrmInvalidate,
  useDeal,
  useDeleteDeal,
  usePipelines,
  useUpdateDeal,
} from "@/lib/crm";
import { formatMoney } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { formatDate } from "@/lib/utils";
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
  DealStatusBadge,
  DetailItem,
  MemberName,
  RelatedTasks,
  Timeline,
  useCanEdit,
} from "./shared";

export default function DealPage() {
  const { id = "" } = useParams();
  const canEdit = useCanEdit();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const update = useUpdateDeal(id);
  const del = useDeleteDeal();
  const invalidate = useCrmInvalidate();

  if (!deal.isSuccess) return <RecordFallback title="Deal" what="deal" query={deal} />;
  const d = deal.data;
  const pipeline = pipelines.data?.find((p) => p.id === d.pipeline_id);
  const stageName = (sid: string | null) =>
    sid ? (pipeline?.stages.find((s) => s.id === sid)?.name ?? "a removed stage") : "—";
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);

  return (
    <>
      <BackLink to={`/deals?pipeline=${d.pipeline_id}`}>Deals</BackLink>
      <PageHeader
        title={d.title}
        description={
          <span className="flex items-center gap-2">
            {formatMoney(d.value, d.currency)} · {stageName(d.stage_id)}
            <DealStatusBadge status={d.status} />
          </span>
        }
        actions={
          canEdit && (
            <DeleteRecord
              noun="deal"
              title={`Delete ${d.title}?`}
              description="The deal and its history are deleted. This cannot be undone."
              then="/deals"
              onDelete={() => del.mutateAsync(d.id)}
            />
          )
        }
      />
      <RecordLayout
        main={
          <Panel title="Activity">
            <Timeline kind="deals" id={id} canNote={false} />
          </Panel>
        }
      >
        <DetailsPanel>
          <Fields
            editable={canEdit}
            fields={[
              { label: "Title", value: d.title, save: (v) => save({ title: v }) },
              {
                label: "Value",
                value: String(d.value / 100),
                display: formatMoney(d.value, d.currency),
                type: "number",
                save: (v) => save({ value: Math.round(Number(v) * 100) }),
              },
              {
                label: "Currency",
                value: d.currency,
                save: (v) => save({ currency: v.toUpperCase() }),
              },
            ]}
          />
          <DetailItem label="Stage">
            {canEdit && pipeline ? (
              <Select
                aria-label="Stage"
                value={d.stage_id}
                onChange={async (e) => {
                  try {
                    await moveDeal(d.id, e.target.value);
                    await invalidate();
                  } catch (err) {
                    reportError(err, undefined, "Could not move the deal");
                  }
                }}
              >
                {pipeline.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </Select>
            ) : (
              <span className="text-sm">{stageName(d.stage_id)}</span>
            )}
          </DetailItem>
          <Fields
            editable={canEdit}
            fields={[
              {
                label: "Probability (%)",
                type: "number",
                value: String(d.probability),
                save: (v) => save({ probability: Number(v) }),
              },
              {
                label: "Expected close date",
                type: "date",
                value: d.expected_close_date ?? "",
                save: (v) => save({ expected_close_date: v || null }),
              },
            ]}
          />
          <DetailItem label="Owner" className="text-sm">
            <MemberName id={d.owner_id} />
          </DetailItem>
          {d.contact_id && (
            <DetailItem label="Contact">
              <Link className="text-sm hover:underline" to={`/contacts/${d.contact_id}`}>
                Open contact
              </Link>
            </DetailItem>
          )}
          {d.company_id && (
            <DetailItem label="Company">
              <Link className="text-sm hover:underline" to={`/companies/${d.company_id}`}>
                Open company
              </Link>
            </DetailItem>
          )}
        </DetailsPanel>
        <Panel title="Stage history">
          <ol className="grid gap-2" aria-label="Stage history">
            {[...d.stage_history].reverse().map((h, i) => (
              <li key={i} className="text-sm" data-testid="stage-history">
                <span className="font-medium">
                  {h.from_stage_id ? `${stageName(h.from_stage_id)} → ` : "Created in "}
                  {stageName(h.to_stage_id)}
                </span>
                <div className="text-xs text-muted-foreground">
                  {formatDate(h.changed_at)}
                  {h.changed_by && (
                    <>
                      {" "}
                      · <MemberName id={h.changed_by} />
                    </>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </Panel>
        <Panel title="Tasks">
          <RelatedTasks filter={`deal_id=${encodeURIComponent(id)}`} canEdit={canEdit} />
        </Panel>
      </RecordLayout>
    </>
  );
}
