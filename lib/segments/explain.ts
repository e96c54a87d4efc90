import { pool } from "../db/pool";
import { AppError } from "../errors";
import { compileDefinition } from "./compile";
import type { Condition, SegmentDefinition } from "./schema";

export type ConditionOutcome = { path: string; condition: Condition; pass: boolean; value: unknown };
export type Explanation = { profileId: string; matches: boolean; mergedInto: string | null; conditions: ConditionOutcome[] };

/**
 * Why a profile is in a segment or not: each condition's outcome and the value seen for it (the
 * trait, the count or total of events, the last time), from the same compiled SQL as membership.
 */
export async function explainProfile(opts: { workspaceId: string; definition: SegmentDefinition; profileId: string; now?: Date }): Promise<Explanation> {
  if (!/^\d+$/.test(opts.profileId)) throw new AppError("not_found", "No profile with that id in this workspace.");
  const copts = { workspaceId: opts.workspaceId, now: opts.now ?? new Date(), candidates: [Number(opts.profileId)] };
  const c = compileDefinition(opts.definition, copts);
  const ws = c.params.shared("ws", opts.workspaceId, "::text");
  const cands = c.params.shared("cands", copts.candidates, "::bigint[]");
  const cols = c.leaves.map((l, i) => `(${l.pass}) AS pass_${i}, ${l.value} AS value_${i}`);
  const { rows } = await pool().query<Record<string, unknown>>(
    `${c.params.anchor()} SELECT p.id, p.merged_into, p.merged_into IS NULL AND (${c.predicate}) AS matches${cols.length ? `, ${cols.join(", ")}` : ""} FROM profiles p WHERE p.workspace_id = ${ws} AND p.id = ANY(${cands})`,
    c.params.values,
  );
  const r = rows[0];
  if (!r) throw new AppError("not_found", "No profile with that id in this workspace.");
  return {
    profileId: opts.profileId,
    matches: r.matches === true,
    mergedInto: r.merged_into ? String(r.merged_into) : null,
    conditions: c.leaves.map((l, i) => ({ path: l.path, condition: l.condition, pass: r[`pass_${i}`] === true, value: r[`value_${i}`] ?? null })),
  };
}
