import { Plus } from "lucide-react";
import type { FormEventHandler, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";

/** The "New <noun>" button and its dialog around a create form. */
export function CreateDialog({
  noun,
  description,
  open,
  onOpenChange,
  onSubmit,
  submitting,
  children,
}: {
  noun: string;
  description?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitting: boolean;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus className="h-4 w-4" />
          {` New ${noun}`}
        </Button>
      </DialogTrigger>
      <DialogContent title={`New ${noun}`} description={description}>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          {children}
          <DialogFooter>
            <Button type="submit" loading={submitting}>
              {`Create ${noun}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
