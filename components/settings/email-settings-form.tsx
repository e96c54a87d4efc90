"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { SmtpSettings } from "@/lib/mail/workspace";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

const empty = { host: "", port: 587, secure: false, username: "", fromEmail: "", fromName: "", replyTo: "", maxConnections: 16 };

/** The workspace's SMTP server: host, port, TLS, login, sender; save, then test the connection. */
export function EmailSettingsForm({ initial, instanceDefault, canWrite }: { initial: SmtpSettings | null; instanceDefault: boolean; canWrite: boolean }) {
  const [draft, setDraft] = useState({ ...empty, ...(initial ?? {}) });
  const [password, setPassword] = useState("");
  const [saved, setSaved] = useState(initial);
  const save = useMutation({
    mutationFn: () => api<{ smtp: SmtpSettings }>("/api/settings/email", { method: "PUT", body: { ...draft, password: password || undefined } }),
    onSuccess: (r) => {
      setSaved(r.smtp);
      setPassword("");
    },
  });
  const test = useMutation({ mutationFn: () => api<{ ok: boolean; message: string }>("/api/settings/email/test", { method: "POST" }) });
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: k === "port" || k === "maxConnections" ? Number(e.target.value) : e.target.value });
  return (
    <form
      className="grid max-w-2xl gap-4 sm:grid-cols-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {!saved && <div className="sm:col-span-2"><Alert tone="info">{instanceDefault ? "No server set for this workspace: journeys use the instance's SMTP server (SMTP_URL)." : "No SMTP server yet: journey emails are skipped (with the reason in each profile's trace) until you add one."}</Alert></div>}
      <TextField label="SMTP host" placeholder="smtp.postmarkapp.com" value={draft.host} onChange={set("host")} disabled={!canWrite} />
      <TextField label="Port" type="number" value={draft.port} onChange={set("port")} disabled={!canWrite} hint="587 (STARTTLS) or 465 (TLS)" />
      <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
        <input type="checkbox" checked={draft.secure} onChange={(e) => setDraft({ ...draft, secure: e.target.checked })} disabled={!canWrite} />
        Connect with TLS from the start (port 465)
      </label>
      <TextField label="Username" value={draft.username} onChange={set("username")} disabled={!canWrite} autoComplete="off" />
      <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} disabled={!canWrite} autoComplete="new-password" placeholder={saved?.passwordSet ? "•••••••• (stored; leave blank to keep)" : ""} />
      <TextField label="From address" type="email" placeholder="news@yourshop.com" value={draft.fromEmail} onChange={set("fromEmail")} disabled={!canWrite} />
      <TextField label="From name" placeholder="Your Shop" value={draft.fromName} onChange={set("fromName")} disabled={!canWrite} />
      <TextField label="Reply-to (optional)" type="email" value={draft.replyTo} onChange={set("replyTo")} disabled={!canWrite} />
      <TextField label="Connections at once" type="number" min={1} max={50} value={draft.maxConnections} onChange={set("maxConnections")} disabled={!canWrite} hint="More connections send faster; stay within your provider's limit." />
      {save.error && <div className="sm:col-span-2"><Alert>{(save.error as Error).message}</Alert></div>}
      {save.isSuccess && <div className="sm:col-span-2"><Alert tone="success">Saved.</Alert></div>}
      {test.data && <div className="sm:col-span-2"><Alert tone={test.data.ok ? "success" : "error"}>{test.data.message}</Alert></div>}
      {canWrite && (
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" busy={save.isPending}>Save</Button>
          <Button type="button" variant="secondary" onClick={() => test.mutate()} busy={test.isPending} disabled={!saved}>Test connection</Button>
        </div>
      )}
    </form>
  );
}
