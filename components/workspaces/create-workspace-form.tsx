"use client";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const { onSubmit, error, busy } = useSubmit(async (f) => {
    await api("/api/workspaces", { method: "POST", body: { name: f.get("name") } });
    router.push("/");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert>{error}</Alert>}
      <TextField label="Workspace name" name="name" required autoFocus placeholder="Acme Europe" hint="A separate space with its own data, members and settings. You will be its Owner." />
      <Button type="submit" busy={busy}>
        {busy ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
