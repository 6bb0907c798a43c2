import { useId, type ReactElement, cloneElement } from "react";
import type { FieldError } from "react-hook-form";
import { Label } from "./ui/label";

/** A labelled control with its validation message wired for assistive technology. */
export function FormField({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: FieldError | { message?: string };
  hint?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const msgId = `${id}-msg`;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {cloneElement(children, {
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error || hint ? msgId : undefined,
      })}
      {error?.message ? (
        <p id={msgId} className="text-xs text-destructive" role="alert">
          {error.message}
        </p>
      ) : hint ? (
        <p id={msgId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
