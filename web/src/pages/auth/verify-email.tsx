import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, loadMe } from "@/lib/api";
import { useAuth } from "@/lib/auth-store";
import { AuthLayout } from "./auth-layout";

export default function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [state, setState] = useState<"working" | "done" | "failed">(token ? "working" : "failed");
  const [message, setMessage] = useState("The link has no token.");
  const status = useAuth((s) => s.status);
  const once = useRef(false);
  useEffect(() => {
    if (!token || once.current) return;
    once.current = true;
    api("/auth/verify-email/confirm", { method: "POST", body: { token }, auth: false })
      .then(() => {
        setState("done");
        if (useAuth.getState().status === "authenticated") void loadMe();
      })
      .catch((e: Error) => {
        setState("failed");
        setMessage(e.message);
      });
  }, [token]);
  return (
    <AuthLayout
      title={
        state === "done"
          ? "Email verified"
          : state === "working"
            ? "Verifying your email…"
            : "Could not verify your email"
      }
      description={
        state === "done"
          ? "Thanks — your email address is confirmed."
          : state === "failed"
            ? message
            : undefined
      }
    >
      {state !== "working" && (
        <Link
          className="text-sm font-medium text-primary hover:underline"
          to={status === "authenticated" ? "/" : "/login"}
        >
          {status === "authenticated" ? "Go to the dashboard" : "Sign in"}
        </Link>
      )}
    </AuthLayout>
  );
}
