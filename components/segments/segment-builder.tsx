"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { definitionSchema, type Group } from "@/lib/segments/schema";
import type { SegmentDetail } from "@/lib/segments/store";
import { Alert } from "@/components/ui/alert";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { definitionText } from "./describe";
import { GroupEditor } from "./group-editor";
import { SizePanel } from "./size-panel";
import { useVocabulary } from "./use-vocabulary";

type Draft = { name: string; description: string; definition: Group };
const EMPTY: Draft = { name: "", description: "", definition: { type: "group", op: "and", conditions: [] } };

/** Creates or edits a segment: conditions as sentences, plain words below, the live size above. */
export function SegmentBuilder({ segment }: { segment?: Pick<SegmentDetail, "id" | "name" | "description" | "definition"> }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const initial = useMemo<Draft>(() => (segment ? { name: segment.name, description: segment.description, definition: segment.definition } : EMPTY), [segment]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const vocab = useVocabulary();

  const parsed = definitionSchema.safeParse(draft.definition);
  const issues = new Map<string, string>();
  if (!parsed.success) for (const i of parsed.error.issues) if (!issues.has(i.path.join("."))) issues.set(i.path.join("."), i.message);
  const errors = (path: string) => issues.get(path);
  const hasConditions = draft.definition.conditions.length > 0;
  const valid = parsed.success && hasConditions;
  const changed = JSON.stringify(draft) !== JSON.stringify(initial);
  const names = new Map(vocab.data?.segments.map((s) => [s.id, s.name]));
  const segmentName = (id: string) => names.get(id) ?? "unknown segment";

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const body = { name: draft.name, description: draft.description, definition: draft.definition };
      const r = segment ? await api<{ segment: SegmentDetail }>(`/api/segments/${segment.id}`, { method: "PUT", body }) : await api<{ segment: SegmentDetail }>("/api/segments", { method: "POST", body });
      await queryClient.invalidateQueries({ queryKey: ["segment-vocabulary"] });
      router.push(`/segments/${r.segment.id}`);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-5">
        <div className="grid gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2">
          <TextField label="Name" placeholder="Abandoned cart, last 7 days" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} maxLength={120} />
          <TextField label="Description" hint="Optional: what the audience is for" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} maxLength={1000} />
        </div>
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <GroupEditor group={draft.definition} onChange={(definition) => setDraft({ ...draft, definition })} path="" errors={errors} vocab={vocab.data} depth={0} />
          {!hasConditions && <p className="mt-3 text-sm text-slate-500">Add a first condition: what people did, did not do, or who they are.</p>}
          <div className="mt-5 rounded-md bg-slate-50 px-4 py-3">
            <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">In plain words</p>
            <p className="mt-1 text-sm text-slate-800" data-testid="definition-text">
              {definitionText(draft.definition, segmentName)}
            </p>
          </div>
        </div>
        {error && <Alert>{error}</Alert>}
        <div className="flex items-center gap-3">
          <Button onClick={save} busy={busy} disabled={!changed || !valid || !draft.name.trim()}>
            {segment ? "Save changes" : "Create segment"}
          </Button>
          <Button variant="secondary" onClick={() => router.push(segment ? `/segments/${segment.id}` : "/segments")}>
            Cancel
          </Button>
          <span className="text-sm text-slate-500" role="status">
            {!changed ? (segment ? "No unsaved changes" : "") : !draft.name.trim() ? "Name the segment to save it" : !valid ? "Fix the marked conditions to save" : "Unsaved changes"}
          </span>
        </div>
        {segment && changed && JSON.stringify(draft.definition) !== JSON.stringify(initial.definition) && (
          <p className="text-xs text-slate-500">Saving changed conditions creates a new version: membership is rebuilt from history, and who enters or leaves is logged.</p>
        )}
      </div>
      <div className="lg:sticky lg:top-4 lg:self-start">
        <SizePanel definition={draft.definition} valid={valid} segmentName={segmentName} />
      </div>
    </div>
  );
}
