"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";

type Source = { id: string; name: string; kind: string; writeKey: string; allowedOrigins: string[]; disabledAt: string | null };

export function SourceHeader({ source, canWrite }: { source: Source; canWrite: boolean }) {
  const router = useRouter();
  const disable = useMutation({ mutationFn: () => api(`/api/sources/${source.id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });
  return (
    <div className="space-y-3">
      <Link href="/sources" className="text-sm text-brand-700 hover:underline">
        ← Sources
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex items-center gap-3 text-2xl font-semibold text-slate-900">
          {source.name} {source.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">receiving</Badge>}
        </h1>
        {canWrite && !source.disabledAt && (
          <Button
            variant="danger"
            onClick={() => {
              if (confirm(`Disable “${source.name}”? Its ${source.kind === "webhook" ? "webhook URL stops working (404)" : source.kind === "database" ? "scheduled runs stop" : "write key stops working and senders get 401"}.`)) disable.mutate();
            }}
            busy={disable.isPending}
          >
            Disable source
          </Button>
        )}
      </div>
      {source.kind === "http" && (
      <div className="max-w-xl">
        <p className="mb-1 text-sm font-medium text-slate-700">Write key</p>
        <CopyField label="Write key" value={source.writeKey} testId="write-key" />
        <p className="mt-1 text-xs text-slate-500">
          {source.allowedOrigins.length ? `Browsers allowed from: ${source.allowedOrigins.join(", ")}` : "Browsers from any origin may send with this key."}
        </p>
      </div>
      )}
      {source.kind === "webhook" && <p className="text-sm text-slate-600">Webhook source: the key is part of its URL below.</p>}
      {source.kind === "database" && <p className="text-sm text-slate-600">Database source: read on a schedule from the database below.</p>}
      {disable.isError && <Alert>{disable.error.message}</Alert>}
    </div>
  );
}
