"use client";
import { useMutation } from "@tanstack/react-query";
import { TableHead } from "@/components/ui/table-head";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { KeyRound } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { SelectField, TextField } from "@/components/ui/field";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS, type ApiKeyScopeName } from "@/lib/auth/permissions";

type Key = { id: string; name: string; scope: ApiKeyScopeName; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; unmaskedPii: boolean };

export function ApiKeys({ keys, canWrite }: { keys: Key[]; canWrite: boolean }) {
  const router = useRouter();
  const [scope, setScope] = useState<ApiKeyScopeName>("read");
  const [unmasked, setUnmasked] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (body: { name: string; scope: ApiKeyScopeName; unmaskedPii: boolean }) => api<{ key: Key; secret: string }>("/api/settings/api-keys", { method: "POST", body }),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      router.refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => api(`/api/settings/api-keys/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate({ name: String(new FormData(e.currentTarget).get("name")), scope, unmaskedPii: scope !== "read" || unmasked });
  }

  return (
    <div className="space-y-6">
      {canWrite && (
        <Card title="Create an API key" description="For scripts and other systems calling the Northstar API. Send it as `Authorization: Bearer <key>`.">
          <form key={formKey} onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
            <TextField label="Name" name="name" required placeholder="Warehouse sync" />
            <SelectField label="Scope" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScopeName)}>
              {API_KEY_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </SelectField>
            <Button type="submit" busy={create.isPending}>
              {create.isPending ? "Creating…" : "Create key"}
            </Button>
          </form>
          <p className="mt-2 text-xs text-slate-500">
            {scope}: {SCOPE_DESCRIPTIONS[scope]}.{scope === "read" ? "" : " Sees personal data unmasked."}
          </p>
          {scope === "read" && (
            <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={unmasked} onChange={(e) => setUnmasked(e.target.checked)} />
              May read personal data unmasked (emails, phone numbers… to personalise from your own server). Every read is audit-logged.
            </label>
          )}
          {create.isError && (
            <div className="mt-3">
              <Alert>{create.error.message}</Alert>
            </div>
          )}
          {create.data && (
            <div className="mt-4">
              <Alert tone="warning" title={`Copy the secret of “${create.data.key.name}” now`}>
                <p className="mb-2">This is the only time it is shown. We store only a hash of it; if you lose it, revoke the key and create another.</p>
                <CopyField label="API key secret" value={create.data.secret} testId="api-key-secret" />
                <div className="mt-2 text-right">
                  <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => create.reset()}>
                    I have copied it
                  </Button>
                </div>
              </Alert>
            </div>
          )}
        </Card>
      )}
      <Card title="API keys">
        {revoke.isError && <Alert>{revoke.error.message}</Alert>}
        {keys.length === 0 ? (
          <div className="flex flex-col items-center py-8 text-center text-sm text-slate-600">
            <KeyRound aria-hidden className="mb-2 h-6 w-6 text-slate-400" />
            No API keys yet. Create one above to call the API from scripts, your warehouse or CI.
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <TableHead columns={["Name", "Key", "Scope", "Created", "Last used", "Status", { label: "Actions", srOnly: true }]} />
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} className="border-b border-slate-100 last:border-0" data-testid={`api-key-${k.name}`}>
                    <td className="py-3 pr-4 font-medium text-slate-900">{k.name}</td>
                    <td className="py-3 pr-4 font-mono text-xs text-slate-600">{k.prefix}…</td>
                    <td className="py-3 pr-4">
                      <Badge>{k.scope}</Badge> {k.unmaskedPii ? <Badge tone="amber">personal data</Badge> : <Badge>masked</Badge>}
                    </td>
                    <td className="py-3 pr-4 text-slate-600">{formatDateTime(k.createdAt)}</td>
                    <td className="py-3 pr-4 text-slate-600">{formatRelative(k.lastUsedAt)}</td>
                    <td className="py-3 pr-4">{k.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</td>
                    <td className="py-3 text-right">
                      {canWrite && !k.revokedAt && (
                        <Button
                          variant="danger"
                          className="px-2 py-1 text-xs"
                          aria-label={`Revoke ${k.name}`}
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (confirm(`Revoke “${k.name}”? Anything using it stops working at once.`)) revoke.mutate(k.id);
                          }}
                        >
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
