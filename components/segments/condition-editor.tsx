"use client";
import { Plus, X } from "lucide-react";
import { AGGREGATES, AGGREGATE_OPS, COUNT_OPS, type Condition, type EventCondition, type Measure, type PropertyFilter, type SequenceCondition } from "@/lib/segments/schema";
import { ComparisonFields } from "./comparison-fields";
import { OP_LABELS } from "./describe";
import { FieldError, InlineInput, InlineSelect, NumberInput } from "./inputs";
import { useEventProperties, type Vocabulary } from "./use-vocabulary";
import { DurationFields, WindowFields } from "./window-fields";

export type Errors = (path: string) => string | undefined;
type Props<C> = { value: C; onChange: (c: C) => void; path: string; errors: Errors; vocab: Vocabulary | undefined };

const Sentence = ({ children }: { children: React.ReactNode }) => <div className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700">{children}</div>;
const Word = ({ children }: { children: React.ReactNode }) => <span className="text-slate-600">{children}</span>;

/** The first error under a path, for the message below a row. */
function firstError(errors: Errors, path: string, fields: string[]): string | undefined {
  for (const f of ["", ...fields]) {
    const e = errors(f ? `${path}.${f}` : path);
    if (e) return e;
  }
  return undefined;
}

export function EventPicker({ label, value, onChange, vocab, invalid }: { label: string; value: string; onChange: (e: string) => void; vocab: Vocabulary | undefined; invalid?: boolean }) {
  const id = `events-${label.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <>
      <InlineInput label={label} list={id} placeholder="event name" className="w-48" value={value} invalid={invalid} onChange={(e) => onChange(e.target.value)} />
      <datalist id={id}>
        {vocab?.events.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
    </>
  );
}

/** Property filters on an event: "where category is coffee". */
export function Filters({ event, filters, onChange, path, errors }: { event: string; filters: PropertyFilter[]; onChange: (f: PropertyFilter[]) => void; path: string; errors: Errors }) {
  const props = useEventProperties(event).data?.properties ?? [];
  const listId = `props-${path.replace(/\./g, "-")}`;
  return (
    <div className="mt-1 space-y-1 pl-4">
      {filters.map((f, i) => {
        const info = props.find((p) => p.name === f.property);
        const fe: Errors = (field) => errors(`${path}.${i}.${field}`);
        return (
          <div key={i}>
            <Sentence>
              <Word>{i === 0 ? "where" : "and"}</Word>
              <InlineInput
                label="Property"
                list={listId}
                className="w-36"
                value={f.property}
                invalid={!!fe("property")}
                onChange={(e) => {
                  const found = props.find((p) => p.name === e.target.value);
                  const next = { ...f, property: e.target.value };
                  onChange(filters.map((x, j) => (j === i ? (found && found.type !== f.valueType ? { ...next, valueType: found.type === "list" ? "string" : found.type, op: "eq" as const, value: undefined } : next) : x)));
                }}
              />
              <ComparisonFields name={f.property || "property"} value={f} examples={info?.examples} errors={fe} onChange={(c) => onChange(filters.map((x, j) => (j === i ? { ...x, ...c } : x)))} />
              <button type="button" aria-label={`Remove filter on ${f.property || "property"}`} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" onClick={() => onChange(filters.filter((_, j) => j !== i))}>
                <X className="h-4 w-4" aria-hidden />
              </button>
            </Sentence>
            <FieldError message={firstError(errors, `${path}.${i}`, ["property", "op", "value", "to", "values"])} />
          </div>
        );
      })}
      <datalist id={listId}>
        {props.map((p) => (
          <option key={p.name} value={p.name} />
        ))}
      </datalist>
      <button type="button" className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline" onClick={() => onChange([...filters, { property: "", valueType: "string", op: "eq", value: "" }])}>
        <Plus className="h-3 w-3" aria-hidden /> property filter
      </button>
    </div>
  );
}

function MeasureFields({ value, onChange, event, errors, path }: { value: Measure; onChange: (m: Measure) => void; event: string; errors: Errors; path: string }) {
  const props = useEventProperties(event).data?.properties.filter((p) => p.type === "number") ?? [];
  return (
    <>
      <InlineSelect
        label="Measure"
        value={value.kind === "count" ? value.op : value.kind}
        onChange={(e) => {
          const v = e.target.value;
          if ((COUNT_OPS as readonly string[]).includes(v)) onChange({ kind: "count", op: v as (typeof COUNT_OPS)[number], value: value.kind === "count" ? value.value : 1 });
          else onChange({ kind: v as (typeof AGGREGATES)[number], property: value.kind === "count" ? (props[0]?.name ?? "revenue") : value.property, op: "gt", value: value.kind === "count" ? 100 : value.value });
        }}
      >
        <option value="at_least">at least</option>
        <option value="at_most">at most</option>
        <option value="exactly">exactly</option>
        <option value="sum">with a total</option>
        <option value="avg">with an average</option>
        <option value="min">with a smallest</option>
        <option value="max">with a largest</option>
      </InlineSelect>
      {value.kind === "count" ? (
        <>
          <NumberInput label="Number of times" className="w-20" min={0} value={value.value} onValue={(n) => onChange({ ...value, value: n ?? 0 })} invalid={!!errors(`${path}.value`)} />
          <Word>{value.value === 1 ? "time" : "times"}</Word>
        </>
      ) : (
        <>
          <InlineInput label="Numeric property" list={`num-${path}`} className="w-32" value={value.property} invalid={!!errors(`${path}.property`)} onChange={(e) => onChange({ ...value, property: e.target.value })} />
          <datalist id={`num-${path}`}>
            {props.map((p) => (
              <option key={p.name} value={p.name} />
            ))}
          </datalist>
          <InlineSelect label="Comparison" value={value.op} onChange={(e) => onChange({ ...value, op: e.target.value as (typeof AGGREGATE_OPS)[number] })}>
            {AGGREGATE_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op].replace(/^is /, "")}
              </option>
            ))}
          </InlineSelect>
          <NumberInput label="Amount" value={value.value} onValue={(n) => onChange({ ...value, value: n ?? 0 })} />
          {value.op === "between" && (
            <>
              <Word>and</Word>
              <NumberInput label="Upper amount" value={value.to} onValue={(n) => onChange({ ...value, to: n })} invalid={!!errors(`${path}.to`)} />
            </>
          )}
        </>
      )}
    </>
  );
}

function EventEditor({ value, onChange, path, errors, vocab }: Props<EventCondition>) {
  return (
    <div>
      <Sentence>
        <Word>Did</Word>
        <EventPicker label="Event" value={value.event} onChange={(event) => onChange({ ...value, event })} vocab={vocab} invalid={!!errors(`${path}.event`)} />
        <MeasureFields value={value.measure} onChange={(measure) => onChange({ ...value, measure })} event={value.event} errors={errors} path={`${path}.measure`} />
        <WindowFields label={value.event || "event"} value={value.window} onChange={(window) => onChange({ ...value, window })} invalid={!!errors(`${path}.window`)} />
      </Sentence>
      <FieldError message={firstError(errors, path, ["event", "measure", "measure.value", "measure.property", "measure.to", "window", "window.amount"])} />
      <Filters event={value.event} filters={value.filters} onChange={(filters) => onChange({ ...value, filters })} path={`${path}.filters`} errors={errors} />
    </div>
  );
}

function SequenceEditor({ value, onChange, path, errors, vocab }: Props<SequenceCondition>) {
  return (
    <div>
      <Sentence>
        <Word>Did</Word>
        <EventPicker label="First event" value={value.first.event} onChange={(event) => onChange({ ...value, first: { ...value.first, event } })} vocab={vocab} invalid={!!errors(`${path}.first.event`)} />
        <InlineSelect label="Then or not" value={value.followed ? "then" : "not"} onChange={(e) => onChange({ ...value, followed: e.target.value === "then" })}>
          <option value="then">then</option>
          <option value="not">not followed by</option>
        </InlineSelect>
        <EventPicker label="Second event" value={value.then.event} onChange={(event) => onChange({ ...value, then: { ...value.then, event } })} vocab={vocab} invalid={!!errors(`${path}.then.event`)} />
        <Word>within</Word>
        <DurationFields label="sequence" value={value.within} onChange={(within) => onChange({ ...value, within })} invalid={!!errors(`${path}.within.amount`)} />
        <Word>{value.followed ? "" : "(or since),"} first event</Word>
        <WindowFields label="first event" value={value.window} onChange={(window) => onChange({ ...value, window })} />
      </Sentence>
      <FieldError message={firstError(errors, path, ["first.event", "then.event", "within.amount", "window"])} />
      <Filters event={value.then.event} filters={value.then.filters} onChange={(filters) => onChange({ ...value, then: { ...value.then, filters } })} path={`${path}.then.filters`} errors={errors} />
    </div>
  );
}

/** One condition row, read as a sentence, by kind. */
export function ConditionEditor({ value, onChange, path, errors, vocab }: Props<Condition>) {
  switch (value.type) {
    case "event":
      return <EventEditor value={value} onChange={onChange} path={path} errors={errors} vocab={vocab} />;
    case "sequence":
      return <SequenceEditor value={value} onChange={onChange} path={path} errors={errors} vocab={vocab} />;
    case "no_event":
      return (
        <div>
          <Sentence>
            <Word>Did not do</Word>
            <EventPicker label="Event" value={value.event} onChange={(event) => onChange({ ...value, event })} vocab={vocab} invalid={!!errors(`${path}.event`)} />
            <WindowFields label={value.event || "event"} value={value.window} onChange={(window) => onChange({ ...value, window })} />
          </Sentence>
          <FieldError message={firstError(errors, path, ["event", "window", "window.amount"])} />
          <Filters event={value.event} filters={value.filters} onChange={(filters) => onChange({ ...value, filters })} path={`${path}.filters`} errors={errors} />
        </div>
      );
    case "trait": {
      const info = vocab?.traits.find((t) => t.name === value.trait);
      return (
        <div>
          <Sentence>
            <Word>Trait</Word>
            <InlineInput
              label="Trait"
              list="segment-traits"
              className="w-40"
              value={value.trait}
              invalid={!!errors(`${path}.trait`)}
              onChange={(e) => {
                const found = vocab?.traits.find((t) => t.name === e.target.value);
                onChange(found && found.type !== value.valueType ? { type: "trait", trait: e.target.value, valueType: found.type, op: found.type === "list" ? "contains" : found.type === "date" ? "within_last" : "eq", value: found.type === "boolean" ? true : undefined, within: found.type === "date" ? { amount: 30, unit: "days" } : undefined } : { ...value, trait: e.target.value });
              }}
            />
            <datalist id="segment-traits">
              {vocab?.traits.map((t) => (
                <option key={t.name} value={t.name} />
              ))}
            </datalist>
            <ComparisonFields name={value.trait || "trait"} value={value} examples={info?.examples} errors={(f) => errors(`${path}.${f}`)} onChange={(c) => onChange({ ...value, ...c })} />
          </Sentence>
          <FieldError message={firstError(errors, path, ["trait", "op", "value", "to", "values", "within"])} />
        </div>
      );
    }
    case "seen":
      return (
        <div>
          <Sentence>
            <Word>Was</Word>
            <InlineSelect label="First or last seen" value={value.which} onChange={(e) => onChange({ ...value, which: e.target.value as "first" | "last" })}>
              <option value="first">first seen</option>
              <option value="last">last seen</option>
            </InlineSelect>
            <InlineSelect
              label="When"
              value={value.op}
              onChange={(e) => {
                const op = e.target.value as typeof value.op;
                onChange({ ...value, op, within: op.includes("within") ? (value.within ?? { amount: 7, unit: "days" }) : undefined, date: op.includes("within") ? undefined : (value.date ?? new Date().toISOString().slice(0, 10)) });
              }}
            >
              <option value="within_last">within the last</option>
              <option value="not_within_last">not within the last</option>
              <option value="before">before</option>
              <option value="after">after</option>
            </InlineSelect>
            {value.op.includes("within") ? (
              <DurationFields label="seen" value={value.within ?? { amount: 7, unit: "days" }} onChange={(within) => onChange({ ...value, within })} invalid={!!errors(`${path}.within`)} />
            ) : (
              <InlineInput label="Date" type="date" value={(value.date ?? "").slice(0, 10)} onChange={(e) => onChange({ ...value, date: e.target.value })} invalid={!!errors(`${path}.date`)} />
            )}
          </Sentence>
          <FieldError message={firstError(errors, path, ["date", "within", "within.amount"])} />
        </div>
      );
    case "segment":
      return (
        <div>
          <Sentence>
            <InlineSelect label="In or not in" value={value.member ? "in" : "not"} onChange={(e) => onChange({ ...value, member: e.target.value === "in" })}>
              <option value="in">Is in</option>
              <option value="not">Is not in</option>
            </InlineSelect>
            <Word>segment</Word>
            <InlineSelect label="Segment" value={value.segmentId} invalid={!!errors(`${path}.segmentId`)} onChange={(e) => onChange({ ...value, segmentId: e.target.value })}>
              <option value="">Choose a segment…</option>
              {vocab?.segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </InlineSelect>
          </Sentence>
          <FieldError message={firstError(errors, path, ["segmentId"])} />
        </div>
      );
    case "consent":
      return (
        <Sentence>
          <InlineSelect label="Granted or not" value={value.granted ? "granted" : "not"} onChange={(e) => onChange({ ...value, granted: e.target.value === "granted" })}>
            <option value="granted">Has granted</option>
            <option value="not">Has not granted</option>
          </InlineSelect>
          <Word>consent for</Word>
          <InlineSelect label="Purpose" value={value.purpose} onChange={(e) => onChange({ ...value, purpose: e.target.value })}>
            {(vocab?.purposes ?? ["marketing_email", "advertising", "analytics", "personalization"]).map((p) => (
              <option key={p} value={p}>
                {p.replace(/_/g, " ")}
              </option>
            ))}
          </InlineSelect>
        </Sentence>
      );
  }
}
