import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useNavigate } from "react-router-dom";
import { Splash } from "@/components/guards";
import { logout } from "@/lib/api";

export default function Logout() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    void logout().then(() => {
      qc.clear();
      navigate("/login", { replace: true });
    });
  }, [navigate, qc]);
  return <Splash />;
}
