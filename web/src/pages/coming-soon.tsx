import { Construction } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import type { Section } from "@/lib/nav";

export default function ComingSoon({ section }: { section: Section }) {
  return (
    <>
      <PageHeader title={section.label} />
      <EmptyState icon={Construction} title="Coming soon">
        <p>{section.comingSoon}</p>
        <p className="mt-2">
          This section appears here as soon as its API is available in your Syntera server.
        </p>
      </EmptyState>
    </>
  );
}
