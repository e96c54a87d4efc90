import { randomUUID } from "node:crypto";
import { recordAudit, type Actor } from "../../audit";
import { pool } from "../../db/pool";
import { AppError } from "../../errors";
import { probabilityBest, wilson, type Candidate } from "./bandit";
import { decisionSettingsSchema, offerSchema, type OfferInput } from "./schema";

export type OfferStats = { impressions: number; conversions: number; rate: number; interval: { low: number; high: number }; share24h: number; probabilityBest: number };
export type Offer = OfferInput & { id: string; status: "active" | "paused" | "archived"; stats: OfferStats; createdAt: string };

type Row = { id: string; key: string; name: string; definition: OfferInput; status: Offer["status"]; created_at: Date; impressions: string; conversions: string; recent: string };

/** Offers with what they did: impressions, conversions, rate with a 95% interval, their share of the last day's decisions and the bandit's chance they are best. */
export async function listOffers(opts: { workspaceId: string }): Promise<Offer[]> {
  const { rows } = await pool().query<Row>(
    `SELECT o.id, o.key, o.name, o.definition, o.status, o.created_at,
            coalesce((SELECT sum(impressions) FROM offer_stats s WHERE s.offer_id = o.id), 0)::text AS impressions,
            coalesce((SELECT sum(conversions) FROM offer_stats s WHERE s.offer_id = o.id), 0)::text AS conversions,
            (SELECT count(*) FROM decisions d WHERE d.offer_id = o.id AND d.decided_at > now() - interval '24 hours')::text AS recent
       FROM offers o WHERE o.workspace_id = $1 AND o.status <> 'archived' ORDER BY o.status, (o.definition ->> 'priority')::int DESC, o.name`,
    [opts.workspaceId],
  );
  const total24h = rows.reduce((n, r) => n + Number(r.recent), 0);
  const active = rows.filter((r) => r.status === "active");
  const arm = (r: Row) => ({ impressions: Number(r.impressions), conversions: Number(r.conversions) });
  const best = active.length ? probabilityBest(active.map((r): Candidate => ({ id: r.id, placement: arm(r), overall: arm(r) })), 2000) : {};
  return rows.map((r) => {
    const { impressions, conversions } = arm(r);
    return {
      ...r.definition,
      id: r.id,
      key: r.key,
      name: r.name,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      stats: { impressions, conversions, rate: impressions ? conversions / impressions : 0, interval: wilson(conversions, impressions), share24h: total24h ? Number(r.recent) / total24h : 0, probabilityBest: best[r.id] ?? 0 },
    };
  });
}

function parse(input: unknown): OfferInput {
  const parsed = offerSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  return parsed.data;
}

async function checkSegments(workspaceId: string, o: OfferInput): Promise<void> {
  const ids = [...o.eligibility.segments, ...o.eligibility.excludeSegments];
  if (!ids.length) return;
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM segments WHERE workspace_id = $1 AND id = ANY($2::text[])", [workspaceId, ids]);
  if (rows.length !== new Set(ids).size) throw new AppError("invalid_input", "A segment in the eligibility rules does not exist in this workspace.");
}

export async function createOffer(opts: { workspaceId: string; actor: Actor; input: unknown }): Promise<Offer> {
  const o = parse(opts.input);
  await checkSegments(opts.workspaceId, o);
  const id = `of_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  try {
    await pool().query("INSERT INTO offers (id, workspace_id, key, name, definition, created_by) VALUES ($1, $2, $3, $4, $5, $6)", [id, opts.workspaceId, o.key, o.name, JSON.stringify(o), opts.actor.label]);
  } catch (e) {
    if ((e as { code?: string }).code === "23505") throw new AppError("conflict", `An offer with the key ${o.key} exists already: choose another key.`);
    throw e;
  }
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "offer.created", target: { type: "offer", id }, summary: { key: o.key, name: o.name } });
  return (await listOffers(opts)).find((x) => x.id === id)!;
}

export async function updateOffer(opts: { workspaceId: string; actor: Actor; offerId: string; input: unknown }): Promise<Offer> {
  const o = parse(opts.input);
  await checkSegments(opts.workspaceId, o);
  const { rowCount } = await pool().query("UPDATE offers SET key = $3, name = $4, definition = $5, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.offerId, opts.workspaceId, o.key, o.name, JSON.stringify(o)]);
  if (!rowCount) throw new AppError("not_found", "That offer does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "offer.updated", target: { type: "offer", id: opts.offerId }, summary: { key: o.key } });
  return (await listOffers(opts)).find((x) => x.id === opts.offerId)!;
}

/** Pause (no longer chosen), resume, or archive (gone from the page; its decisions stay). */
export async function setOfferStatus(opts: { workspaceId: string; actor: Actor; offerId: string; status: Offer["status"] }): Promise<void> {
  const { rowCount } = await pool().query("UPDATE offers SET status = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2", [opts.offerId, opts.workspaceId, opts.status]);
  if (!rowCount) throw new AppError("not_found", "That offer does not exist in this workspace.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: `offer.${opts.status}`, target: { type: "offer", id: opts.offerId } });
}

export async function getDecisionSettings(workspaceId: string): Promise<{ exploration: number }> {
  const { rows } = await pool().query<{ exploration: number }>("SELECT exploration FROM decision_settings WHERE workspace_id = $1", [workspaceId]);
  return { exploration: rows[0]?.exploration ?? 0.1 };
}

export async function saveDecisionSettings(opts: { workspaceId: string; actor: Actor; input: unknown }): Promise<{ exploration: number }> {
  const parsed = decisionSettingsSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  await pool().query(
    "INSERT INTO decision_settings (workspace_id, exploration, updated_by) VALUES ($1, $2, $3) ON CONFLICT (workspace_id) DO UPDATE SET exploration = excluded.exploration, updated_by = excluded.updated_by, updated_at = now()",
    [opts.workspaceId, parsed.data.exploration, opts.actor.label],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "decisions.settings_saved", summary: parsed.data });
  return parsed.data;
}

export type DecisionLogItem = { id: string; profileId: string | null; offerKey: string | null; placement: string; explored: boolean; why: unknown; decidedAt: string; convertedAt: string | null };

/** The latest decisions with why, for the page (one offer's, or all). */
export async function recentDecisions(opts: { workspaceId: string; offerId?: string; limit?: number }): Promise<DecisionLogItem[]> {
  const { rows } = await pool().query<{ id: string; profile_id: string | null; key: string | null; placement: string; explored: boolean; why: unknown; decided_at: Date; converted_at: Date | null }>(
    `SELECT d.id, d.profile_id::text, o.key, d.placement, d.explored, d.why, d.decided_at, d.converted_at FROM decisions d LEFT JOIN offers o ON o.id = d.offer_id
      WHERE d.workspace_id = $1 AND ($2::text IS NULL OR d.offer_id = $2) ORDER BY d.decided_at DESC LIMIT $3`,
    [opts.workspaceId, opts.offerId ?? null, opts.limit ?? 20],
  );
  return rows.map((r) => ({ id: r.id, profileId: r.profile_id, offerKey: r.key, placement: r.placement, explored: r.explored, why: r.why, decidedAt: r.decided_at.toISOString(), convertedAt: r.converted_at?.toISOString() ?? null }));
}
