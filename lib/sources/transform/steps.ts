import { createHash } from "node:crypto";
import { z } from "zod";
import { evaluate, parseExpression } from "./expression";
import { StepFailure } from "./failure";

/**
 * A source's transformations: ordered declarative steps applied to each incoming message (as sent,
 * before validation). Fields are paths in the message: `properties.price`, `traits.email`, `userId`,
 * `context.page.url`. A step that cannot do its job sends the message to quarantine with the reason.
 */
const field = z
  .string({ error: "Name a field, like properties.price" })
  .trim()
  .min(1, "Name a field, like properties.price")
  .max(200)
  .regex(/^(properties|traits|context|userId|anonymousId|event|name)(\.[^.\s]+)*$/, "A field is userId, anonymousId, event, or starts with properties., traits. or context.");

export const CONDITION_OPS = ["eq", "neq", "exists", "not_exists", "in", "contains", "matches"] as const;
const condition = z.object({ field, op: z.enum(CONDITION_OPS), value: z.string().max(500).default("") });

export const stepSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("rename"), from: field, to: field }),
    z.object({ kind: z.literal("drop"), field }),
    z.object({ kind: z.literal("copy"), from: field, to: field }),
    z.object({ kind: z.literal("default"), field, value: z.string().max(500) }),
    z.object({ kind: z.literal("cast"), field, to: z.enum(["string", "number", "boolean", "timestamp"]) }),
    z.object({ kind: z.literal("normalize"), field, lowercase: z.boolean().default(true), trim: z.boolean().default(true) }),
    z.object({ kind: z.literal("hash"), field }),
    z.object({ kind: z.literal("drop_event"), when: condition }),
    z.object({ kind: z.literal("derive"), to: field, expression: z.string().trim().min(1, "Write an expression, like properties.price * properties.quantity").max(500) })
      .superRefine((s, ctx) => {
        try {
          parseExpression(s.expression);
        } catch (e) {
          ctx.addIssue({ code: "custom", path: ["expression"], message: (e as Error).message });
        }
      }),
    z.object({ kind: z.literal("map_values"), field, map: z.record(z.string(), z.string()), otherwise: z.string().max(500).optional() }),
  ],
  { error: "A step is one of: rename, drop, copy, default, cast, normalize, hash, drop_event, derive, map_values" },
);
export type Step = z.infer<typeof stepSchema>;
export const stepsSchema = z.array(stepSchema).max(50, "Use at most 50 steps");

type Msg = Record<string, unknown>;

export function getField(msg: Msg, path: string): unknown {
  let cur: unknown = msg;
  for (const p of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function setField(msg: Msg, path: string, value: unknown) {
  const parts = path.split(".");
  let cur = msg;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== "object" || cur[p] === null || Array.isArray(cur[p])) cur[p] = {};
    cur = cur[p] as Msg;
  }
  cur[parts.at(-1)!] = value;
}

function deleteField(msg: Msg, path: string) {
  const parts = path.split(".");
  const parent = parts.length === 1 ? msg : getField(msg, parts.slice(0, -1).join("."));
  if (parent && typeof parent === "object") delete (parent as Msg)[parts.at(-1)!];
}

const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function cast(v: unknown, to: "string" | "number" | "boolean" | "timestamp", path: string): unknown {
  switch (to) {
    case "string":
      return text(v);
    case "number": {
      const n = typeof v === "number" ? v : Number(String(v).trim().replace(/,/g, ""));
      if (String(v).trim() === "" || !Number.isFinite(n)) throw new StepFailure(`${path} is “${text(v)}”, not a number`);
      return n;
    }
    case "boolean":
      if (typeof v === "boolean") return v;
      if (/^(true|yes|1|on)$/i.test(text(v))) return true;
      if (/^(false|no|0|off)$/i.test(text(v))) return false;
      throw new StepFailure(`${path} is “${text(v)}”, not true or false`);
    case "timestamp": {
      const ms = typeof v === "number" ? (v > 1e11 ? v : v * 1000) : Date.parse(text(v));
      if (Number.isNaN(ms)) throw new StepFailure(`${path} is “${text(v)}”, not a date`);
      return new Date(ms).toISOString();
    }
  }
}

export function conditionHolds(msg: Msg, c: z.infer<typeof condition>): boolean {
  const v = getField(msg, c.field);
  switch (c.op) {
    case "exists":
      return v !== undefined && v !== null && v !== "";
    case "not_exists":
      return v === undefined || v === null || v === "";
    case "eq":
      return text(v) === c.value;
    case "neq":
      return text(v) !== c.value;
    case "in":
      return c.value.split(",").map((s) => s.trim()).includes(text(v));
    case "contains":
      return text(v).includes(c.value);
    case "matches":
      try {
        return new RegExp(c.value).test(text(v));
      } catch {
        throw new StepFailure(`“${c.value}” is not a valid pattern`);
      }
  }
}

export type Outcome = { kind: "keep"; message: Msg } | { kind: "drop"; reason: string } | { kind: "quarantine"; reason: string; step: number };

/** Runs the steps on a copy of the message: kept (changed), dropped on purpose, or quarantined by a failing step. */
export function applySteps(steps: Step[], input: Msg): Outcome {
  const msg = structuredClone(input) as Msg;
  for (const [i, s] of steps.entries()) {
    try {
      switch (s.kind) {
        case "rename": {
          const v = getField(msg, s.from);
          if (v !== undefined) {
            deleteField(msg, s.from);
            setField(msg, s.to, v);
          }
          break;
        }
        case "drop":
          deleteField(msg, s.field);
          break;
        case "copy": {
          const v = getField(msg, s.from);
          if (v !== undefined) setField(msg, s.to, structuredClone(v));
          break;
        }
        case "default": {
          const v = getField(msg, s.field);
          if (v === undefined || v === null || v === "") setField(msg, s.field, s.value);
          break;
        }
        case "cast": {
          const v = getField(msg, s.field);
          if (v !== undefined && v !== null) setField(msg, s.field, cast(v, s.to, s.field));
          break;
        }
        case "normalize": {
          const v = getField(msg, s.field);
          if (typeof v === "string") {
            let out = s.trim ? v.trim() : v;
            if (s.lowercase) out = out.toLowerCase();
            setField(msg, s.field, out);
          }
          break;
        }
        case "hash": {
          const v = getField(msg, s.field);
          if (v !== undefined && v !== null && v !== "") setField(msg, s.field, createHash("sha256").update(text(v).trim().toLowerCase()).digest("hex"));
          break;
        }
        case "drop_event":
          if (conditionHolds(msg, s.when)) return { kind: "drop", reason: `Step ${i + 1}: ${s.when.field} ${s.when.op.replace("_", " ")}${s.when.value ? ` ${s.when.value}` : ""}` };
          break;
        case "derive":
          setField(msg, s.to, evaluate(parseExpression(s.expression), (path) => getField(msg, path)));
          break;
        case "map_values": {
          const v = getField(msg, s.field);
          if (v === undefined || v === null) break;
          const mapped = s.map[text(v)];
          if (mapped !== undefined) setField(msg, s.field, mapped);
          else if (s.otherwise !== undefined) setField(msg, s.field, s.otherwise);
          break;
        }
      }
    } catch (e) {
      if (e instanceof StepFailure) return { kind: "quarantine", reason: `Step ${i + 1} (${s.kind}): ${e.message}`, step: i };
      throw e;
    }
  }
  return { kind: "keep", message: msg };
}
