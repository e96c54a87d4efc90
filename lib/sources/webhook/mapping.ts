import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * How a webhook payload from another system (a CRM, billing, an email tool) becomes Segment-spec
 * messages: where the records are, which message type, and where each field comes from — a path in
 * the record (`data.object.customer`, `items.0.sku`), or a constant in which `{path}` is replaced by
 * the record's value — with a type conversion.
 */
const ref = z
  .object({ path: z.string().trim().max(200).optional(), value: z.string().max(500).optional() })
  .refine((r) => !!r.path || r.value !== undefined, "Give a path in the payload or a constant");
export type FieldRef = z.infer<typeof ref>;

export const CONVERSIONS = ["as_is", "string", "number", "boolean", "timestamp", "cents"] as const;
export const TIMESTAMP_FORMATS = ["iso", "unix_s", "unix_ms"] as const;

export const webhookMappingSchema = z.object({
  /** Path to an array of records; "" when the payload itself is an array; absent when it is one record. */
  records: z.string().trim().max(200).optional(),
  type: z.enum(["track", "identify"], { error: "Choose track (an event) or identify (traits)" }),
  event: ref.extend({ map: z.record(z.string(), z.string()).optional(), titleCase: z.boolean().optional() }).optional(),
  userId: ref.optional(),
  anonymousId: ref.optional(),
  email: ref.optional(),
  timestamp: z.object({ path: z.string().trim().min(1).max(200), format: z.enum(TIMESTAMP_FORMATS) }).optional(),
  messageId: ref.optional(),
  fields: z
    .array(ref.and(z.object({ to: z.string().trim().min(1, "Name the property or trait to set").max(200), convert: z.enum(CONVERSIONS).default("as_is") })))
    .max(100, "Use at most 100 fields")
    .default([]),
  /** Records whose value at this path is not one of these are skipped (e.g. only `invoice.paid`). */
  only: z.object({ path: z.string().trim().min(1).max(200), values: z.array(z.string()).min(1) }).optional(),
}).refine((m) => m.type !== "track" || !!m.event, { message: "An event mapping needs the event name (a path or a constant)", path: ["event"] })
  .refine((m) => !!m.userId || !!m.anonymousId || !!m.email, { message: "Map at least one identifier: user id, anonymous id or email", path: ["userId"] });
export type WebhookMapping = z.infer<typeof webhookMappingSchema>;

/** The value at a dot path ("a.b.0.c"); "" is the value itself. */
export function valueAt(obj: unknown, path: string): unknown {
  if (path === "") return obj;
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (typeof cur === "object") cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

const scalar = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A constant with `{path}` placeholders filled from the record. */
function fill(template: string, record: unknown): string {
  return template.replace(/\{([^{}]+)\}/g, (_, p: string) => scalar(valueAt(record, p.trim())));
}

function resolve(r: FieldRef | undefined, record: unknown): unknown {
  if (!r) return undefined;
  if (r.path) return valueAt(record, r.path);
  return fill(r.value ?? "", record);
}

export class MappingError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function toTimestamp(v: unknown, format: (typeof TIMESTAMP_FORMATS)[number], field: string): string {
  let ms: number;
  // A date and time without a zone ("2026-11-20 21:40:57", as some senders write it) is UTC.
  if (format === "iso") ms = Date.parse(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(String(v)) ? `${String(v).replace(" ", "T")}Z` : String(v));
  else {
    const n = Number(v);
    ms = Number.isFinite(n) ? (format === "unix_s" ? n * 1000 : n) : NaN;
  }
  if (Number.isNaN(ms)) throw new MappingError(field, `${field}: “${scalar(v)}” is not a ${format === "iso" ? "date" : format === "unix_s" ? "Unix time in seconds" : "Unix time in milliseconds"}`);
  return new Date(ms).toISOString();
}

function convert(v: unknown, how: (typeof CONVERSIONS)[number], field: string): unknown {
  if (v === undefined || v === null || how === "as_is") return v;
  switch (how) {
    case "string":
      return scalar(v);
    case "number":
    case "cents": {
      const n = typeof v === "number" ? v : Number(String(v).trim());
      if (!Number.isFinite(n)) throw new MappingError(field, `${field}: “${scalar(v)}” is not a number`);
      return how === "cents" ? Math.round(n) / 100 : n;
    }
    case "boolean":
      if (typeof v === "boolean") return v;
      if (/^(true|yes|1|on)$/i.test(String(v))) return true;
      if (/^(false|no|0|off)$/i.test(String(v))) return false;
      throw new MappingError(field, `${field}: “${scalar(v)}” is not true or false`);
    case "timestamp":
      return toTimestamp(v, typeof v === "number" ? (v > 1e11 ? "unix_ms" : "unix_s") : "iso", field);
  }
}

const titleCase = (s: string) =>
  s
    .split(/[._\s-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let cur = target;
  path.slice(0, -1).forEach((k) => {
    if (typeof cur[k] !== "object" || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  });
  cur[path.at(-1)!] = value;
}

export type Mapped = { messages: Record<string, unknown>[]; skipped: { index: number; reason: string }[] };

/**
 * Applies a mapping to a payload: one Segment-spec message per record (validated afterwards by the
 * same ingestion as every other message). A record that cannot be mapped is skipped with the reason.
 */
export function applyMapping(mapping: WebhookMapping, payload: unknown): Mapped {
  const records = mapping.records === undefined ? [payload] : valueAt(payload, mapping.records);
  if (!Array.isArray(records)) throw new MappingError("records", `The payload has no list of records at “${mapping.records || "(the payload itself)"}”`);
  const out: Mapped = { messages: [], skipped: [] };
  records.forEach((record, index) => {
    try {
      if (mapping.only && !mapping.only.values.includes(scalar(valueAt(record, mapping.only.path)))) {
        out.skipped.push({ index, reason: `${mapping.only.path} is “${scalar(valueAt(record, mapping.only.path))}”, not one of ${mapping.only.values.join(", ")}` });
        return;
      }
      const msg: Record<string, unknown> = { type: mapping.type };
      // An identifier built from a constant with placeholders counts only when every placeholder has a value.
      const id = (r: FieldRef | undefined) => {
        if (r?.value !== undefined && !r.path && [...r.value.matchAll(/\{([^{}]+)\}/g)].some((m) => scalar(valueAt(record, m[1]!.trim())) === "")) return undefined;
        const v = resolve(r, record);
        return v === undefined || v === null || scalar(v) === "" ? undefined : scalar(v);
      };
      const userId = id(mapping.userId);
      const anonymousId = id(mapping.anonymousId);
      const email = id(mapping.email);
      if (userId) msg.userId = userId;
      if (anonymousId) msg.anonymousId = anonymousId;
      if (!userId && !anonymousId && email) msg.anonymousId = `email:${email.toLowerCase()}`;
      if (!userId && !anonymousId && !email) throw new MappingError("userId", "The record has none of the mapped identifiers (user id, anonymous id, email)");
      if (mapping.type === "track") {
        let name = scalar(resolve(mapping.event, record));
        if (mapping.event?.map) name = mapping.event.map[name] ?? name;
        if (mapping.event?.titleCase) name = titleCase(name);
        if (!name) throw new MappingError("event", "The record has no event name at the mapped path");
        msg.event = name;
      }
      if (mapping.timestamp) {
        const v = valueAt(record, mapping.timestamp.path);
        if (v !== undefined && v !== null && v !== "") msg.timestamp = toTimestamp(v, mapping.timestamp.format, "timestamp");
      }
      const messageId = id(mapping.messageId);
      msg.messageId = messageId ? `${mapping.type}-${messageId}` : `wh-${createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 32)}`;
      const props: Record<string, unknown> = {};
      const traits: Record<string, unknown> = {};
      for (const f of mapping.fields) {
        const to = fill(f.to, record);
        const [head, ...rest] = to.split(".");
        if (!rest.length || rest.some((p) => p === "") || (head !== "properties" && head !== "traits")) throw new MappingError("fields", `“${f.to}” must start with properties. or traits. and name a field`);
        const v = convert(resolve(f, record), f.convert, to);
        if (v === undefined) continue;
        setPath(head === "properties" ? props : traits, rest, v);
      }
      if (email) traits.email ??= email;
      if (mapping.type === "identify") msg.traits = traits;
      else {
        msg.properties = props;
        if (Object.keys(traits).length) msg.context = { traits };
      }
      out.messages.push(msg);
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      out.skipped.push({ index, reason: e.message });
    }
  });
  return out;
}

/** Parses `a=1&data[email]=x&data[merges][FNAME]=Ann` into nested objects, as form-encoded webhooks send. */
export function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    setPath(out, parts, value);
  }
  return out;
}
