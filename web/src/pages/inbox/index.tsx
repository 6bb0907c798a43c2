import { MessagesSquare, X } from "lucide-react";
import { useState } from "react";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import type { StatusFilter } from "@/lib/inbox";
import { STATUSES, VIEWS, type InboxView } from "@/lib/inbox-types";
import { useInboxCounts } from "@/lib/realtime-store";
import { cn } from "@/lib/utils";
import { ConversationList, type ListState } from "./list";
import { SidePanel } from "./side-panel";
import { ConversationPane } from "./thread";

function readState(sp: URLSearchParams): ListState {
  const view = sp.get("view");
  const status = sp.get("status");
  return {
    view: VIEWS.includes(view as InboxView) ? (view as InboxView) : "all",
    status:
      status === "any" || STATUSES.includes(status as (typeof STATUSES)[number])
        ? (status as StatusFilter)
        : "active",
    channel: sp.get("channel") ?? "",
    search: sp.get("q") ?? "",
  };
}

/** The human inbox: conversation list, the open conversation and its details. */
export default function InboxPage() {
  const { id = null } = useParams();
  const [sp, setSp] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const counts = useInboxCounts();
  const [details, setDetails] = useState(false);
  const state = readState(sp);

  const onChange = (patch: Partial<ListState>) => {
    const next = { ...state, ...patch };
    const p = new URLSearchParams();
    if (next.view !== "all") p.set("view", next.view);
    if (next.status !== "active") p.set("status", next.status);
    if (next.channel) p.set("channel", next.channel);
    if (next.search) p.set("q", next.search);
    setSp(p, { replace: true });
  };

  return (
    <div className="flex h-full min-h-0 flex-1">
      <ConversationList
        state={state}
        onChange={onChange}
        selectedId={id}
        counts={counts.data}
        hrefFor={(cid) => `/inbox/${cid}${location.search}`}
        className={cn("w-full md:w-80 lg:w-96", id && "hidden md:flex")}
      />
      {id ? (
        <>
          <ConversationPane
            key={id}
            id={id}
            onBack={() => navigate(`/inbox${location.search}`)}
            onToggleDetails={() => setDetails((d) => !d)}
          />
          <SidePanel id={id} className="hidden w-72 shrink-0 xl:block" />
          {details && (
            <div className="fixed inset-0 z-40 xl:hidden" role="dialog" aria-label="Details">
              <div className="absolute inset-0 bg-black/40" onClick={() => setDetails(false)} />
              <div className="absolute inset-y-0 right-0 flex w-80 max-w-full flex-col bg-background">
                <div className="flex justify-end p-2">
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label="Close details"
                    onClick={() => setDetails(false)}
                  >
                    <X className="h-4 w-4" />
                  </Button>
                </div>
                <SidePanel id={id} className="flex-1 border-l-0" />
              </div>
            </div>
          )}
        </>
      ) : (
        <div className="hidden flex-1 items-center justify-center p-6 md:flex">
          <EmptyState icon={MessagesSquare} title="Pick a conversation">
            Conversations waiting for a human, yours and the AI agent&apos;s appear on the left,
            live.
          </EmptyState>
        </div>
      )}
    </div>
  );
}
