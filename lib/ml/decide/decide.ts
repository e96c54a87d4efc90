import { randomBytes } from "node:crypto";
import { pool } from "../../db/pool";
import { TtlCache } from "../../db/ttl-cache";
import { choose, type Arm, type Rng } from "./bandit";
import { ruleHolds, type OfferInput } from "./schema";

type LiveOffer = OfferInput & { id: string };
type Stats = Map<string, Arm>; // `${offerId}\u0000${placement}` and `${offerId}` (all placements)

const offersCache = new TtlCache<{ offers: LiveOffer[]; exploration: number; capDays: number }>(5_000);
const statsCache = new TtlCache<Stats>(2_000);

async function workspaceOffers(workspaceId: string) {
  return offersCache.get(workspaceId, async () => {
    const [{ rows }, { rows: s }] = await Promise.all([
      pool().query<{ id: string; definition: OfferInput }>("SELECT id, definition FROM offers WHERE workspace_id = $1 AND status = 'active'", [workspaceId]),
      pool().query<{ exploration: number }>("SELECT exploration FROM decision_settings WHERE workspace_id = $1", [workspaceId]),
    ]);
    const offers = rows.map((r) => ({ ...r.definition, id: r.id }));
    return { offers, exploration: s[0]?.exploration ?? 0.1, capDays: Math.max(1, ...offers.map((o) => o.caps.perProfile?.days ?? 1)) };
  });
}

async function workspaceStats(workspaceId: string): Promise<Stats> {
  return statsCache.get(workspaceId, async () => {
    const { rows } = await pool().query<{ offer_id: string; placement: string; impressions: string; conversions: string }>(
      "SELECT s.offer_id, s.placement, s.impressions::text, s.conversions::text FROM offer_stats s JOIN offers o ON o.id = s.offer_id WHERE o.workspace_id = $1",
      [workspaceId],
    );
    const m: Stats = new Map();
    for (const r of rows) {
      const arm = { impressions: Number(r.impressions), conversions: Number(r.conversions) };
      m.set(`${r.offer_id}\u0000${r.placement}`, arm);
      const all = m.get(r.offer_id) ?? { impressions: 0, conversions: 0 };
      m.set(r.offer_id, { impressions: all.impressions + arm.impressions, conversions: all.conversions + arm.conversions });
    }
    return m;
  });
}

/** Forgets cached offers and counters (after an offer changes here, or in tests). */
export function forgetDecisionCaches(workspaceId: string): void {
  offersCache.delete(workspaceId);
  statsCache.delete(workspaceId);
}

// Decisions are written in batches a few times a second; counters and caps see the unwritten ones.
type Pending = { id: string; workspace_id: string; profile_id: number | null; offer_id: string | null; placement: string; context: unknown; explored: boolean; why: unknown; decided_at: string };
let pending: Pending[] = [];
const pendingByProfile = new Map<string, { offerId: string; at: number }[]>();
let flushTimer: NodeJS.Timeout | null = null;
let flushing: Promise<void> = Promise.resolve();
const FLUSH_MS = 200;

/** Writes the decisions made so far and adds their impressions to the counters. */
export async function flushDecisions(): Promise<void> {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  const batch = pending;
  pending = [];
  pendingByProfile.clear();
  if (batch.length === 0) return flushing;
  flushing = flushing.then(async () => {
    try {
      await pool().query(
        `WITH d AS (
           INSERT INTO decisions (id, workspace_id, profile_id, offer_id, placement, context, explored, why, decided_at)
           SELECT id, workspace_id, profile_id, offer_id, placement, context, explored, why, decided_at
             FROM jsonb_to_recordset($1::jsonb) AS x(id text, workspace_id text, profile_id bigint, offer_id text, placement text, context jsonb, explored boolean, why jsonb, decided_at timestamptz)
           RETURNING offer_id, placement)
         INSERT INTO offer_stats (offer_id, placement, impressions)
         SELECT offer_id, placement, count(*) FROM d WHERE offer_id IS NOT NULL AND EXISTS (SELECT 1 FROM offers o WHERE o.id = d.offer_id) GROUP BY 1, 2
         ON CONFLICT (offer_id, placement) DO UPDATE SET impressions = offer_stats.impressions + excluded.impressions`,
        [JSON.stringify(batch)],
      );
    } catch (e) {
      console.error(`[decisions] could not write ${batch.length} decisions: ${(e as Error).message}`);
    }
  });
  return flushing;
}

function schedule(): void {
  if (!flushTimer) {
    flushTimer = setTimeout(() => void flushDecisions(), FLUSH_MS);
    flushTimer.unref?.();
  }
}

type ProfileRow = { id: string; traits: Record<string, unknown>; consent: Record<string, { granted?: boolean }>; segments: string[] | null; recent: { o: string; t: string }[] | null };

async function loadProfile(workspaceId: string, who: { identifier?: string; profileId?: number }, capDays: number): Promise<ProfileRow | null> {
  // A named statement: parsed and planned once per connection.
  const { rows } = await pool().query<ProfileRow>({
    name: "decide-profile",
    text: `WITH hit AS (
       SELECT i.profile_id FROM identities i
        WHERE $2::text IS NOT NULL AND i.workspace_id = $1 AND ((i.kind = 'user_id' AND i.value = $2) OR (i.kind = 'email' AND i.value = lower($2)) OR (i.kind = 'anonymous_id' AND i.value = $2))
        ORDER BY i.kind = 'user_id' DESC, i.kind = 'email' DESC LIMIT 1),
     pick AS (SELECT profile_id FROM hit UNION ALL SELECT $3::bigint WHERE $3::bigint IS NOT NULL)
     SELECT p.id::text, p.traits, p.consent,
            (SELECT array_agg(m.segment_id) FROM segment_members m WHERE m.profile_id = p.id) AS segments,
            (SELECT json_agg(json_build_object('o', d.offer_id, 't', d.decided_at)) FROM decisions d
              WHERE d.workspace_id = $1 AND d.profile_id = p.id AND d.decided_at > now() - make_interval(days => $4) AND d.offer_id IS NOT NULL) AS recent
       FROM pick JOIN profiles p ON p.id = pick.profile_id AND p.workspace_id = $1 LIMIT 1`,
    values: [workspaceId, who.identifier ?? null, who.profileId ?? null, capDays],
  });
  return rows[0] ?? null;
}

export type Decision = {
  decisionId: string;
  offer: { key: string; name: string; payload: Record<string, unknown> } | null;
  placement: string;
  explored: boolean;
  profileId: string | null;
  why: { chosen: string; candidates: { key: string; draw: number }[]; excluded: { key: string; reason: string }[] };
};

/** Why an offer may not go to this profile now, or null when it may. */
function exclusion(o: LiveOffer, p: ProfileRow | null, stats: Stats, shown: { offerId: string; at: number }[], now: number): string | null {
  const e = o.eligibility;
  const needsProfile = e.segments.length > 0 || e.traits.length > 0 || e.consent !== null;
  if (!p && needsProfile) return "unknown visitor: the offer has eligibility rules";
  if (p) {
    const segments = new Set(p.segments ?? []);
    if (e.segments.some((s) => !segments.has(s))) return "not in its segments";
    if (e.excludeSegments.some((s) => segments.has(s))) return "in an excluded segment";
    const failed = e.traits.find((r) => !ruleHolds(r, p.traits ?? {}));
    if (failed) return `trait ${failed.trait} does not match`;
    if (e.consent && p.consent?.[e.consent]?.granted !== true) return `no ${e.consent.replace("_", " ")} consent`;
  }
  const cap = o.caps.perProfile;
  if (cap && shown.filter((s) => s.offerId === o.id && s.at > now - cap.days * 86_400_000).length >= cap.max) return `shown ${cap.max} times in ${cap.days} days already`;
  if (o.caps.total !== null && (stats.get(o.id)?.impressions ?? 0) >= o.caps.total) return "total cap reached";
  return null;
}

/**
 * The next best action for a profile (by identifier or id) in a context: offers it is eligible for
 * (segments, traits, consent, caps), the highest priority tier among them, then the bandit's choice
 * (or a random one, for the share of decisions the workspace explores). Logged with why; a person
 * who refused personalisation gets no offer.
 */
export async function decide(opts: { workspaceId: string; identifier?: string; profileId?: number; context?: Record<string, unknown>; now?: Date; rng?: Rng }): Promise<Decision> {
  const now = opts.now ?? new Date();
  const context = opts.context ?? {};
  const placement = typeof context.placement === "string" && context.placement.trim() ? context.placement.trim().slice(0, 100) : "default";
  const [{ offers, exploration, capDays }, stats] = await Promise.all([workspaceOffers(opts.workspaceId), workspaceStats(opts.workspaceId)]);
  const profile = opts.identifier || opts.profileId ? await loadProfile(opts.workspaceId, { identifier: opts.identifier, profileId: opts.profileId }, capDays) : null;
  const id = `dc_${randomBytes(12).toString("base64url")}`;
  const excluded: Decision["why"]["excluded"] = [];
  let chosen: LiveOffer | null = null;
  let explored = false;
  let candidates: Decision["why"]["candidates"] = [];
  let rule: string;
  if (profile?.consent?.personalization?.granted === false) rule = "The person refused personalisation: no offer";
  else {
    const shown = [...(profile?.recent ?? []).map((r) => ({ offerId: r.o, at: new Date(r.t).getTime() })), ...(profile ? (pendingByProfile.get(`${opts.workspaceId}:${profile.id}`) ?? []) : [])];
    const eligible: LiveOffer[] = [];
    for (const o of offers) {
      const reason = exclusion(o, profile, stats, shown, now.getTime());
      if (reason) excluded.push({ key: o.key, reason });
      else eligible.push(o);
    }
    const top = Math.max(...eligible.map((o) => o.priority));
    const tier = eligible.filter((o) => o.priority === top);
    for (const o of eligible) if (o.priority < top) excluded.push({ key: o.key, reason: `priority ${o.priority} below ${top}` });
    const pick = choose(tier.map((o) => ({ id: o.id, placement: stats.get(`${o.id}\u0000${placement}`) ?? { impressions: 0, conversions: 0 }, overall: stats.get(o.id) ?? { impressions: 0, conversions: 0 } })), exploration, opts.rng);
    if (pick) {
      chosen = tier.find((o) => o.id === pick.id)!;
      explored = pick.explored;
      candidates = tier.map((o) => ({ key: o.key, draw: Math.round(pick.draws[o.id]! * 10_000) / 10_000 }));
    }
    rule = !chosen ? (offers.length ? "No offer is eligible" : "No active offers") : explored ? `Explored: chosen at random (${Math.round(exploration * 100)}% of decisions explore)` : tier.length > 1 ? "Highest sampled conversion rate (Thompson sampling)" : "The only eligible offer in the top priority tier";
  }
  const decision: Decision = { decisionId: id, offer: chosen ? { key: chosen.key, name: chosen.name, payload: chosen.payload } : null, placement, explored, profileId: profile?.id ?? null, why: { chosen: rule, candidates, excluded } };
  pending.push({ id, workspace_id: opts.workspaceId, profile_id: profile ? Number(profile.id) : null, offer_id: chosen?.id ?? null, placement, context, explored, why: decision.why, decided_at: now.toISOString() });
  if (profile && chosen) {
    const k = `${opts.workspaceId}:${profile.id}`;
    pendingByProfile.set(k, [...(pendingByProfile.get(k) ?? []), { offerId: chosen.id, at: now.getTime() }]);
  }
  if (pending.length >= 500) void flushDecisions();
  else schedule();
  return decision;
}
