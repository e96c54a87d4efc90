"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function NewSourceForm() {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (body: { name: string; allowedOrigins: string[] }) => api<{ source: { id: string } }>("/api/sources", { method: "POST", body }),
    onSuccess: (d) => router.push(`/sources/${d.source.id}`),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const origins = String(f.get("origins") ?? "")
      .split(/[\s,]+/)
      .map((o) => o.trim())
      .filter(Boolean);
    create.mutate({ name: String(f.get("name")), allowedOrigins: origins });
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start" noValidate>
      <TextField label="Source name" name="name" required placeholder="Website" />
      <TextField label="Allowed origins (optional)" name="origins" placeholder="https://shop.example.com" hint="Browsers from other origins are refused. Leave empty to allow any." />
      <Button type="submit" busy={create.isPending} className="sm:mt-6">
        {create.isPending ? "Creating…" : "Create source"}
      </Button>
      {create.isError && (
        <div className="sm:col-span-3">
          <Alert>{create.error.message}</Alert>
        </div>
      )}
    </form>
  );
}
