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
  InlineField,
  MemberName,
  NotFoundCard,
  RelatedTasks,
  Timeline,
  useCanEdit,
} from "./shared";

export default function DealPage() {
  const { id = "" } = useParams();
  const canEdit = useCanEdit();
  const navigate = useNavigate();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const update = useUpdateDeal(id);
  const del = useDeleteDeal();
  const invalidate = useCrmInvalidate();

  if (deal.isPending)
    return (
      <>
        <PageHeader title="Deal" />
        <Skeleton className="h-64 w-full" />
      </>
    );
  if (deal.isError)
    return (
      <>
        <PageHeader title="Deal" />
        {deal.error instanceof ApiError && deal.error.status < 500 ? (
          <NotFoundCard what="deal" />
        ) : (
          <p role="alert" className="text-sm text-destructive">
            {deal.error.message}
          </p>
        )}
      </>
    );
  const d = deal.data;
  const pipeline = pipelines.data?.find((p) => p.id === d.pipeline_id);
  const stageName = (sid: string | null) =>
    sid ? (pipeline?.stages.find((s) => s.id === sid)?.name ?? "a removed stage") : "—";
  const save = (body: Parameters<typeof update.mutateAsync>[0]) => update.mutateAsync(body);

  return (
    <>
      <Link
        to={`/deals?pipeline=${d.pipeline_id}`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="h-4 w-4" /> Deals
      </Link>
      <PageHeader
        title={d.title}
        description={
          <span className="flex items-center gap-2">
            {formatMoney(d.value, d.currency)} · {stageName(d.stage_id)}
            <Badge
              variant={
                d.status === "won" ? "success" : d.status === "lost" ? "destructive" : "default"
              }
            >
              {d.status}
            </Badge>
          </span>
        }
        actions={
          canEdit && (
            <ConfirmDialog
              trigger={
                <Button variant="outline" className="text-destructive">
                  <Trash2 className="h-4 w-4" /> Delete
                </Button>
              }
              title={`Delete ${d.title}?`}
              description="The deal and its history are deleted. This cannot be undone."
              confirmLabel="Delete deal"
              onConfirm={async () => {
                try {
                  await del.mutateAsync(d.id);
                  toast.success("Deal deleted");
                  navigate("/deals");
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
                  label="Title"
                  value={d.title}
                  editable={canEdit}
                  onSave={(v) => save({ title: v })}
                />
                <InlineField
                  label="Value"
                  value={String(d.value / 100)}
                  display={formatMoney(d.value, d.currency)}
                  type="number"
                  editable={canEdit}
                  onSave={(v) => save({ value: Math.round(Number(v) * 100) })}
                />
                <InlineField
                  label="Currency"
                  value={d.currency}
                  editable={canEdit}
                  onSave={(v) => save({ currency: v.toUpperCase() })}
                />
                <div className="grid gap-1">
                  <dt className="text-xs font-medium text-muted-foreground">Stage</dt>
                  <dd>
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
                  </dd>
                </div>
                <InlineField
                  label="Probability (%)"
                  type="number"
                  value={String(d.probability)}
                  editable={canEdit}
                  onSave={(v) => save({ probability: Number(v) })}
                />
                <InlineField
                  label="Expected close date"
                  type="date"
                  value={d.expected_close_date ?? ""}
                  editable={canEdit}
                  onSave={(v) => save({ expected_close_date: v || null })}
                />
                <div className="grid gap-1">
                  <dt className="text-xs font-medium text-muted-foreground">Owner</dt>
                  <dd className="text-sm">
                    <MemberName id={d.owner_id} />
                  </dd>
                </div>
                {d.contact_id && (
                  <div className="grid gap-1">
                    <dt className="text-xs font-medium text-muted-foreground">Contact</dt>
                    <dd>
                      <Link className="text-sm hover:underline" to={`/contacts/${d.contact_id}`}>
                        Open contact
                      </Link>
                    </dd>
                  </div>
                )}
                {d.company_id && (
                  <div className="grid gap-1">
                    <dt className="text-xs font-medium text-muted-foreground">Company</dt>
                    <dd>
                      <Link className="text-sm hover:underline" to={`/companies/${d.company_id}`}>
                        Open company
                      </Link>
                    </dd>
                  </div>
                )}
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Stage history</CardTitle>
            </CardHeader>
            <CardContent>
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
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Tasks</CardTitle>
            </CardHeader>
            <CardContent>
              <RelatedTasks filter={`deal_id=${encodeURIComponent(id)}`} canEdit={canEdit} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Activity</CardTitle>
          </CardHeader>
          <CardContent>
            <Timeline kind="deals" id={id} canNote={false} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
