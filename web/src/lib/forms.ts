import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { z } from "zod";
import { ApiError } from "./api";
import { toast } from "@/components/ui/toast";

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email")
  .email("Enter a valid email address");
export const newPasswordSchema = z
  .string()
  .min(8, "Use at least 8 characters")
  .max(128, "Use at most 128 characters");

/**
 * Shows an API error: validation errors next to their fields (when the form has them),
 * everything else as a toast. Returns the message for inline display.
 */
export function reportError<T extends FieldValues>(
  e: unknown,
  setError?: UseFormSetError<T>,
  fallback = "Something went wrong",
): string {
  if (e instanceof ApiError) {
    if (setError && e.fields.length) {
      for (const f of e.fields) setError(f.field as Path<T>, { message: f.message });
      return e.message;
    }
    toast.error(fallback, e.message);
    return e.message;
  }
  const msg = e instanceof Error ? e.message : String(e);
  toast.error(fallback, msg);
  return msg;
}
