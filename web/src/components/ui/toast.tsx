import * as T from "@radix-ui/react-toast";
import { X } from "lucide-react";
import { create } from "zustand";
import { cn } from "@/lib/utils";

interface ToastItem {
  id: number;
  title: string;
  description?: string;
  variant: "default" | "success" | "error";
}

const useToasts = create<{ items: ToastItem[]; remove: (id: number) => void }>((set) => ({
  items: [],
  remove: (id) => set((s) => ({ items: s.items.filter((t) => t.id !== id) })),
}));

let nextId = 1;
/** Shows a toast; usable outside React (mutation callbacks). */
export function toast(
  title: string,
  opts: { description?: string; variant?: ToastItem["variant"] } = {},
) {
  const t: ToastItem = {
    id: nextId++,
    title,
    description: opts.description,
    variant: opts.variant ?? "default",
  };
  useToasts.setState((s) => ({ items: [...s.items, t].slice(-4) }));
}
toast.success = (title: string, description?: string) =>
  toast(title, { description, variant: "success" });
toast.error = (title: string, description?: string) =>
  toast(title, { description, variant: "error" });

export function Toaster() {
  const { items, remove } = useToasts();
  return (
    <T.Provider swipeDirection="right" duration={5000}>
      {items.map((t) => (
        <T.Root
          key={t.id}
          onOpenChange={(open) => !open && remove(t.id)}
          type={t.variant === "error" ? "foreground" : "background"}
          className={cn(
            "relative grid gap-1 rounded-lg border bg-card p-4 pr-8 shadow-lg",
            t.variant === "success" && "border-l-4 border-l-success",
            t.variant === "error" && "border-l-4 border-l-destructive",
          )}
          data-testid="toast"
        >
          <T.Title className="text-sm font-semibold">{t.title}</T.Title>
          {t.description && (
            <T.Description className="text-sm text-muted-foreground">{t.description}</T.Description>
          )}
          <T.Close
            className="absolute top-3 right-3 opacity-60 hover:opacity-100"
            aria-label="Dismiss"
          >
            <X className="h-4 w-4" />
          </T.Close>
        </T.Root>
      ))}
      <T.Viewport className="fixed right-0 bottom-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </T.Provider>
  );
}
