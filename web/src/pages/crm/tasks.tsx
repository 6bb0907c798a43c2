import { zodResolver } from "@hookform/resolvers/zod";
import { CheckSquare, Trash2 } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { qs, useCreateTask, useDeleteTask, useUpdateTask } from "@/lib/crm";
import type { Task } from "@/lib/crm-types";
import { reportError } from "@/lib/forms";
import { cn, formatDate } from "@/lib/utils";
import { CreateDialog } from "./create-dialog";
import { PagedListView, usePagedList } from "./list";
import { isOverdue, MemberName, MemberOptions, MemberSelect, useCanEdit } from "./shared";

const schema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(200),
  due: z.string(),
  assignee: z.string(),
});

function CreateTaskDialog() {
  const [open, setOpen] = useState(false);
  const create = useCreateTask();
  const me = useAuth((s) => s.user?.id ?? "");
  const form = useForm<z.infer<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { title: "", due: "", assignee: me },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({
        title: v.title,
        due_at: v.due ? new Date(v.due).toISOString() : null,
        assignee_id: v.assignee || null,
      });
      toast.success("Task created", v.title);
      form.reset({ title: "", due: "", assignee: v.assignee });
      setOpen(false);
    } catch (e) {
      reportError(e, form.setError, "Could not create the task");
    }
  });
  return (
    <CreateDialog
      noun="task"
      open={open}
      onOpenChange={setOpen}
      onSubmit={onSubmit}
      submitting={form.formState.isSubmitting}
    >
      <FormField label="Title" error={errors.title}>
        <Input autoComplete="off" {...form.register("title")} />
      </FormField>
      <FormField label="Due" error={errors.due}>
        <Input type="datetime-local" {...form.register("due")} />
      </FormField>
      <FormField label="Assignee" error={errors.assignee}>
        <Select {...form.register("assignee")}>
          <MemberOptions none="Unassigned" />
        </Select>
      </FormField>
    </CreateDialog>
  );
}

export default function Tasks() {
  const canEdit = useCanEdit();
  const [done, setDone] = useState("false");
  const [assignee, setAssignee] = useState<string | null>(null);
  const { list, rows } = usePagedList<Task>(
    "tasks",
    `/tasks${qs({ done, assignee_id: assignee })}`,
  );
  const update = useUpdateTask();
  const del = useDeleteTask();
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Follow-ups with due dates, assigned to your team."
        actions={canEdit && <CreateTaskDialog />}
      />
      <div className="mb-4 flex flex-wrap gap-2">
        <Select aria-label="Status" value={done} onChange={(e) => setDone(e.target.value)}>
          <option value="false">Open</option>
          <option value="true">Done</option>
          <option value="">All</option>
        </Select>
        <MemberSelect label="Assignee" value={assignee} onChange={setAssignee} noneLabel="Anyone" />
      </div>
      <PagedListView
        list={list}
        count={rows.length}
        skeletonRows={5}
        empty={
          <EmptyState icon={CheckSquare} title="No tasks here">
            {done === "false" ? "Nothing open — well done." : "No tasks match."}
          </EmptyState>
        }
      >
        <Table aria-label="Tasks">
          <THead>
            <TR>
              <TH className="w-8">
                <span className="sr-only">Done</span>
              </TH>
              <TH>Task</TH>
              <TH>Due</TH>
              <TH className="hidden md:table-cell">Assignee</TH>
              {canEdit && <TH className="sr-only">Actions</TH>}
            </TR>
          </THead>
          <TBody>
            {rows.map((t) => (
              <TR key={t.id} data-testid="task-row">
                <TD>
                  <input
                    type="checkbox"
                    checked={t.done}
                    disabled={!canEdit}
                    aria-label={`Mark "${t.title}" ${t.done ? "not done" : "done"}`}
                    onChange={async (e) => {
                      try {
                        await update.mutateAsync({ id: t.id, done: e.target.checked });
                      } catch (err) {
                        reportError(err, undefined, "Could not update the task");
                      }
                    }}
                  />
                </TD>
                <TD className={cn("font-medium", t.done && "text-muted-foreground line-through")}>
                  {t.title}
                </TD>
                <TD className={cn(isOverdue(t) ? "text-destructive" : "text-muted-foreground")}>
                  {t.due_at ? formatDate(t.due_at) : "—"}
                  {isOverdue(t) && <span className="sr-only"> (overdue)</span>}
                </TD>
                <TD className="hidden md:table-cell">
                  <MemberName id={t.assignee_id} />
                </TD>
                {canEdit && (
                  <TD className="text-right">
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="icon" aria-label={`Delete ${t.title}`}>
                          <Trash2 className="h-4 w-4" />
                        </Button>
                      }
                      title="Delete this task?"
                      description={t.title}
                      confirmLabel="Delete task"
                      onConfirm={async () => {
                        try {
                          await del.mutateAsync(t.id);
                        } catch (e) {
                          reportError(e, undefined, "Could not delete");
                          throw e;
                        }
                      }}
                    />
                  </TD>
                )}
              </TR>
            ))}
          </TBody>
        </Table>
      </PagedListView>
    </>
  );
}
