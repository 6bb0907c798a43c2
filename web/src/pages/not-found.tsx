import { Compass } from "lucide-react";
import { Link } from "react-router-dom";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <>
      <h1 className="sr-only">Page not found</h1>
      <EmptyState
        icon={Compass}
        title="Page not found"
        action={
          <Button asChild variant="outline">
            <Link to="/">Back to the dashboard</Link>
          </Button>
        }
      >
        The page you are looking for does not exist or has moved.
      </EmptyState>
    </>
  );
}
