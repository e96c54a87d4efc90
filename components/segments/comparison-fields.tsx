"use client";
import { OPERATORS_BY_TYPE, type Operator, type PropertyFilter, type ValueType } from "@/lib/segments/schema";
import { OP_LABELS } from "./describe";
import { InlineInput, InlineSelect, NumberInput } from "./inputs";
import { DurationFields } from "./window-fields";

export type ComparisonValue = Pick<PropertyFilter, "valueType" | "op" | "value" | "to" | "values" | "within">;
const TYPE_LABELS: Record<ValueType, string> = { string: "text", number: "number", boolean: "true / false", date: "date", list: "list" };

/** Operator and value inputs that fit the value's type; changing the type resets what no longer fits. */
export function ComparisonFields({ value, onChange, examples = [], name, errors }: { value: ComparisonValue; onChange: (v: ComparisonValue) => void; examples?: string[]; name: string; errors: (field: string) => string | undefined }) {
  const ops = OPERATORS_BY_TYPE[value.valueType];
  const listId = `examples-${name.replace(/[^a-z0-9]/gi, "-")}`;
  const setType = (valueType: ValueType) => onChange({ valueType, op: OPERATORS_BY_TYPE[valueType][0]!, value: valueType === "boolean" ? true : undefined, values: undefined, to: undefined, within: undefined });
  const setOp = (op: Operator) => onChange({ ...value, op, within: op.includes("within") ? (value.within ?? { amount: 7, unit: "days" }) : undefined, values: op.endsWith("in") ? (value.values ?? []) : undefined });
  const scalar = (raw: string) => (value.valueType === "number" ? (raw === "" ? undefined : Number(raw)) : raw);
  return (
    <>
      <InlineSelect label={`Type of ${name}`} value={value.valueType} onChange={(e) => setType(e.target.value as ValueType)}>
        {(Object.keys(TYPE_LABELS) as ValueType[]).map((t) => (
          <option key={t} value={t}>
            {TYPE_LABELS[t]}
          </option>
        ))}
      </InlineSelect>
      <InlineSelect label={`Operator for ${name}`} value={value.op} invalid={!!errors("op")} onChange={(e) => setOp(e.target.value as Operator)}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </InlineSelect>
      {value.op === "exists" || value.op === "not_exists" ? null : value.op === "in" || value.op === "not_in" ? (
        <InlineInput
          label={`Values for ${name}, separated by commas`}
          placeholder="a, b, c"
          className="w-56"
          invalid={!!errors("values")}
          list={listId}
          value={(value.values ?? []).join(", ")}
          onChange={(e) => onChange({ ...value, values: e.target.value.split(",").map((s) => s.trim()).filter(Boolean).map((s) => (value.valueType === "number" ? Number(s) : s)) })}
        />
      ) : value.op === "within_last" || value.op === "not_within_last" ? (
        <DurationFields label={name} value={value.within ?? { amount: 7, unit: "days" }} onChange={(within) => onChange({ ...value, within })} invalid={!!errors("within")} />
      ) : value.valueType === "boolean" ? (
        <InlineSelect label={`Value of ${name}`} value={String(value.value ?? true)} onChange={(e) => onChange({ ...value, value: e.target.value === "true" })}>
          <option value="true">true</option>
          <option value="false">false</option>
        </InlineSelect>
      ) : value.valueType === "number" ? (
        <NumberInput label={`Value of ${name}`} value={typeof value.value === "number" ? value.value : undefined} onValue={(n) => onChange({ ...value, value: n })} invalid={!!errors("value")} />
      ) : (
        <InlineInput
          label={`Value of ${name}`}
          type={value.valueType === "date" ? "date" : "text"}
          list={value.valueType === "string" || value.valueType === "list" ? listId : undefined}
          className="w-44"
          invalid={!!errors("value")}
          value={String(value.value ?? "").slice(0, value.valueType === "date" ? 10 : undefined)}
          onChange={(e) => onChange({ ...value, value: scalar(e.target.value) })}
        />
      )}
      {value.op === "between" &&
        (value.valueType === "number" ? (
          <>
            <span className="text-sm text-slate-600">and</span>
            <NumberInput label={`Upper end for ${name}`} value={typeof value.to === "number" ? value.to : undefined} onValue={(n) => onChange({ ...value, to: n })} invalid={!!errors("to")} />
          </>
        ) : (
          <>
            <span className="text-sm text-slate-600">and</span>
            <InlineInput label={`End date for ${name}`} type="date" invalid={!!errors("to")} value={String(value.to ?? "").slice(0, 10)} onChange={(e) => onChange({ ...value, to: e.target.value })} />
          </>
        ))}
      {examples.length > 0 && (
        <datalist id={listId}>
          {examples.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      )}
    </>
  );
}
