"use client";
import { Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ProviderInfo } from "@/lib/activation/destinations";
import { MODE_LABELS, SYNC_MODES, type Mapping, type SyncMode } from "@/lib/activation/schema";
import type { SyncSummary } from "@/lib/activation/syncs";
import { useVocabulary } from "@/components/segments/use-vocabulary";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { TRIGGER_CHOICES } from "./labels";
import { MappingEditor } from "./mapping-editor";
import { SyncPreviewTable } from "./sync-preview";

type Option = { id: string; name: string };

export function SyncForm(props: {
  segments: (Option & { memberCount: number })[];
  destinations: (Option & { kind: string })[];
  providers: ProviderInfo[];
  initial?: SyncSummary;
  segmentId?: string;
  destinationId?: string;
}) {
  const router = useRouter();
  const { initial } = props;
  const vocabulary = useVocabulary();
  const [segmentId, setSegmentId] = useState(initial?.segmentId ?? props.segmentId ?? props.segments[0]?.id ?? "");
  const [destinationId, setDestinationId] = useState(initial?.destinationId ?? props.destinationId ?? props.destinations[0]?.id ?? "");
  const providerOf = (id: string) => props.providers.find((p) => p.kind === props.destinations.find((d) => d.id === id)?.kind);
  const provider = providerOf(destinationId);
  const [mode, setMode] = useState<SyncMode>(initial?.mode ?? "mirror");
  const [trigger, setTrigger] = useState(initial ? (initial.trigger === "realtime" ? "realtime" : String(initial.everyMinutes)) : provider?.writesFiles ? "1440" : "realtime");
  const [mapping, setMapping] = useState<Mapping>(initial?.mapping ?? provider?.defaultMapping ?? [{ from: "traits.email", to: "email" }]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [testing, setTesting] = useState(false);

  function pickDestination(id: string) {
    setDestinationId(id);
    const p = providerOf(id);
    if (p) setMapping(p.defaultMapping);
    if (p?.writesFiles && trigger === "realtime") setTrigger("1440");
  }
  const body = () => ({ segmentId, destinationId, mode, trigger: trigger === "realtime" ? "realtime" : "schedule", everyMinutes: trigger === "realtime" ? null : Number(trigger), mapping });

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const res = initial
        ? await api<{ sync: SyncSummary }>(`/api/syncs/${initial.id}`, { method: "PUT", body: body() })
        : await api<{ sync: SyncSummary }>("/api/syncs", { method: "POST", body: body() });
      router.push(`/destinations/syncs/${res.sync.id}`);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  async function sendTest() {
    setTesting(true);
    setTest(null);
    try {
      setTest(await api<{ ok: boolean; message: string }>("/api/syncs/test-record", { method: "POST", body: { segmentId, destinationId, mapping } }));
    } catch (e) {
      setTest({ ok: false, message: (e as Error).message });
    } finally {
      setTesting(false);
    }
  }

  const traits = (vocabulary.data?.traits ?? []).map((t) => t.name);
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card title="What, where and when">
        <div className="space-y-4">
          <SelectField label="Segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)} disabled={Boolean(initial)}>
            {props.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.memberCount.toLocaleString()} members)
              </option>
            ))}
          </SelectField>
          <SelectField label="Destination" value={destinationId} onChange={(e) => pickDestination(e.target.value)} disabled={Boolean(initial)}>
            {props.destinations.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </SelectField>
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">Mode</legend>
            <div className="space-y-1">
              {SYNC_MODES.map((m) => (
                <label key={m} className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="mt-0.5" /> {MODE_LABELS[m]}
                </label>
              ))}
            </div>
          </fieldset>
          <SelectField label="When" value={trigger} onChange={(e) => setTrigger(e.target.value)} hint={trigger === "realtime" ? "Membership changes go out within seconds; everything is also reconciled every 15 minutes." : undefined}>
            {TRIGGER_CHOICES.filter((c) => !(provider?.writesFiles && c.value === "realtime")).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <div>
            <h3 className="mb-1 text-sm font-medium text-slate-700">Field mapping</h3>
            <MappingEditor mapping={mapping} traits={traits} onChange={setMapping} required={provider?.requiresAny ?? []} />
          </div>
          {error && <Alert>{error}</Alert>}
          <div className="flex flex-wrap gap-2">
            <Button onClick={save} busy={busy}>
              {initial ? "Save sync" : "Create sync and start"}
            </Button>
            <Button variant="secondary" onClick={() => router.back()}>
              Cancel
            </Button>
          </div>
        </div>
      </Card>
      <Card
        title="Preview"
        description="What the destination receives for the first members of the segment."
        actions={
          !provider?.writesFiles && (
            <Button variant="secondary" onClick={sendTest} busy={testing}>
              <Send aria-hidden className="h-4 w-4" /> Send a test record
            </Button>
          )
        }
      >
        {test && (
          <div className="mb-3">
            <Alert tone={test.ok ? "success" : "error"}>{test.message}</Alert>
          </div>
        )}
        <SyncPreviewTable segmentId={segmentId} destinationId={destinationId} mapping={mapping} />
      </Card>
    </div>
  );
}
