import { zodResolver } from "@hookform/resolvers/zod";
import { GripVertical, Handshake, MoreHorizontal } from "lucide-react";
import { Fragment, useEffect, useState, type DragEvent } from "react";
import { useForm } from "react-hook-form";
import { Link, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { moveDeal, useBoard, useCreateDeal, useCrmInvalidate, usePipelines } from "@/lib/crm";
import { formatMoney, type BoardColumn, type Deal, type Pipeline } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { cn } from "@/lib/utils";
import { CreateDialog } from "./create-dialog";
import { useCanEdit } from "./shared";

const dealSchema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(200),
  value: z.string().regex(/^\d*(\.\d{0,2})?$/, "Enter an amount like 1200 or 99.50"),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "Use a 3-letter code like USD"),
  stage: z.string().min(1, "Choose a stage"),
});

function CreateDealDialog({ pipeline }: { pipeline: Pipeline }) {
  const [open, setOpen] = useState(false);
  const create = useCreateDeal();
  const form = useForm<z.infer<typeof dealSchema>>({
    resolver: zodResolver(dealSchema),
    defaultValues: { title: "", value: "", currency: "USD", stage: pipeline.stages[0]?.id ?? "" },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({
        title: v.title,
        value: Math.round(Number(v.value || "0") * 100),
        currency: v.currency.toUpperCase(),
        pipeline_id: pipeline.id,
        stage: v.stage,
      });
      toast.success("Deal created", v.title);
      form.reset({ title: "", value: "", currency: v.currency, stage: v.stage });
      setOpen(false);
    } catch (e) {
      reportError(e, form.setError, "Could not create the deal");
    }
  });
  return (
    <CreateDialog
      noun="deal"
      description={`In the ${pipeline.name} pipeline.`}
      open={open}
      onOpenChange={setOpen}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
    >
      <FormField label="Title" error={errors.title}>
        <Input autoComplete="off" {...form.register("title")} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Value" error={errors.value}>
          <Input inputMode="decimal" autoComplete="off" {...form.register("value")} />
        </FormField>
        <FormField label="Currency" error={errors.currency}>
          <Input autoComplete="off" {...form.register("currency")} />
        </FormField>
      </div>
      <FormField label="Stage" error={errors.stage}>
        <Select {...form.register("stage")}>
          {pipeline.stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </FormField>
    </CreateDialog>
  );
}

/** Where a deal lands: `index` in the target stage's list (without the deal itself). */
interface Drop {
  stageId: string;
  index: number;
}

function DealCard({
  deal,
  columns,
  canEdit,
  onMove,
}: {
  deal: Deal;
  columns: BoardColumn[];
  canEdit: boolean;
  onMove: (deal: Deal, drop: Drop) => void;
}) {
  const col = columns.find((c) => c.stage.id === deal.stage_id);
  const idx = col?.deals.findIndex((d) => d.id === deal.id) ?? 0;
  return (
    <li
      draggable={canEdit}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/x-deal-id", deal.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      data-testid="deal-card"
      data-deal-id={deal.id}
      className={cn(
        "group rounded-lg border bg-card p-3 shadow-xs",
        canEdit && "cursor-grab active:cursor-grabbing",
      )}
    >
      <div className="flex items-start gap-1">
        {canEdit && (
          <GripVertical className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" aria-hidden />
        )}
        <Link to={`/deals/${deal.id}`} className="flex-1 text-sm font-medium hover:underline">
          {deal.title}
        </Link>
        {canEdit && (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button
                variant="ghost"
                size="icon"
                className="h-6 w-6"
                aria-label={`Move ${deal.title}`}
              >
                <MoreHorizontal className="h-4 w-4" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuLabel>Move to stage</DropdownMenuLabel>
              {columns.map((c) => (
                <DropdownMenuItem
                  key={c.stage.id}
                  disabled={c.stage.id === deal.stage_id}
                  onSelect={() =>
                    onMove(deal, {
                      stageId: c.stage.id,
                      index: c.deals.filter((d) => d.id !== deal.id).length,
                    })
                  }
                >
                  {c.stage.name}
                </DropdownMenuItem>
              ))}
              <DropdownMenuSeparator />
              <DropdownMenuItem
                disabled={idx <= 0}
                onSelect={() => onMove(deal, { stageId: deal.stage_id, index: idx - 1 })}
              >
                Move up
              </DropdownMenuItem>
              <DropdownMenuItem
                disabled={!col || idx >= col.deals.length - 1}
                onSelect={() => onMove(deal, { stageId: deal.stage_id, index: idx + 1 })}
              >
                Move down
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        )}
      </div>
      <div className="mt-1 flex items-center justify-between text-xs text-muted-foreground">
        <span>{formatMoney(deal.value, deal.currency)}</span>
        <span>{deal.probability}%</span>
      </div>
    </li>
  );
}

function Column({
  column,
  columns,
  canEdit,
  onMove,
  dragging,
}: {
  column: BoardColumn;
  columns: BoardColumn[];
  canEdit: boolean;
  onMove: (dealId: string, drop: Drop) => void;
  dragging: boolean;
}) {
  const [over, setOver] = useState<number | null>(null);
  const indexAt = (e: DragEvent<HTMLElement>) => {
    const cards = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-deal-id]")];
    const i = cards.findIndex((el) => {
      const r = el.getBoundingClientRect();
      return e.clientY < r.top + r.height / 2;
    });
    return i < 0 ? cards.length : i;
  };
  const kindVariant =
    column.stage.kind === "won"
      ? "success"
      : column.stage.kind === "lost"
        ? "destructive"
        : "secondary";
  return (
    <section
      aria-label={`Stage ${column.stage.name}`}
      data-testid="stage-column"
      data-stage-id={column.stage.id}
      className={cn(
        "flex w-72 shrink-0 flex-col rounded-xl border bg-muted/40",
        over !== null && "ring-2 ring-primary",
      )}
      onDragOver={(e) => {
        if (!canEdit || !e.dataTransfer.types.includes("text/x-deal-id")) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setOver(indexAt(e));
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node)) setOver(null);
      }}
      onDrop={(e) => {
        e.preventDefault();
        const id = e.dataTransfer.getData("text/x-deal-id");
        const cards = [...e.currentTarget.querySelectorAll<HTMLElement>("[data-deal-id]")];
        let index = indexAt(e);
        // Indexes count the list without the dragged deal.
        const from = cards.findIndex((el) => el.dataset.dealId === id);
        if (from >= 0 && from < index) index -= 1;
        setOver(null);
        if (id) onMove(id, { stageId: column.stage.id, index });
      }}
    >
      <header className="border-b p-3">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">{column.stage.name}</h2>
          <Badge variant={kindVariant} data-testid="stage-count">
            {column.count}
          </Badge>
        </div>
        <p className="mt-1 text-xs text-muted-foreground" data-testid="stage-total">
          {column.totals.length
            ? column.totals.map((t) => formatMoney(t.value, t.currency)).join(" · ")
            : formatMoney(0, "USD")}
        </p>
      </header>
      <ol className={cn("flex min-h-24 flex-1 flex-col gap-2 p-2", dragging && "min-h-32")}>
        {column.deals.map((d, i) => (
          <Fragment key={d.id}>
            {over === i && <li className="h-1 rounded bg-primary" aria-hidden />}
            <DealCard
              deal={d}
              columns={columns}
              canEdit={canEdit}
              onMove={(deal, drop) => onMove(deal.id, drop)}
            />
          </Fragment>
        ))}
        {over === column.deals.length && <li className="h-1 rounded bg-primary" aria-hidden />}
        {column.count > column.deals.length && (
          <li className="text-center text-xs text-muted-foreground">
            + {column.count - column.deals.length} more
          </li>
        )}
      </ol>
    </section>
  );
}

/** Positions for `ordered` (the stage after the move): reuse gaps, renumber when there are none. */
function positionsFor(ordered: Deal[], movedIndex: number): Map<string, number> {
  const out = new Map<string, number>();
  const prev = ordered[movedIndex - 1]?.position;
  const next = ordered[movedIndex + 1]?.position;
  const moved = ordered[movedIndex];
  if (prev === undefined && next === undefined) out.set(moved.id, 0);
  else if (prev === undefined && next! >= 1) out.set(moved.id, Math.floor(next! / 2));
  else if (next === undefined) out.set(moved.id, prev! + 1024);
  else if (prev !== undefined && next - prev >= 2) out.set(moved.id, Math.floor((prev + next) / 2));
  else ordered.forEach((d, i) => out.set(d.id, (i + 1) * 1024));
  return out;
}

export default function Deals() {
  const canEdit = useCanEdit();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const selectedId =
    params.get("pipeline") ??
    pipelines.data?.find((p) => p.is_default)?.id ??
    pipelines.data?.[0]?.id ??
    null;
  const board = useBoard(selectedId);
  const invalidate = useCrmInvalidate();
  const [columns, setColumns] = useState<BoardColumn[]>([]);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    if (board.data) setColumns(board.data.columns);
  }, [board.data]);

  const move = async (dealId: string, drop: Drop) => {
    const source = columns.find((c) => c.deals.some((d) => d.id === dealId));
    const deal = source?.deals.find((d) => d.id === dealId);
    if (!source || !deal) return;
    const target = columns.find((c) => c.stage.id === drop.stageId);
    if (!target) return;
    const without = target.deals.filter((d) => d.id !== dealId);
    const index = Math.max(0, Math.min(drop.index, without.length));
    if (source === target && source.deals.findIndex((d) => d.id === dealId) === index) return;
    const ordered = [
      ...without.slice(0, index),
      { ...deal, stage_id: drop.stageId },
      ...without.slice(index),
    ];
    const positions = positionsFor(ordered, index);
    const moved = source !== target;
    // Optimistic: show the result at once; counts and totals follow from the server.
    setColumns((cols) =>
      cols.map((c) => {
        if (c.stage.id === drop.stageId)
          return {
            ...c,
            count: moved ? c.count + 1 : c.count,
            deals: ordered.map((d) => ({ ...d, position: positions.get(d.id) ?? d.position })),
          };
        if (c.stage.id === source.stage.id)
          return { ...c, count: c.count - 1, deals: c.deals.filter((d) => d.id !== dealId) };
        return c;
      }),
    );
    try {
      await moveDeal(dealId, drop.stageId, positions.get(dealId));
      for (const [id, pos] of positions) if (id !== dealId) await moveDeal(id, drop.stageId, pos);
      if (moved) toast.success(`Moved to ${target.stage.name}`, deal.title);
    } catch (e) {
      reportError(e, undefined, "Could not move the deal");
    } finally {
      await invalidate();
    }
  };

  const pipeline = board.data?.pipeline ?? pipelines.data?.find((p) => p.id === selectedId);
  return (
    <>
      <PageHeader
        title="Deals"
        description="Drag deals between stages, or use a card's menu to move it with the keyboard."
        actions={
          <>
            {pipelines.data && pipelines.data.length > 1 && (
              <Select
                aria-label="Pipeline"
                value={selectedId ?? ""}
                onChange={(e) => setParams({ pipeline: e.target.value })}
              >
                {pipelines.data.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            )}
            {canEdit && pipeline && <CreateDealDialog pipeline={pipeline} />}
          </>
        }
      />
      {pipelines.isError || board.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {(pipelines.error ?? board.error)?.message}
        </p>
      ) : !board.data ? (
        <div className="flex gap-4 overflow-hidden" role="status" aria-label="Loading">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-80 w-72 shrink-0" />
          ))}
        </div>
      ) : (
        <>
          {columns.every((c) => c.count === 0) && (
            <div className="mb-4">
              <EmptyState icon={Handshake} title="No deals yet">
                {canEdit
                  ? "Create a deal to start your pipeline."
                  : "Deals appear here as your team adds them."}
              </EmptyState>
            </div>
          )}
          <div
            className="-mx-1 flex gap-4 overflow-x-auto px-1 pb-4"
            onDragStart={() => setDragging(true)}
            onDragEnd={() => setDragging(false)}
          >
            {columns.map((c) => (
              <Column
                key={c.stage.id}
                column={c}
                columns={columns}
                canEdit={canEdit}
                onMove={move}
                dragging={dragging}
              />
            ))}
          </div>
        </>
      )}
    </>
  );
}
