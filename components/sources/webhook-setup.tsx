"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import type { Preset, Preview, SignatureConfig, WebhookConfig, WebhookMapping, WebhookSample } from "@/lib/sources";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { SelectField, TextField, inlineControl } from "@/components/ui/field";
import { formatRelative } from "@/components/ui/format";

type Ref = { path?: string; value?: string };
type Data = { webhook: WebhookConfig; samples: WebhookSample[]; presets: Preset[] };
const EMPTY: WebhookMapping = { type: "track", event: { path: "type" }, userId: { path: "user_id" }, fields: [] };
const STATUS_TONE: Record<string, "green" | "amber" | "red" | "gray"> = { accepted: "green", partial: "amber", refused: "red", unmapped: "gray" };

/** "From the payload at …" or "the constant …" (placeholders like {data.email} allowed). */
function RefInput({ label, value, onChange, optional = true }: { label: string; value: Ref | undefined; onChange: (r: Ref | undefined) => void; optional?: boolean }) {
  const mode = value?.value !== undefined && !value.path ? "value" : value?.path !== undefined ? "path" : "none";
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-sm">
      <span className="w-28 shrink-0 text-slate-700">{label}</span>
      <select aria-label={`${label}: from`} className={inlineControl} value={mode} onChange={(e) => onChange(e.target.value === "none" ? undefined : e.target.value === "path" ? { path: "" } : { value: "" })}>
        {optional && <option value="none">not mapped</option>}
        <option value="path">from the payload at</option>
        <option value="value">the constant</option>
      </select>
      {mode !== "none" && (
        <input
          aria-label={`${label}: ${mode === "path" ? "path" : "constant"}`}
          className={`${inlineControl} min-w-40 flex-1 font-mono text-xs`}
          placeholder={mode === "path" ? "data.object.customer" : "mailchimp-{data.email}"}
          value={(mode === "path" ? value?.path : value?.value) ?? ""}
          onChange={(e) => onChange(mode === "path" ? { ...value, path: e.target.value, value: undefined } : { value: e.target.value })}
        />
      )}
    </div>
  );
}

/** A webhook source: its URL, how the sender signs, the mapping (previewed on captured payloads), and what arrived. */
export function WebhookSetup({ sourceId, url, canWrite }: { sourceId: string; url: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ["webhook", sourceId], queryFn: () => api<Data>(`/api/sources/${sourceId}/webhook`), refetchInterval: 5000 });
  const [draft, setDraft] = useState<{ mapping: WebhookMapping; signature: SignatureConfig; preset: string | null } | null>(null);
  const [secret, setSecret] = useState("");
  const [pasted, setPasted] = useState("");
  const [json, setJson] = useState<string | null>(null);
  const loaded = data.data;
  const current = draft ?? (loaded ? { mapping: loaded.webhook.mapping ?? EMPTY, signature: loaded.webhook.signature, preset: loaded.webhook.preset } : null);
  const preview = useMutation({
    mutationFn: (source: { sampleId?: string; body?: string; contentType?: string | null }) => api<{ preview: Preview }>(`/api/sources/${sourceId}/webhook/preview`, { method: "POST", body: { mapping: current!.mapping, ...source } }),
  });
  const save = useMutation({
    mutationFn: () => api(`/api/sources/${sourceId}/webhook`, { method: "PUT", body: { ...current, secret: secret || undefined } }),
    onSuccess: () => {
      setDraft(null);
      setSecret("");
      qc.invalidateQueries({ queryKey: ["webhook", sourceId] });
    },
  });
  const replay = useMutation({
    mutationFn: (sampleId: string) => api<{ accepted: number }>(`/api/sources/${sourceId}/webhook/replay`, { method: "POST", body: { sampleId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["webhook", sourceId] }),
  });
  if (!loaded || !current) return <p className="text-sm text-slate-500">Loading…</p>;
  const m = current.mapping;
  const setMapping = (patch: Partial<WebhookMapping>) => setDraft({ ...current, mapping: { ...m, ...patch } as WebhookMapping });
  const setSignature = (patch: Partial<SignatureConfig>) => setDraft({ ...current, signature: { ...current.signature, ...patch } });
  const preset = loaded.presets.find((p) => p.key === current.preset);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <CopyField label="Webhook URL" value={url} testId="webhook-url" />
        <p className="text-xs text-slate-500">Give the sender this URL (POST, JSON or form-encoded). It answers 200 once the data is stored; a payload that cannot be mapped is kept here and answered 422, so senders that retry deliver it again once the mapping is fixed.</p>
      </div>

      <fieldset disabled={!canWrite} className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Start from"
            value={current.preset ?? ""}
            onChange={(e) => {
              const p = loaded.presets.find((x) => x.key === e.target.value);
              setDraft(p ? { mapping: p.mapping, signature: p.signature, preset: p.key } : { ...current, preset: null });
              setJson(null);
            }}
          >
            <option value="">A custom mapping</option>
            {loaded.presets.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Signed with" value={current.signature.scheme} onChange={(e) => setSignature({ scheme: e.target.value as SignatureConfig["scheme"] })}>
            <option value="none">Not signed</option>
            <option value="hmac_sha256">HMAC-SHA256 of the body in a header</option>
            <option value="stripe">Stripe-Signature</option>
            <option value="hubspot_v3">HubSpot v3 signature</option>
          </SelectField>
          {current.signature.scheme !== "none" && (
            <TextField label="Signing secret" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder={loaded.webhook.secretSet ? "•••••••• (stored encrypted)" : "the sender's signing secret"} />
          )}
        </div>
        {current.signature.scheme === "hmac_sha256" && (
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="Header" value={current.signature.header} onChange={(e) => setSignature({ header: e.target.value })} />
            <SelectField label="Encoding" value={current.signature.encoding} onChange={(e) => setSignature({ encoding: e.target.value as "hex" | "base64" })}>
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </SelectField>
            <TextField label="Prefix (optional)" placeholder="sha256=" value={current.signature.prefix} onChange={(e) => setSignature({ prefix: e.target.value })} />
          </div>
        )}
        {preset && <p className="text-sm text-slate-600">{preset.description}</p>}

        <div className="space-y-2 rounded-lg bg-slate-50 p-4">
          <div className="flex items-center justify-between">
            <h3 className="text-sm font-semibold text-slate-900">Mapping</h3>
            <button type="button" className="text-xs font-medium text-brand-700 hover:underline" onClick={() => setJson(json === null ? JSON.stringify(m, null, 2) : null)}>
              {json === null ? "Edit as JSON" : "Back to the form"}
            </button>
          </div>
          {json !== null ? (
            <textarea
              aria-label="Mapping JSON"
              className="h-72 w-full rounded-md p-2 font-mono text-xs ring-1 ring-slate-300"
              value={json}
              onChange={(e) => {
                setJson(e.target.value);
                try {
                  setDraft({ ...current, mapping: JSON.parse(e.target.value) as WebhookMapping });
                } catch {
                  /* keep typing */
                }
              }}
            />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-1.5 text-sm">
                <span className="w-28 shrink-0 text-slate-700">Each record is</span>
                <select aria-label="Message type" className={inlineControl} value={m.type} onChange={(e) => setMapping({ type: e.target.value as "track" | "identify" })}>
                  <option value="track">an event (track)</option>
                  <option value="identify">profile traits (identify)</option>
                </select>
                <select aria-label="Records" className={inlineControl} value={m.records === undefined ? "one" : m.records === "" ? "list" : "at"} onChange={(e) => setMapping({ records: e.target.value === "one" ? undefined : e.target.value === "list" ? "" : "items" })}>
                  <option value="one">one per request</option>
                  <option value="list">a list: the payload is an array</option>
                  <option value="at">a list inside the payload, at</option>
                </select>
                {m.records !== undefined && m.records !== "" && (
                  <input aria-label="Records path" className={`${inlineControl} w-40 font-mono text-xs`} value={m.records} onChange={(e) => setMapping({ records: e.target.value })} />
                )}
              </div>
              {m.type === "track" && <RefInput label="Event name" optional={false} value={m.event} onChange={(r) => setMapping({ event: r ? { ...m.event, ...r } : undefined })} />}
              <RefInput label="User id" value={m.userId} onChange={(userId) => setMapping({ userId })} />
              <RefInput label="Anonymous id" value={m.anonymousId} onChange={(anonymousId) => setMapping({ anonymousId })} />
              <RefInput label="Email" value={m.email} onChange={(email) => setMapping({ email })} />
              <RefInput label="Message id" value={m.messageId} onChange={(messageId) => setMapping({ messageId })} />
              <div className="flex flex-wrap items-center gap-1.5 text-sm">
                <span className="w-28 shrink-0 text-slate-700">Time</span>
                <input aria-label="Timestamp path" className={`${inlineControl} w-40 font-mono text-xs`} placeholder="created" value={m.timestamp?.path ?? ""} onChange={(e) => setMapping({ timestamp: e.target.value ? { path: e.target.value, format: m.timestamp?.format ?? "iso" } : undefined })} />
                <select aria-label="Timestamp format" className={inlineControl} value={m.timestamp?.format ?? "iso"} onChange={(e) => m.timestamp && setMapping({ timestamp: { ...m.timestamp, format: e.target.value as "iso" } })}>
                  <option value="iso">ISO date</option>
                  <option value="unix_s">Unix seconds</option>
                  <option value="unix_ms">Unix milliseconds</option>
                </select>
              </div>
              <div className="space-y-1.5 pt-2">
                <p className="text-xs text-slate-500">Fields: write to properties.… (events) or traits.… (the profile); a target may use a placeholder, like traits.{"{propertyName}"}.</p>
                {m.fields.map((f, i) => (
                  <div key={i} className="flex flex-wrap items-center gap-1.5">
                    <input aria-label={`Field ${i + 1} target`} className={`${inlineControl} w-44 font-mono text-xs`} value={f.to} onChange={(e) => setMapping({ fields: m.fields.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)) })} />
                    <span className="text-sm text-slate-600">←</span>
                    <input aria-label={`Field ${i + 1} path`} className={`${inlineControl} w-48 font-mono text-xs`} placeholder="path in the payload" value={f.path ?? ""} onChange={(e) => setMapping({ fields: m.fields.map((x, j) => (j === i ? { ...x, path: e.target.value, value: undefined } : x)) })} />
                    <select aria-label={`Field ${i + 1} conversion`} className={inlineControl} value={f.convert} onChange={(e) => setMapping({ fields: m.fields.map((x, j) => (j === i ? { ...x, convert: e.target.value as typeof f.convert } : x)) })}>
                      <option value="as_is">as is</option>
                      <option value="string">text</option>
                      <option value="number">number</option>
                      <option value="boolean">true / false</option>
                      <option value="timestamp">date</option>
                      <option value="cents">cents → units</option>
                    </select>
                    <button type="button" aria-label={`Remove field ${i + 1}`} className="rounded p-1 text-slate-400 hover:text-red-600" onClick={() => setMapping({ fields: m.fields.filter((_, j) => j !== i) })}>
                      <Trash2 className="h-4 w-4" aria-hidden />
                    </button>
                  </div>
                ))}
                <button type="button" className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline" onClick={() => setMapping({ fields: [...m.fields, { to: "properties.", path: "", convert: "as_is" }] })}>
                  <Plus className="h-4 w-4" aria-hidden /> Add a field
                </button>
              </div>
            </>
          )}
        </div>
      </fieldset>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-900">Try the mapping</h3>
        <textarea aria-label="Payload to try" className="h-28 w-full rounded-md p-2 font-mono text-xs ring-1 ring-slate-300" placeholder="Paste a payload, or preview a captured one below" value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={!pasted} onClick={() => preview.mutate({ body: pasted })}>
            Preview on this payload
          </Button>
          {preset && (
            <Button type="button" variant="ghost" onClick={() => setPasted(preset.sample)}>
              Use the preset&apos;s sample
            </Button>
          )}
        </div>
        {preview.error && <Alert>{(preview.error as Error).message}</Alert>}
        {preview.data && <PreviewView preview={preview.data.preview} />}
      </div>

      {canWrite && (
        <div className="flex items-center gap-3">
          <Button onClick={() => save.mutate()} busy={save.isPending} disabled={!draft && !secret}>
            Save mapping
          </Button>
          {save.isSuccess && !draft && <span className="text-sm text-emerald-700">Saved.</span>}
          {save.error && <Alert>{(save.error as Error).message}</Alert>}
        </div>
      )}

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Received</h3>
        {loaded.samples.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing yet. Payloads appear here as they arrive, with what was stored and what was not.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="webhook-samples">
            {loaded.samples.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
                <Badge tone={STATUS_TONE[s.status] ?? "gray"}>{s.status}</Badge>
                <span className="text-slate-600">{formatRelative(s.receivedAt)}</span>
                <span className="text-slate-700">{s.accepted} stored</span>
                {(s.error ?? s.skipped[0]?.reason) && <span className="text-xs text-amber-800">{s.error ?? s.skipped[0]?.reason}</span>}
                <span className="ml-auto flex gap-2">
                  <Button type="button" variant="ghost" onClick={() => preview.mutate({ sampleId: s.id })}>
                    Preview
                  </Button>
                  {canWrite && s.status !== "accepted" && (
                    <Button type="button" variant="secondary" onClick={() => replay.mutate(s.id)} busy={replay.isPending && replay.variables === s.id}>
                      Replay
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {replay.error && <Alert>{(replay.error as Error).message}</Alert>}
      </div>
    </div>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  if (preview.error) return <Alert>{preview.error}</Alert>;
  return (
    <div className="space-y-2" data-testid="webhook-preview">
      <p className="text-sm text-slate-700">
        {preview.messages.length - preview.invalid.length} message{preview.messages.length - preview.invalid.length === 1 ? "" : "s"} would be stored
        {preview.skipped.length + preview.invalid.length > 0 ? `, ${preview.skipped.length + preview.invalid.length} not` : ""}.
      </p>
      {[...preview.skipped.map((s) => `Record ${s.index + 1}: ${s.reason}`), ...preview.invalid.map((s) => `Message ${s.index + 1}: ${s.error}`)].map((t) => (
        <p key={t} className="text-xs text-amber-800">
          {t}
        </p>
      ))}
      <pre className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(preview.messages, null, 2)}</pre>
    </div>
  );
}
