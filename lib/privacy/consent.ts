import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import type { Queryable } from "../bus/postgres";
import { CONSENT_PURPOSES } from "../demo/catalog";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";
import { enqueueTouched } from "../segments/queue";

export { CONSENT_PURPOSES };
export const LEGAL_BASES = ["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"] as const;

export type ConsentChange = { purpose: string; granted: boolean; at: string; source: string; legalBasis: string; recordedAt: string };

/**
 * Writes the history rows for consent that ingestion is about to apply: one per purpose whose
 * answer changes (a repeat of the same answer is not a change), never for an older statement than
 * the one the profile holds. Runs in the ingest transaction, before the profile is updated.
 */
export async function recordConsentChanges(client: Queryable, workspaceId: string, updates: { profileId: number | string; consent: Record<string, { granted: boolean; at: string; source: string }> }[]): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `INSERT INTO consent_changes (workspace_id, profile_id, purpose, granted, at, source)
     SELECT $1, u.id, k, (u.consent -> k ->> 'granted')::boolean, (u.consent -> k ->> 'at')::timestamptz, u.consent -> k ->> 'source'
       FROM unnest($2::bigint[], $3::jsonb[]) AS u(id, consent) CROSS JOIN LATERAL jsonb_object_keys(u.consent) k
       JOIN profiles p ON p.workspace_id = $1 AND p.id = u.id
      WHERE coalesce(p.consent -> k ->> 'at', '') <= u.consent -> k ->> 'at'
        AND (p.consent -> k ->> 'granted') IS DISTINCT FROM (u.consent -> k ->> 'granted')`,
    [workspaceId, updates.map((u) => u.profileId), updates.map((u) => JSON.stringify(u.consent))],
  );
}

export async function consentHistory(opts: { workspaceId: string; profileId: string }): Promise<ConsentChange[]> {
  const { rows } = await pool().query<{ purpose: string; granted: boolean; at: Date; source: string; legal_basis: string; recorded_at: Date }>(
    "SELECT purpose, granted, at, source, legal_basis, recorded_at FROM consent_changes WHERE workspace_id = $1 AND profile_id = $2 ORDER BY at DESC, id DESC LIMIT 500",
    [opts.workspaceId, opts.profileId],
  );
  return rows.map((r) => ({ purpose: r.purpose, granted: r.granted, at: r.at.toISOString(), source: r.source, legalBasis: r.legal_basis, recordedAt: r.recorded_at.toISOString() }));
}

export const consentChangeSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES, { message: `Purpose must be one of ${CONSENT_PURPOSES.join(", ")}.` }),
  granted: z.boolean({ message: "Say whether consent is granted (true) or withdrawn (false)." }),
  legalBasis: z.enum(LEGAL_BASES).default("consent"),
  source: z.string().trim().min(1).max(200).default("set by hand"),
});

/**
 * Records a consent given or withdrawn outside the event stream (a support call, a paper form):
 * the profile's consent, the history, and a re-evaluation of the segments that read consent, so a
 * withdrawal stops journey sends at once and leaves advertising audiences at the next sync.
 */
export async function setConsent(opts: { workspaceId: string; actor: Actor; profileId: string; input: z.input<typeof consentChangeSchema> }): Promise<ConsentChange[]> {
  const parsed = consentChangeSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message, parsed.error.issues);
  const c = parsed.data;
  await withTransaction(async (tx) => {
    const at = new Date().toISOString();
    const state = { granted: c.granted, at, source: c.source, legalBasis: c.legalBasis };
    const { rowCount } = await tx.query(
      "UPDATE profiles SET consent = consent || jsonb_build_object($3::text, $4::jsonb), updated_at = now() WHERE workspace_id = $1 AND id = $2 AND merged_into IS NULL",
      [opts.workspaceId, opts.profileId, c.purpose, JSON.stringify(state)],
    );
    if (!rowCount) throw new AppError("not_found", "That profile does not exist in this workspace (or was merged into another).");
    await tx.query("INSERT INTO consent_changes (workspace_id, profile_id, purpose, granted, at, source, legal_basis) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      opts.workspaceId, opts.profileId, c.purpose, c.granted, at, `${c.source} (${opts.actor.label})`, c.legalBasis,
    ]);
    await enqueueTouched(tx, opts.workspaceId, [{ profileId: Number(opts.profileId), consent: true, messageId: `consent:${at}` }]);
  });
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: c.granted ? "consent.granted" : "consent.withdrawn", target: { type: "profile", id: opts.profileId }, summary: { purpose: c.purpose, legalBasis: c.legalBasis } });
  return consentHistory({ workspaceId: opts.workspaceId, profileId: opts.profileId });
}

/** Per purpose, how many live profiles have granted, withdrawn, or never said. */
export async function consentCoverage(workspaceId: string): Promise<{ purpose: string; granted: number; withdrawn: number; unknown: number }[]> {
  const { rows } = await pool().query<{ purpose: string; granted: string; withdrawn: string; total: string }>(
    `SELECT x.purpose, count(*) FILTER (WHERE p.consent -> x.purpose ->> 'granted' = 'true')::text AS granted,
            count(*) FILTER (WHERE p.consent -> x.purpose ->> 'granted' = 'false')::text AS withdrawn, count(*)::text AS total
       FROM profiles p CROSS JOIN unnest($2::text[]) AS x(purpose)
      WHERE p.workspace_id = $1 AND p.merged_into IS NULL GROUP BY x.purpose`,
    [workspaceId, [...CONSENT_PURPOSES]],
  );
  const by = new Map(rows.map((r) => [r.purpose, r]));
  return CONSENT_PURPOSES.map((purpose) => {
    const r = by.get(purpose);
    const granted = Number(r?.granted ?? 0), withdrawn = Number(r?.withdrawn ?? 0);
    return { purpose, granted, withdrawn, unknown: Number(r?.total ?? 0) - granted - withdrawn };
  });
}
