import { z } from "zod";
import { CONSENT_PURPOSES } from "../demo/catalog";

/** What a CSV column becomes: an identifier, a trait, consent, or (for events) the event's parts. */
export const columnRoleSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("ignore") }),
  z.object({ role: z.literal("user_id") }),
  z.object({ role: z.literal("anonymous_id") }),
  z.object({ role: z.literal("email") }),
  z.object({ role: z.literal("external_id"), type: z.string().regex(/^[a-z0-9_.-]{1,40}$/i, "An external id type is a short name like crm or phone") }),
  z.object({ role: z.literal("trait"), name: z.string().min(1).max(100), type: z.enum(["string", "number", "boolean", "date"]).default("string") }),
  z.object({ role: z.literal("consent"), purpose: z.enum(CONSENT_PURPOSES) }),
  z.object({ role: z.literal("event_name") }),
  z.object({ role: z.literal("timestamp") }),
  z.object({ role: z.literal("property"), name: z.string().min(1).max(100), type: z.enum(["string", "number", "boolean", "date"]).default("string") }),
]);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

export const importMappingSchema = z
  .object({
    kind: z.enum(["profiles", "events"], { message: "Import either profiles or events" }),
    columns: z.record(z.string(), columnRoleSchema),
  })
  .superRefine((m, ctx) => {
    const roles = Object.values(m.columns).map((c) => c.role);
    if (!roles.some((r) => ["user_id", "anonymous_id", "email", "external_id"].includes(r))) {
      ctx.addIssue({ code: "custom", path: ["columns"], message: "Map at least one column to an identifier (user id, email, anonymous id or an external id)" });
    }
    if (m.kind === "events" && !roles.includes("event_name")) ctx.addIssue({ code: "custom", path: ["columns"], message: "Map one column to the event name" });
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;

const snake = (h: string) =>
  h
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase();

type ValueType = "string" | "number" | "boolean" | "date";

/** The narrowest type every non-empty sample value fits. */
export function guessType(values: string[]): ValueType {
  const v = values.map((x) => x.trim()).filter(Boolean);
  if (v.length === 0) return "string";
  if (v.every((x) => /^-?\d+(\.\d+)?$/.test(x.replace(/,/g, "")))) return "number";
  if (v.every((x) => /^(true|false|yes|no)$/i.test(x))) return "boolean";
  if (v.every((x) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(x) && !Number.isNaN(Date.parse(x)))) return "date";
  return "string";
}

/**
 * A first guess at the mapping from the header row (and, when given, a few sample rows for types):
 * identifiers by name, consent columns by purpose, everything else a trait or property.
 */
export function guessMapping(headers: string[], kind: ImportMapping["kind"], sample: Record<string, string>[] = []): ImportMapping {
  const columns: Record<string, ColumnRole> = {};
  let haveUserId = false;
  for (const h of headers) {
    const s = snake(h);
    if (!haveUserId && /^(user_?id|customer_?id|userid|customerid|id)$/.test(s)) {
      columns[h] = { role: "user_id" };
      haveUserId = true;
    } else if (/^(e_?mail|email_address)$/.test(s)) columns[h] = { role: "email" };
    else if (/^anonymous_?id$/.test(s)) columns[h] = { role: "anonymous_id" };
    else if (kind === "events" && /^(event|event_name|name)$/.test(s)) columns[h] = { role: "event_name" };
    else if (kind === "events" && /^(timestamp|time|ts|date|occurred_at|created_at)$/.test(s)) columns[h] = { role: "timestamp" };
    else if ((CONSENT_PURPOSES as readonly string[]).includes(s.replace(/^consent_/, ""))) columns[h] = { role: "consent", purpose: s.replace(/^consent_/, "") as (typeof CONSENT_PURPOSES)[number] };
    else {
      const type = guessType(sample.map((r) => r[h] ?? ""));
      columns[h] = kind === "events" ? { role: "property", name: s || h, type } : { role: "trait", name: s || h, type };
    }
  }
  return { kind, columns };
}
