import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { detectPii, PII_CLASSES, type PiiClass } from "../privacy/classify";
import { forgetPiiClasses } from "../privacy/mask";
import { eventNames, eventProperties, traitFields } from "../segments/vocabulary";

/**
 * The data catalog: every event name, event property and trait seen in the workspace, with what the
 * data says (type, examples, volume, first and last seen) and what people say (description, owner,
 * team, tags, PII class — detected from the name until someone sets it), and where each is used.
 */
export { detectPii, PII_CLASSES, type PiiClass };
export type CatalogKind = "event" | "property" | "trait";

export type CatalogItem = {
  kind: CatalogKind;
  event: string;
  field: string;
  type: string | null;
  examples: string[];
  volume: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  description: string;
  ownerUserId: string | null;
  ownerName: string | null;
  team: string;
  tags: string[];
  pii: PiiClass;
  piiDetected: boolean;
  usedIn: { kind: "segment" | "journey" | "sync" | "computed trait"; id: string; name: string }[];
};

type Entry = { kind: CatalogKind; event: string; field: string; description: string; owner_user_id: string | null; owner_name: string | null; team: string; tags: string[]; pii: PiiClass | null };

/** Where items are used: segments, journeys, syncs and computed traits that name the event, property or trait. */
async function usage(workspaceId: string) {
  const { rows } = await pool().query<{ kind: CatalogItem["usedIn"][number]["kind"]; id: string; name: string; doc: unknown }>(
    `SELECT 'segment' AS kind, id, name, definition AS doc FROM segments WHERE workspace_id = $1
     UNION ALL SELECT 'journey', id, name, draft FROM journeys WHERE workspace_id = $1 AND status <> 'archived'
     UNION ALL SELECT 'sync', s.id, g.name || ' → ' || d.name, s.mapping FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id WHERE s.workspace_id = $1
     UNION ALL SELECT 'computed trait', id, name, definition FROM computed_traits WHERE workspace_id = $1`,
    [workspaceId],
  );
  const events = new Map<string, CatalogItem["usedIn"]>();
  const fields = new Map<string, CatalogItem["usedIn"]>();
  const add = (m: Map<string, CatalogItem["usedIn"]>, k: string, u: CatalogItem["usedIn"][number]) => {
    const list = m.get(k) ?? [];
    if (!list.some((x) => x.id === u.id)) list.push(u);
    m.set(k, list);
  };
  const walk = (v: unknown, u: CatalogItem["usedIn"][number]) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, u));
    if (!v || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (typeof o.event === "string") add(events, o.event, u);
    for (const k of ["trait", "property"] as const) if (typeof o[k] === "string") add(fields, `${k === "trait" ? "trait" : "property"}:${o[k]}`, u);
    if (typeof o.from === "string" && o.from.startsWith("traits.")) add(fields, `trait:${o.from.slice(7)}`, u);
    if (u.kind === "computed trait" && typeof o.name === "string") add(fields, `trait:${o.name}`, u);
    Object.values(o).forEach((x) => walk(x, u));
  };
  for (const r of rows) walk(r.doc, { kind: r.kind, id: r.id, name: r.name });
  return { events, fields };
}

/** The whole catalog of a workspace (or one event's properties), filtered by a search. */
export async function listCatalog(opts: { workspaceId: string; kind?: CatalogKind; search?: string }): Promise<CatalogItem[]> {
  const ws = opts.workspaceId;
  const [names, traits, volumes, entries, used] = await Promise.all([
    eventNames({ workspaceId: ws }),
    traitFields({ workspaceId: ws }),
    pool().query<{ event: string; n: string; first: Date; last: Date }>("SELECT event, sum(n) AS n, min(hour) AS first, max(hour) AS last FROM event_rollups WHERE workspace_id = $1 GROUP BY event", [ws]),
    pool().query<Entry>(
      `SELECT c.kind, c.event, c.field, c.description, c.owner_user_id, u.name AS owner_name, c.team, c.tags, c.pii
         FROM catalog_entries c LEFT JOIN users u ON u.id = c.owner_user_id WHERE c.workspace_id = $1`,
      [ws],
    ),
    usage(ws),
  ]);
  const vol = new Map(volumes.rows.map((r) => [r.event, r]));
  const entry = new Map(entries.rows.map((e) => [`${e.kind}\u0000${e.event}\u0000${e.field}`, e]));
  const item = (kind: CatalogKind, event: string, field: string, seen: Partial<CatalogItem>, usedIn: CatalogItem["usedIn"]): CatalogItem => {
    const e = entry.get(`${kind}\u0000${event}\u0000${field}`);
    const detected = kind === "event" ? "normal" : detectPii(field, kind);
    const pii = e?.pii ?? detected;
    // Example values of personal data are not shown: the catalog explains fields, it does not list people.
    const examples = pii === "normal" ? (seen.examples ?? []) : (seen.examples ?? []).map((x) => `${x.slice(0, 1)}•••`);
    return {
      kind, event, field, type: null, volume: null, firstSeen: null, lastSeen: null, ...seen, examples,
      description: e?.description ?? "", ownerUserId: e?.owner_user_id ?? null, ownerName: e?.owner_name ?? null, team: e?.team ?? "", tags: e?.tags ?? [],
      pii, piiDetected: !e?.pii, usedIn,
    };
  };
  const out: CatalogItem[] = [];
  const wantEvents = !opts.kind || opts.kind === "event";
  for (const name of names) {
    const v = vol.get(name);
    if (wantEvents) out.push(item("event", name, "", { volume: v ? Number(v.n) : null, firstSeen: v?.first.toISOString() ?? null, lastSeen: v?.last.toISOString() ?? null }, used.events.get(name) ?? []));
  }
  if (!opts.kind || opts.kind === "trait") for (const t of traits.traits) out.push(item("trait", "", t.name, { type: t.type, examples: t.examples }, used.fields.get(`trait:${t.name}`) ?? []));
  if (opts.kind === "property" || (opts.search && !opts.kind)) {
    // Properties come from sampling each event's recent occurrences: listed per event.
    for (const name of names.slice(0, 100)) {
      for (const p of await eventProperties({ workspaceId: ws, event: name })) {
        out.push(item("property", name, p.name, { type: p.type, examples: p.examples }, used.fields.get(`property:${p.name}`) ?? []));
      }
    }
  }
  const q = opts.search?.trim().toLowerCase();
  return q ? out.filter((i) => [i.event, i.field, i.description, i.team, ...i.tags].some((s) => s.toLowerCase().includes(q))) : out;
}

export const catalogEntrySchema = z.object({
  kind: z.enum(["event", "property", "trait"]),
  event: z.string().max(200).default(""),
  field: z.string().max(200).default(""),
  description: z.string().trim().max(2000).default(""),
  ownerUserId: z.string().max(64).nullable().default(null),
  team: z.string().trim().max(80).default(""),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  pii: z.enum(PII_CLASSES).nullable().default(null),
}).refine((e) => (e.kind === "event" ? !!e.event && !e.field : !!e.field && (e.kind !== "property" || !!e.event)), "An event entry names the event; a property names its event and field; a trait names its field");
export type CatalogEntryInput = z.infer<typeof catalogEntrySchema>;

/**
 * Describes an item. Admins and Owners may edit any entry; anyone else who may edit data only the
 * entries they own (or that have no owner yet, taking ownership).
 */
export async function saveCatalogEntry(opts: { workspaceId: string; actor: Actor; userId: string | null; isAdmin: boolean; input: CatalogEntryInput }): Promise<void> {
  const i = opts.input;
  const { rows } = await pool().query<{ owner_user_id: string | null }>("SELECT owner_user_id FROM catalog_entries WHERE workspace_id = $1 AND kind = $2 AND event = $3 AND field = $4", [opts.workspaceId, i.kind, i.event, i.field]);
  const owner = rows[0]?.owner_user_id ?? null;
  if (!opts.isAdmin && owner && owner !== opts.userId) throw new AppError("forbidden", "Only the owner of this entry, or an Admin, can change it.");
  if (i.ownerUserId) {
    const m = await pool().query("SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2", [opts.workspaceId, i.ownerUserId]);
    if (!m.rowCount) throw new AppError("invalid_input", "ownerUserId: the owner must be a member of this workspace");
  }
  await pool().query(
    `INSERT INTO catalog_entries (workspace_id, kind, event, field, description, owner_user_id, team, tags, pii, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (workspace_id, kind, event, field) DO UPDATE SET description = excluded.description, owner_user_id = excluded.owner_user_id, team = excluded.team,
       tags = excluded.tags, pii = excluded.pii, updated_by = excluded.updated_by, updated_at = now()`,
    [opts.workspaceId, i.kind, i.event, i.field, i.description, i.ownerUserId ?? (opts.isAdmin ? null : opts.userId), i.team, i.tags, i.pii, opts.actor.label],
  );
  forgetPiiClasses(opts.workspaceId);
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "catalog.entry_saved", target: { type: i.kind, id: [i.event, i.field].filter(Boolean).join(".") }, summary: { pii: i.pii, tags: i.tags, owner: i.ownerUserId } });
}
