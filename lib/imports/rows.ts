import type { IncomingMessage } from "../ingest/message";
import { normalizeEmail } from "../identity/keys";
import type { ColumnRole, ImportMapping } from "./mapping";

const TRUE = new Set(["true", "yes", "y", "1", "t"]);
const FALSE = new Set(["false", "no", "n", "0", "f"]);

/** Converts a cell by the declared type; throws with a message naming the problem. */
export function convert(value: string, type: "string" | "number" | "boolean" | "date"): unknown {
  const v = value.trim();
  if (v === "") return null;
  if (type === "string") return v;
  if (type === "number") {
    const n = Number(v.replace(/,/g, ""));
    if (!Number.isFinite(n)) throw new Error(`"${v}" is not a number`);
    return n;
  }
  if (type === "boolean") {
    if (TRUE.has(v.toLowerCase())) return true;
    if (FALSE.has(v.toLowerCase())) return false;
    throw new Error(`"${v}" is not yes/no or true/false`);
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new Error(`"${v}" is not a date`);
  return d.toISOString();
}

/**
 * One CSV row as a message: an identify for profiles, a track for events. The message id is
 * derived from the import and row, so running the same import again stores nothing twice.
 */
export function rowToMessage(row: Record<string, string>, mapping: ImportMapping, opts: { importId: string; rowNumber: number; receivedAt: Date }): IncomingMessage {
  let userId: string | null = null;
  let anonymousId: string | null = null;
  let event: string | null = null;
  let ts: Date | null = null;
  const traits: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const externalIds: { id: string; type: string }[] = [];
  const consent: Record<string, boolean> = {};
  for (const [column, role] of Object.entries(mapping.columns) as [string, ColumnRole][]) {
    const raw = row[column];
    if (raw === undefined || role.role === "ignore") continue;
    const value = raw.trim();
    const where = `column "${column}"`;
    try {
      switch (role.role) {
        case "user_id":
          userId = value || null;
          break;
        case "anonymous_id":
          anonymousId = value || null;
          break;
        case "email":
          if (value) {
            const email = normalizeEmail(value);
            if (!email) throw new Error(`"${value}" is not an email address`);
            traits.email = email;
          }
          break;
        case "external_id":
          if (value) externalIds.push({ id: value, type: role.type });
          break;
        case "trait":
          traits[role.name] = convert(value, role.type);
          break;
        case "property":
          properties[role.name] = convert(value, role.type);
          break;
        case "consent":
          if (value) consent[role.purpose] = convert(value, "boolean") as boolean;
          break;
        case "event_name":
          event = value || null;
          break;
        case "timestamp":
          ts = value ? new Date(convert(value, "date") as string) : null;
          break;
      }
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  }
  if (!userId && !anonymousId && !traits.email && externalIds.length === 0) throw new Error("no identifier: the user id, email, anonymous id and external id columns are all empty");
  if (mapping.kind === "events" && !event) throw new Error("the event name column is empty");
  const context: Record<string, unknown> = {};
  if (externalIds.length) context.externalIds = externalIds;
  if (mapping.kind === "events" && traits.email) context.traits = { email: traits.email };
  if (Object.keys(consent).length) context.consent = { categoryPreferences: consent };
  const isProfile = mapping.kind === "profiles";
  return {
    type: isProfile ? "identify" : "track",
    messageId: `import-${opts.importId}-${opts.rowNumber}`,
    anonymousId,
    userId,
    event: isProfile ? null : event,
    properties: isProfile ? null : properties,
    traits: isProfile ? traits : null,
    context: Object.keys(context).length ? context : null,
    groupId: null,
    previousId: null,
    ts: ts ?? opts.receivedAt,
    originalTimestamp: ts,
    sentAt: null,
    receivedAt: opts.receivedAt,
  };
}
