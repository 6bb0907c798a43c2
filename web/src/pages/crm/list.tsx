// Building blocks of the CRM list pages (contacts, companies, tasks).
import { Search } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useInfiniteList } from "@/lib/crm";
import { cn } from "@/lib/utils";

/** A cursor-paged list and all rows loaded so far. */
export function usePagedList<T>(key: string, path: string) {
  const list = useInfiniteList<T>(key, path);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  return { list, rows };
}

/** The part of an infinite query that PagedListView reads. */
interface PagedList {
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
  className,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (v: string) => void;
  className: string;
}) {
  return (
    <div className={cn("relative", className)}>
      <Search className="absolute top-2.5 left-2.5 h-4 w-4 text-muted-foreground" aria-hidden />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        className="pl-8"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** Skeleton while loading, the error, `empty` when there are no rows, else the table and "Load more". */
export function PagedListView({
  list,
  count,
  skeletonRows,
  empty,
  children,
}: {
  list: PagedList;
  count: number;
  skeletonRows: number;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (list.isPending) return <TableSkeleton rows={skeletonRows} />;
  if (list.isError)
    return (
      <p role="alert" className="text-sm text-destructive">
        {list.error?.message}
      </p>
    );
  if (count === 0) return empty;
  return (
    <>
      {children}
      {list.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="outline"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
