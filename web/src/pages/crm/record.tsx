// Building blocks of the CRM record pages (contact, company, deal).
import { ArrowLeft, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { ApiError } from "@/lib/api";
import { reportError } from "@/lib/forms";
import { InlineField, NotFoundCard } from "./shared";

/** What a record page shows while its record loads or when it failed to load. */
export function RecordFallback({
  title,
  what,
  query,
}: {
  title: string;
  what: string;
  query: { isPending: boolean; error: Error | null };
}) {
  const { error } = query;
  return (
    <>
      <PageHeader title={title} />
      {query.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : error instanceof ApiError && error.status < 500 ? (
        <NotFoundCard what={what} />
      ) : (
        <p role="alert" className="text-sm text-destructive">
          {error?.message}
        </p>
      )}
    </>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link
      to={to}
      className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="h-4 w-4" /> {children}
    </Link>
  );
}

/** The header's Delete button: confirms, deletes, says "<Noun> deleted" and goes to `then`. */
export function DeleteRecord({
  noun,
  title,
  description,
  then,
  onDelete,
}: {
  noun: string;
  title: string;
  description: string;
  then: string;
  onDelete: () => Promise<unknown>;
}) {
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-destructive">
          <Trash2 className="h-4 w-4" /> Delete
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={`Delete ${noun}`}
      onConfirm={async () => {
        try {
          await onDelete();
          toast.success(`${noun[0].toUpperCase()}${noun.slice(1)} deleted`);
          navigate(then);
        } catch (e) {
          reportError(e, undefined, "Could not delete");
          throw e;
        }
      }}
    />
  );
}

/** Side column of cards (children) next to the main card. */
export function RecordLayout({ main, children }: { main: ReactNode; children: ReactNode }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <div className="grid content-start gap-6">{children}</div>
      {main}
    </div>
  );
}

export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The "Details" card: a list of label/value pairs. */
export function DetailsPanel({ children }: { children: ReactNode }) {
  return (
    <Panel title="Details">
      <dl className="grid gap-3">{children}</dl>
    </Panel>
  );
}

export interface FieldSpec {
  label: string;
  value: string;
  save: (v: string) => Promise<unknown>;
  type?: string;
  display?: ReactNode;
}

/** Inline-editable fields, one per spec, in order. */
export function Fields({ fields, editable }: { fields: FieldSpec[]; editable: boolean }) {
  return fields.map((f) => (
    <InlineField
      key={f.label}
      label={f.label}
      type={f.type}
      value={f.value}
      display={f.display}
      editable={editable}
      onSave={f.save}
    />
  ));
}
