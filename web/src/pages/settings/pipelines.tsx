import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api";
import { useDeletePipeline, usePipelines, useSavePipeline, type StageInput } from "@/lib/crm";
import type { Pipeline } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";

function PipelineEditor({ pipeline, onDone }: { pipeline?: Pipeline; onDone?: () => void }) {
  const save = useSavePipeline();
  const del = useDeletePipeline();
  const [name, setName] = useState(pipeline?.name ?? "");
  const [stages, setStages] = useState<StageInput[]>(
    pipeline?.stages.map((s) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      kind: s.kind,
    })) ?? [
      { name: "New", probability: 10, kind: "open" },
      { name: "Won", probability: 100, kind: "won" },
      { name: "Lost", probability: 0, kind: "lost" },
    ],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (i: number, patch: Partial<StageInput>) =>
    setStages((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const swap = (i: number, j: number) =>
    setStages((s) => {
      const n = [...s];
      [n[i], n[j]] = [n[j], n[i]];
      return n;
    });
  const label = pipeline ? pipeline.name : "new pipeline";
  return (
    <div className="grid gap-3" data-testid="pipeline-editor">
      <div className="grid gap-1.5">
        <label className="text-sm font-medium" htmlFor={`pl-${pipeline?.id ?? "new"}`}>
          Pipeline name
        </label>
        <Input
          id={`pl-${pipeline?.id ?? "new"}`}
          value={name}
          aria-invalid={errors.name ? true : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name && <p className="text-xs text-destructive">{errors.name}</p>}
      </div>
      <ol className="grid gap-2" aria-label={`Stages of ${label}`}>
        {stages.map((s, i) => (
          <li key={s.id ?? `new-${i}`} className="flex flex-wrap items-center gap-2">
            <Input
              aria-label={`Stage ${i + 1} name`}
              className="w-44 flex-1"
              value={s.name}
              aria-invalid={errors[`stages.${i}.name`] ? true : undefined}
              onChange={(e) => set(i, { name: e.target.value })}
            />
            <Input
              aria-label={`Stage ${i + 1} probability`}
              type="number"
              min={0}
              max={100}
              className="w-20"
              value={s.probability}
              onChange={(e) => set(i, { probability: Number(e.target.value) })}
            />
            <Select
              aria-label={`Stage ${i + 1} kind`}
              value={s.kind}
              onChange={(e) => set(i, { kind: e.target.value })}
            >
              <option value="open">open</option>
              <option value="won">won</option>
              <option value="lost">lost</option>
            </Select>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Move stage ${i + 1} up`}
              disabled={i === 0}
              onClick={() => swap(i, i - 1)}
            >
              <ArrowUp className="h-4 w-4" />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Move stage ${i + 1} down`}
              disabled={i === stages.length - 1}
              onClick={() => swap(i, i + 1)}
            >
              <ArrowDown className="h-4 w-4" />
            </Button>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove stage ${i + 1}`}
              disabled={stages.length <= 1}
              onClick={() => setStages((x) => x.filter((_, j) => j !== i))}
            >
              <Trash2 className="h-4 w-4" />
            </Button>
            {errors[`stages.${i}.name`] && (
              <p className="w-full text-xs text-destructive">{errors[`stages.${i}.name`]}</p>
            )}
          </li>
        ))}
      </ol>
      {errors.stages && <p className="text-xs text-destructive">{errors.stages}</p>}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="outline"
          size="sm"
          onClick={() => setStages((s) => [...s, { name: "", probability: 50, kind: "open" }])}
        >
          <Plus className="h-4 w-4" /> Add stage
        </Button>
        <Button
          size="sm"
          loading={save.isPending}
          onClick={async () => {
            setErrors({});
            try {
              await save.mutateAsync({ id: pipeline?.id, name, stages });
              toast.success(pipeline ? "Pipeline saved" : "Pipeline created", name);
              onDone?.();
            } catch (e) {
              if (e instanceof ApiError && e.fields.length)
                setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
              reportError(e, undefined, "Could not save the pipeline");
            }
          }}
        >
          {pipeline ? "Save pipeline" : "Create pipeline"}
        </Button>
        {pipeline && !pipeline.is_default && (
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="sm" className="text-destructive">
                Delete pipeline
              </Button>
            }
            title={`Delete ${pipeline.name}?`}
            description="Only a pipeline without deals can be deleted."
            confirmLabel="Delete pipeline"
            onConfirm={async () => {
              try {
                await del.mutateAsync(pipeline.id);
                toast.success("Pipeline deleted");
              } catch (e) {
                reportError(e, undefined, "Could not delete the pipeline");
                throw e;
              }
            }}
          />
        )}
      </div>
    </div>
  );
}

export default function PipelinesSettings() {
  const pipelines = usePipelines();
  const [adding, setAdding] = useState(false);
  return (
    <div className="grid gap-6">
      {pipelines.isPending ? (
        <TableSkeleton />
      ) : pipelines.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {pipelines.error.message}
        </p>
      ) : (
        pipelines.data.map((p) => (
          <Card key={p.id}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                {p.name} {p.is_default && <Badge variant="secondary">default</Badge>}
              </CardTitle>
              <CardDescription>
                Stages in board order. Entering a won or lost stage closes a deal.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <PipelineEditor key={p.id + p.stages.map((s) => s.id).join()} pipeline={p} />
            </CardContent>
          </Card>
        ))
      )}
      <Card>
        <CardHeader>
          <CardTitle>New pipeline</CardTitle>
          <CardDescription>
            For a different sales process, e.g. renewals or partnerships.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {adding ? (
            <PipelineEditor onDone={() => setAdding(false)} />
          ) : (
            <Button variant="outline" onClick={() => setAdding(true)}>
              <Plus className="h-4 w-4" /> Add pipeline
            </Button>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
