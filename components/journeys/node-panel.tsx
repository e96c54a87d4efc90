"use client";
import { Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import type { GraphNode } from "@/lib/journeys/schema";
import type { Group, PropertyFilter } from "@/lib/segments/schema";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { EventPicker, Filters } from "@/components/segments/condition-editor";
import { GroupEditor } from "@/components/segments/group-editor";
import { NumberInput } from "@/components/segments/inputs";
import type { Vocabulary } from "@/components/segments/use-vocabulary";
import { DurationFields } from "@/components/segments/window-fields";
import { EmailEditor } from "./email-editor";
import { KINDS } from "./labels";

type Props = {
  node: GraphNode;
  onChange: (config: Record<string, unknown>) => void;
  onDelete: () => void;
  readOnly: boolean;
  vocab: Vocabulary | undefined;
  syncs: { id: string; label: string }[];
  issues: string[];
  journeyName: string;
};

const noErrors = () => undefined;
const Row = ({ children }: { children: ReactNode }) => <div className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700">{children}</div>;

/** The side panel: the selected node's configuration, its problems, and delete. */
export function NodePanel({ node, onChange, onDelete, readOnly, vocab, syncs, issues, journeyName }: Props) {
  const kind = KINDS[node.type];
  const c = node.config as Record<string, unknown>;
  const set = (patch: Record<string, unknown>) => onChange({ ...c, ...patch });
  return (
    <div className="space-y-4" data-testid="node-panel">
      <div className="flex items-center justify-between">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{kind.label}</h2>
          <p className="text-xs text-slate-500">{kind.hint}</p>
        </div>
        {!readOnly && (
          <Button variant="ghost" onClick={onDelete} aria-label="Delete this step">
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        )}
      </div>
      {issues.length > 0 && (
        <ul className="space-y-1 rounded-md bg-red-50 p-2 text-xs text-red-700" role="alert">
          {issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
      <fieldset disabled={readOnly} className="space-y-3">
        {node.type === "trigger" && <TriggerFields c={c} set={set} onChange={onChange} vocab={vocab} />}
        {node.type === "wait" && <WaitFields c={c} set={set} onChange={onChange} vocab={vocab} />}
        {node.type === "branch" && (
          <div>
            <p className="mb-2 text-xs text-slate-500">Profiles who match go down “Yes”, the others down “No”. Checked when they arrive here.</p>
            <GroupEditor group={(c.condition as Group) ?? { type: "group", op: "and", conditions: [] }} onChange={(g) => set({ condition: g })} path="condition" errors={noErrors} vocab={vocab} depth={0} readOnly={readOnly} />
          </div>
        )}
        {node.type === "split" && <SplitFields c={c} set={set} />}
        {node.type === "email" && <EmailEditor config={c} onChange={set} readOnly={readOnly} purposes={vocab?.purposes ?? []} journeyName={journeyName} />}
        {node.type === "webhook" && (
          <>
            <TextField label="URL" placeholder="https://example.com/hooks/journey" value={String(c.url ?? "")} onChange={(e) => set({ url: e.target.value })} />
            <p className="text-xs text-slate-500">Northstar POSTs JSON with the journey, the profile (id, email, traits) and the triggering event, with an Idempotency-Key header. Server errors are retried with backoff.</p>
          </>
        )}
        {node.type === "update_trait" && (
          <>
            <TextField label="Trait" placeholder="last_reminded_at" list="journey-traits" value={String(c.trait ?? "")} onChange={(e) => set({ trait: e.target.value })} />
            <datalist id="journey-traits">{vocab?.traits.map((t) => <option key={t.name} value={t.name} />)}</datalist>
            <SelectField label="Value type" value={String(c.valueType ?? "string")} onChange={(e) => set({ valueType: e.target.value })}>
              <option value="string">Text</option>
              <option value="number">Number</option>
              <option value="boolean">Yes / no</option>
              <option value="date">Date</option>
              <option value="now">The time it happens</option>
            </SelectField>
            {c.valueType !== "now" && <TextField label="Value" hint="Variables work here: {{ event.properties.plan }}" value={String(c.value ?? "")} onChange={(e) => set({ value: e.target.value })} />}
          </>
        )}
        {node.type === "decide" && (
          <>
            <TextField label="Placement" value={String(c.placement ?? "journey")} onChange={(e) => set({ placement: e.target.value })} hint="The bandit learns per placement. Offers are set up under Models → Next best action." />
            <p className="text-xs text-slate-500">
              Picks an offer this person is eligible for (segments, traits, consent, caps). Later steps use it: {"{{ offer.name }}"}, {"{{ offer.payload.title }}"}. With no eligible offer, {"{{ offer }}"} is empty.
            </p>
          </>
        )}
        {node.type === "sync" && (
          <>
            <SelectField label="Action" value={String(c.action ?? "add")} onChange={(e) => set({ action: e.target.value })}>
              <option value="add">Add to the audience</option>
              <option value="remove">Remove from the audience</option>
            </SelectField>
            <SelectField label="Sync" value={String(c.syncId ?? "")} onChange={(e) => set({ syncId: e.target.value })} hint="The sync sends it on its next run, with its own consent rules and field mapping.">
              <option value="">Choose a sync…</option>
              {syncs.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </SelectField>
          </>
        )}
        {node.type === "goal" && (
          <>
            <p className="text-xs text-slate-500">Whenever a profile in this journey does this, it counts as converted and leaves the journey, wherever it is. A goal needs no connections.</p>
            <Row>
              <span>When they do</span>
              <EventPicker label="Goal event" value={String(c.event ?? "")} onChange={(event) => set({ event })} vocab={vocab} />
            </Row>
            <Filters event={String(c.event ?? "")} filters={(c.filters as PropertyFilter[]) ?? []} onChange={(filters) => set({ filters })} path="filters" errors={noErrors} />
          </>
        )}
        {node.type === "exit" && <p className="text-sm text-slate-600">Profiles that reach this step leave the journey as completed.</p>}
      </fieldset>
    </div>
  );
}

type FieldProps = { c: Record<string, unknown>; set: (p: Record<string, unknown>) => void; onChange: (c: Record<string, unknown>) => void; vocab: Vocabulary | undefined };

function TriggerFields({ c, set, onChange, vocab }: FieldProps) {
  const kind = String(c.kind ?? "segment_enter");
  return (
    <>
      <SelectField
        label="Starts when a profile"
        value={kind}
        onChange={(e) => onChange(e.target.value === "event" ? { kind: "event", event: "", filters: [] } : { kind: e.target.value, segmentId: String(c.segmentId ?? "") })}
      >
        <option value="segment_enter">enters a segment</option>
        <option value="segment_exit">leaves a segment</option>
        <option value="event">performs an event</option>
      </SelectField>
      {kind === "event" ? (
        <>
          <Row>
            <span>Event</span>
            <EventPicker label="Trigger event" value={String(c.event ?? "")} onChange={(event) => set({ event })} vocab={vocab} />
          </Row>
          <Filters event={String(c.event ?? "")} filters={(c.filters as PropertyFilter[]) ?? []} onChange={(filters) => set({ filters })} path="filters" errors={noErrors} />
        </>
      ) : (
        <SelectField label="Segment" value={String(c.segmentId ?? "")} onChange={(e) => set({ segmentId: e.target.value })}>
          <option value="">Choose a segment…</option>
          {vocab?.segments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      )}
    </>
  );
}

function WaitFields({ c, set, onChange, vocab }: FieldProps) {
  const mode = String(c.mode ?? "duration");
  const make: Record<string, () => Record<string, unknown>> = {
    duration: () => ({ mode: "duration", amount: 1, unit: "days" }),
    until_date: () => ({ mode: "until_date", at: "" }),
    time_of_day: () => ({ mode: "time_of_day", time: "09:00" }),
    event: () => ({ mode: "event", event: "", filters: [], timeout: { amount: 1, unit: "days" } }),
  };
  return (
    <>
      <SelectField label="Wait" value={mode} onChange={(e) => onChange(make[e.target.value]!())}>
        <option value="duration">for a while</option>
        <option value="until_date">until a date</option>
        <option value="time_of_day">until a time of day</option>
        <option value="event">until an event happens</option>
      </SelectField>
      {mode === "duration" && (
        <Row>
          <span>Wait</span>
          <DurationFields label="wait" value={{ amount: Number(c.amount ?? 1), unit: (c.unit as "days") ?? "days" }} onChange={(d) => set(d)} />
        </Row>
      )}
      {mode === "until_date" && <TextField label="Until" type="datetime-local" value={String(c.at ?? "").slice(0, 16)} onChange={(e) => set({ at: e.target.value ? new Date(e.target.value).toISOString() : "" })} />}
      {mode === "time_of_day" && <TextField label="Until the next" type="time" hint="In the profile's timezone (trait “timezone”), else the workspace's." value={String(c.time ?? "09:00")} onChange={(e) => set({ time: e.target.value })} />}
      {mode === "event" && (
        <>
          <Row>
            <span>Until they do</span>
            <EventPicker label="Awaited event" value={String(c.event ?? "")} onChange={(event) => set({ event })} vocab={vocab} />
          </Row>
          <Filters event={String(c.event ?? "")} filters={(c.filters as PropertyFilter[]) ?? []} onChange={(filters) => set({ filters })} path="filters" errors={noErrors} />
          <Row>
            <span>or at most</span>
            <DurationFields label="timeout" value={(c.timeout as { amount: number; unit: "days" }) ?? { amount: 1, unit: "days" }} onChange={(timeout) => set({ timeout })} />
          </Row>
          <p className="text-xs text-slate-500">Profiles who do it go down “Happened”; the others down “Timed out”.</p>
        </>
      )}
    </>
  );
}

function SplitFields({ c, set }: Pick<FieldProps, "c" | "set">) {
  const variants = (c.variants as { name: string; percent: number }[]) ?? [];
  const holdout = Number(c.holdout ?? 0);
  const total = variants.reduce((n, v) => n + (v.percent || 0), 0) + holdout;
  const put = (i: number, patch: Partial<{ name: string; percent: number }>) => set({ variants: variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  return (
    <div className="space-y-2">
      {variants.map((v, i) => (
        <Row key={i}>
          <input aria-label={`Path ${i + 1} name`} className="w-24 rounded-md px-2 py-1.5 text-sm ring-1 ring-slate-300" value={v.name} onChange={(e) => put(i, { name: e.target.value })} />
          <NumberInput label={`Path ${v.name} percent`} className="w-20" min={0} value={v.percent} onValue={(n) => put(i, { percent: n ?? 0 })} />
          <span>%</span>
          {variants.length > 1 && (
            <button type="button" className="text-xs text-slate-500 hover:text-red-600" onClick={() => set({ variants: variants.filter((_, j) => j !== i) })}>
              remove
            </button>
          )}
        </Row>
      ))}
      {variants.length < 8 && (
        <button type="button" className="text-sm font-medium text-brand-700 hover:underline" onClick={() => set({ variants: [...variants, { name: String.fromCharCode(65 + variants.length), percent: 0 }] })}>
          + Add a path
        </button>
      )}
      <Row>
        <span>Holdout (gets nothing, measured)</span>
        <NumberInput label="Holdout percent" className="w-20" min={0} value={holdout} onValue={(n) => set({ holdout: n ?? 0 })} />
        <span>%</span>
      </Row>
      <p className={total === 100 ? "text-xs text-slate-500" : "text-xs text-red-600"}>Total {total}% (must be 100%). A profile always lands on the same path.</p>
    </div>
  );
}
