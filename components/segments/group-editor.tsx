"use client";
import { FolderPlus, Trash2 } from "lucide-react";
import type { Condition, Group, Node } from "@/lib/segments/schema";
import { cn } from "@/components/ui/cn";
import { ConditionEditor, type Errors } from "./condition-editor";
import { InlineSelect } from "./inputs";
import type { Vocabulary } from "./use-vocabulary";

/** New conditions by kind, grouped the way marketers think of them. */
export const CONDITION_KINDS: { label: string; make: () => Condition }[] = [
  { label: "Did an event", make: () => ({ type: "event", event: "", filters: [], measure: { kind: "count", op: "at_least", value: 1 }, window: { kind: "last", amount: 30, unit: "days" } }) },
  { label: "Did not do an event", make: () => ({ type: "no_event", event: "", filters: [], window: { kind: "last", amount: 30, unit: "days" } }) },
  { label: "Did one event then another (or not)", make: () => ({ type: "sequence", first: { event: "", filters: [] }, then: { event: "", filters: [] }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: 7, unit: "days" } }) },
  { label: "Has a trait", make: () => ({ type: "trait", trait: "", valueType: "string", op: "eq", value: "" }) },
  { label: "First or last seen", make: () => ({ type: "seen", which: "last", op: "within_last", within: { amount: 7, unit: "days" } }) },
  { label: "Is in another segment", make: () => ({ type: "segment", segmentId: "", member: true }) },
  { label: "Has given consent", make: () => ({ type: "consent", purpose: "marketing_email", granted: true }) },
];

type Props = { group: Group; onChange: (g: Group) => void; path: string; errors: Errors; vocab: Vocabulary | undefined; depth: number; onRemove?: () => void; readOnly?: boolean };

/** A group of conditions joined by all / any; nested groups can include or exclude people. */
export function GroupEditor({ group, onChange, path, errors, vocab, depth, onRemove, readOnly }: Props) {
  const set = (i: number, n: Node) => onChange({ ...group, conditions: group.conditions.map((c, j) => (j === i ? n : c)) });
  const remove = (i: number) => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) });
  const at = (i: number) => (path ? `${path}.conditions.${i}` : `conditions.${i}`);
  return (
    <fieldset disabled={readOnly} className={cn("rounded-lg", depth > 0 && (group.negate ? "border border-red-200 bg-red-50/40 p-3" : "border border-slate-200 bg-slate-50/60 p-3"))}>
      <legend className="sr-only">{depth === 0 ? "Conditions" : "Group of conditions"}</legend>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        {depth > 0 && (
          <InlineSelect label="Include or exclude" value={group.negate ? "exclude" : "include"} onChange={(e) => onChange({ ...group, negate: e.target.value === "exclude" })}>
            <option value="include">Include people who match</option>
            <option value="exclude">Exclude people who match</option>
          </InlineSelect>
        )}
        {depth === 0 && <span className="font-medium text-slate-900">People who match</span>}
        <InlineSelect label={depth === 0 ? "Match all or any" : "Match all or any in group"} value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as "and" | "or" })}>
          <option value="and">all</option>
          <option value="or">any</option>
        </InlineSelect>
        <span>of these conditions</span>
        {onRemove && (
          <button type="button" onClick={onRemove} aria-label="Remove group" className="ml-auto rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-red-600">
            <Trash2 className="h-4 w-4" aria-hidden />
          </button>
        )}
      </div>
      <ol className="space-y-2">
        {group.conditions.map((c, i) => (
          <li key={i} className="group relative">
            {i > 0 && <div className="mb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">{group.op === "and" ? "and" : "or"}</div>}
            {c.type === "group" ? (
              <GroupEditor group={c} onChange={(g) => set(i, g)} path={at(i)} errors={errors} vocab={vocab} depth={depth + 1} onRemove={() => remove(i)} readOnly={readOnly} />
            ) : (
              <div className="flex items-start gap-2 rounded-md bg-white p-2 ring-1 ring-slate-200" data-testid="condition-row">
                <div className="min-w-0 flex-1">
                  <ConditionEditor value={c} onChange={(n) => set(i, n)} path={at(i)} errors={errors} vocab={vocab} />
                </div>
                <button type="button" onClick={() => remove(i)} aria-label="Remove condition" className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-red-600">
                  <Trash2 className="h-4 w-4" aria-hidden />
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <InlineSelect
            label={depth === 0 ? "Add a condition" : "Add a condition to group"}
            value=""
            onChange={(e) => {
              const kind = CONDITION_KINDS[Number(e.target.value)];
              if (kind) onChange({ ...group, conditions: [...group.conditions, kind.make()] });
            }}
          >
            <option value="">+ Add a condition…</option>
            {CONDITION_KINDS.map((k, i) => (
              <option key={k.label} value={i}>
                {k.label}
              </option>
            ))}
          </InlineSelect>
          {depth < 3 && (
            <>
              <button type="button" className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100" onClick={() => onChange({ ...group, conditions: [...group.conditions, { type: "group", op: "or", conditions: [] }] })}>
                <FolderPlus className="h-4 w-4" aria-hidden /> Add a group
              </button>
              {depth === 0 && (
                <button type="button" className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50" onClick={() => onChange({ ...group, conditions: [...group.conditions, { type: "group", op: "or", negate: true, conditions: [] }] })}>
                  Exclude people who…
                </button>
              )}
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}
