import { pool } from "../db/pool";
import type { RecordResult, SyncRecord } from "./destinations/types";
import { destinationContext } from "./store";

export type ErasureOutcome = { destination: string; kind: string; action: "deleted" | "removed" | "next file"; records: number; failed: number; reasons: string[] };

/**
 * Tells every destination that holds some of these profiles to forget them (a data subject's
 * erasure): providers that can delete a person for good do (Braze, Mailchimp, webhooks); the others
 * have the records removed from their audience; file drops simply leave them out of the next file.
 * Reads what was last sent from `sync_state`, so it must run before that is deleted. Never throws for
 * a destination's refusal: the outcome says what happened, per destination.
 */
export async function eraseFromDestinations(workspaceId: string, profileIds: string[]): Promise<ErasureOutcome[]> {
  if (profileIds.length === 0) return [];
  const { rows } = await pool().query<{ sync_id: string; destination_id: string; segment_id: string; segment_name: string; profile_id: string; payload: Record<string, unknown> }>(
    `SELECT st.sync_id, s.destination_id, s.segment_id, g.name AS segment_name, st.profile_id::text, st.payload
       FROM sync_state st JOIN syncs s ON s.id = st.sync_id JOIN segments g ON g.id = s.segment_id
      WHERE s.workspace_id = $1 AND st.profile_id = ANY($2::bigint[])`,
    [workspaceId, profileIds],
  );
  const bySync = new Map<string, typeof rows>();
  for (const r of rows) bySync.set(r.sync_id, [...(bySync.get(r.sync_id) ?? []), r]);
  const outcomes: ErasureOutcome[] = [];
  for (const [syncId, list] of bySync) {
    const first = list[0]!;
    const { provider, ctx } = await destinationContext({ workspaceId, destinationId: first.destination_id, segment: { id: first.segment_id, name: first.segment_name }, syncId, fields: Object.keys(first.payload ?? {}), signal: AbortSignal.timeout(60_000) });
    const records: SyncRecord[] = list.map((r) => ({ op: "remove", profileId: r.profile_id, key: `${syncId}:${r.profile_id}:erase`, fields: r.payload ?? {} }));
    const outcome: ErasureOutcome = { destination: ctx.name, kind: provider.kind, action: provider.erase ? "deleted" : provider.send ? "removed" : "next file", records: records.length, failed: 0, reasons: [] };
    if (provider.erase || provider.send) {
      let results: RecordResult[];
      try {
        results = [];
        for (let i = 0; i < records.length; i += provider.maxBatch) {
          const batch = records.slice(i, i + provider.maxBatch);
          results.push(...(await (provider.erase ? provider.erase(ctx, batch) : provider.send!(ctx, batch))));
        }
      } catch (e) {
        results = records.map((r) => ({ profileId: r.profileId, ok: false, reason: (e as Error).message }));
      }
      const failed = results.filter((r): r is Extract<RecordResult, { ok: false }> => !r.ok);
      outcome.failed = failed.length;
      outcome.reasons = [...new Set(failed.map((f) => f.reason))].slice(0, 3);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
