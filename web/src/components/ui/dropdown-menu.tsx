import * as M from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export const DropdownMenu = M.Root;
export const DropdownMenuTrigger = M.Trigger;
export const DropdownMenuRadioGroup = M.RadioGroup;

export function DropdownMenuContent({
  className,
  sideOffset = 6,
  ...p
}: ComponentProps<typeof M.Content>) {
  return (
    <M.Portal>
      <M.Content
        sideOffset={sideOffset}
        className={cn(
          "z-50 min-w-48 rounded-lg border bg-popover p-1 text-popover-foreground shadow-md",
          className,
        )}
        {...p}
      />
    </M.Portal>
  );
}
const item =
  "relative flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-accent";
export function DropdownMenuItem({ className, ...p }: ComponentProps<typeof M.Item>) {
  return <M.Item className={cn(item, className)} {...p} />;
}
export function DropdownMenuRadioItem({
  className,
  children,
  ...p
}: ComponentProps<typeof M.RadioItem>) {
  return (
    <M.RadioItem className={cn(item, "pl-7", className)} {...p}>
      <M.ItemIndicator className="absolute left-2 h-2 w-2 rounded-full bg-primary" />
      {children}
    </M.RadioItem>
  );
}
export function DropdownMenuLabel({ className, ...p }: ComponentProps<typeof M.Label>) {
  return (
    <M.Label
      className={cn("px-2 py-1.5 text-xs font-medium text-muted-foreground", className)}
      {...p}
    />
  );
}
export function DropdownMenuSeparator({ className, ...p }: ComponentProps<typeof M.Separator>) {
  return <M.Separator className={cn("-mx-1 my-1 h-px bg-border", className)} {...p} />;
}
