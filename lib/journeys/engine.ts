import { compileDefinition } from "../segments/compile";
import { pool, withTransaction } from "../db/pool";
import { callWebhook, changeSyncAudience, sendEmail, updateTrait, type ActionResult, type Engagement, type StateRef } from "./actions";
import { recordEngagement } from "./engagement";
import { consentGranted, loadJourneyProfiles, type JourneyProfile } from "./profile";
import { decide } from "../ml/decide/decide";
import type { BranchConfig, DecideConfig, EmailConfig, GraphNode, SplitConfig, SyncConfig, UpdateTraitConfig, WaitConfig, WebhookConfig } from "./schema";
import type { TemplateVars } from "./template";
import { quietUntil, splitPath, waitEndsAt, zoneOr } from "./timing";
import { loadVersion, nextNode, type RunnableVersion } from "./version";

type StateRow = {
  id: string; workspace_id: string; journey_id: string; version: number; profile_id: string; node_id: string; phase: string; step: number;
  due_at: Date; attempts: number; context: Record<string, unknown>; entered_at: Date; node_entered_at: Date;
};
type ProfileRow = JourneyProfile & { merged_into: string | null };

export type StepRow = { node_id: string; kind: string; handle: string | null; next_node_id: string | null; detail: string | null; due_at: Date | null; at: Date };
type Result = {
  id: string; status: string; node_id: string; phase: string; step: number; due_at: Date | null; wait_event: string | null; attempts: number;
  context: Record<string, unknown>; node_entered_at: Date; ended_at: Date | null; end_reason: string | null; steps: StepRow[];
};

/** States advanced at once per batch: sends wait on SMTP and HTTP, so several overlap. */
const CONCURRENCY = Number(process.env.JOURNEY_CONCURRENCY ?? 32);
const MAX_HOPS = 64;

/**
 * Advances every state that is due (a timer ran out, an awaited event came, a new entry): claimed
 * with FOR UPDATE SKIP LOCKED, so several workers share the work and a state is only ever advanced
 * by one. The claim is held until the batch commits; a worker that dies mid-batch leaves the states
 * where they were, and the idempotency keys of outward steps stop anything being sent twice.
 */
export async function processDue(opts: { now?: Date; limit?: number; workspaceId?: string } = {}): Promise<{ states: number; steps: number }> {
  const now = opts.now ?? new Date();
  const engagement = new Map<string, Engagement[]>();
  const done = await withTransaction(async (client) => {
    const { rows: states } = await client.query<StateRow>(
      `SELECT s.id::text, s.workspace_id, s.journey_id, s.version, s.profile_id::text, s.node_id, s.phase, s.step, s.due_at, s.attempts, s.context, s.entered_at, s.node_entered_at
         FROM journey_states s
        WHERE s.status = 'active' AND s.due_at <= $1 AND ($3::text IS NULL OR s.workspace_id = $3)
          AND EXISTS (SELECT 1 FROM journeys j WHERE j.id = s.journey_id AND j.status = 'published' AND j.held_at IS NULL)
        ORDER BY s.due_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
      [now, opts.limit ?? 100, opts.workspaceId ?? null],
    );
    if (states.length === 0) return { states: 0, steps: 0 };
    const profiles = await loadJourneyProfiles(states.map((s) => s.profile_id));
    const results: Result[] = [];
    let cursor = 0;
    const worker = async () => {
      while (cursor < states.length) {
        const s = states[cursor++]!;
        const v = await loadVersion(pool(), s.journey_id, s.version);
        const list = engagement.get(s.workspace_id) ?? [];
        engagement.set(s.workspace_id, list);
        results.push(await advance(s, v, profiles.get(s.profile_id), now, list));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, states.length) }, worker));
    await write(client, states, results);
    return { states: states.length, steps: results.reduce((n, r) => n + r.steps.length, 0) };
  });
  // After the commit: what was sent comes back as events (their ids make a repeat harmless).
  for (const [ws, items] of engagement) await recordEngagement(ws, items, now).catch((e) => console.error(`[journeys] engagement events: ${(e as Error).message}`));
  return done;
}

async function write(client: import("pg").PoolClient, states: StateRow[], results: Result[]) {
  const byId = new Map(states.map((s) => [s.id, s]));
  await client.query(
    `UPDATE journey_states s SET status = r.status, node_id = r.node_id, phase = r.phase, step = r.step, due_at = r.due_at, wait_event = r.wait_event,
            attempts = r.attempts, context = r.context, node_entered_at = r.node_entered_at, ended_at = r.ended_at, end_reason = r.end_reason
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, node_id text, phase text, step int, due_at timestamptz, wait_event text, attempts int,
                                                 context jsonb, node_entered_at timestamptz, ended_at timestamptz, end_reason text)
      WHERE s.id = r.id`,
    [JSON.stringify(results.map((r) => ({ ...r, steps: undefined })))],
  );
  const rows = results.flatMap((r) => r.steps.map((st) => ({ ...st, state: r.id, s: byId.get(r.id)! })));
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO journey_steps (workspace_id, journey_id, version, state_id, profile_id, node_id, kind, handle, next_node_id, detail, due_at, at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(w text, j text, v int, s bigint, p bigint, n text, k text, h text, nx text, d text, due timestamptz, at timestamptz)`,
    [
      JSON.stringify(
        rows.map((r) => ({ w: r.s.workspace_id, j: r.s.journey_id, v: r.s.version, s: r.state, p: r.s.profile_id, n: r.node_id, k: r.kind, h: r.handle, nx: r.next_node_id, d: r.detail, due: r.due_at, at: r.at })),
      ),
    ],
  );
}

/** Walks one state through the graph from where it stands until it waits, is deferred or ends. */
export async function advance(s: StateRow, v: RunnableVersion, profile: ProfileRow | undefined, now: Date, engagement: Engagement[]): Promise<Result> {
  const r: Result = {
    id: s.id, status: "active", node_id: s.node_id, phase: s.phase, step: s.step, due_at: null, wait_event: null, attempts: s.attempts,
    context: s.context, node_entered_at: s.node_entered_at, ended_at: null, end_reason: null, steps: [],
  };
  let firstDue: Date | null = s.due_at;
  const record = (kind: string, detail: string | null, handle: string | null = null, next: string | null = null) => {
    r.steps.push({ node_id: r.node_id, kind, handle, next_node_id: next, detail, due_at: firstDue, at: now });
    firstDue = null;
  };
  const end = (status: "completed" | "exited" | "converted", reason: string, kind: string = status) => {
    record(kind, reason);
    Object.assign(r, { status, ended_at: now, end_reason: reason, due_at: null, phase: "done" });
  };
  /** Leaves the current node by a handle; false when the path ends there. */
  const move = (handle: string, kind: string, detail: string | null): boolean => {
    const target = nextNode(v, r.node_id, handle);
    record(kind, detail, handle, target);
    if (!target || !v.nodes.has(target)) {
      Object.assign(r, { status: "completed", ended_at: now, end_reason: "Reached the end of the path", due_at: null, phase: "done" });
      return false;
    }
    Object.assign(r, { node_id: target, step: r.step + 1, phase: "ready", attempts: 0, node_entered_at: now });
    return true;
  };

  if (!profile || profile.merged_into) {
    end("exited", profile ? `Profile merged into ${profile.merged_into}` : "Profile no longer exists");
    return r;
  }
  const tz = zoneOr(profile.tz, "UTC");
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const node = v.nodes.get(r.node_id);
    if (!node) {
      end("exited", "Its step was removed from the journey");
      return r;
    }
    const ref: StateRef = { id: s.id, workspaceId: v.workspaceId, journeyId: v.journeyId, version: v.version, nodeId: node.id, step: r.step, profileId: s.profile_id, attempts: r.attempts };
    switch (node.type) {
      case "trigger":
        if (!move("next", "entered", describeEntry(r.context))) return r;
        break;
      case "wait": {
        const cfg = node.config as WaitConfig;
        if (r.phase === "ready") {
          r.phase = "waiting";
          r.due_at = waitEndsAt(cfg, now, tz);
          r.wait_event = cfg.mode === "event" ? cfg.event : null;
          return r;
        }
        const byEvent = r.phase === "event";
        const detail = byEvent ? `${cfg.mode === "event" ? cfg.event : "event"} happened` : cfg.mode === "event" ? `No ${cfg.event} within ${cfg.timeout.amount} ${cfg.timeout.unit}` : "Wait over";
        r.wait_event = null;
        if (!move(cfg.mode === "event" ? (byEvent ? "event" : "timeout") : "next", "waited", detail)) return r;
        break;
      }
      case "branch": {
        const { yes, why } = await evaluateBranch(node, v, profile, now);
        if (!move(yes ? "yes" : "no", "branch", why)) return r;
        break;
      }
      case "split": {
        const cfg = node.config as SplitConfig;
        const i = splitPath(cfg, `${v.journeyId}:${s.profile_id}:${node.id}`);
        if (i === null) {
          end("exited", "Held out (control group)", "holdout");
          return r;
        }
        if (!move(`v${i}`, "split", `Path ${cfg.variants[i]!.name}`)) return r;
        break;
      }
      case "email": {
        const result = await emailStep(ref, r.phase, node.config as EmailConfig, v, profile, r.context, now, tz, engagement);
        if (result.kind === "retry") {
          Object.assign(r, { phase: "deferred", due_at: result.at, attempts: r.attempts + (result.failedAttempt ? 1 : 0) });
          record("deferred", result.detail);
          return r;
        }
        if (!move("next", result.kind, result.detail)) return r;
        break;
      }
      case "webhook": {
        const body = { journey: { id: v.journeyId, name: v.name, version: v.version }, node: node.id, profile: { id: s.profile_id, userId: profile.user_id, email: profile.email, traits: profile.traits }, context: r.context, at: now.toISOString() };
        const result = await callWebhook(ref, node.config as WebhookConfig, body, now);
        if (result.kind === "retry") {
          Object.assign(r, { phase: "deferred", due_at: result.at, attempts: r.attempts + (result.failedAttempt ? 1 : 0) });
          record("deferred", result.detail);
          return r;
        }
        if (!move("next", result.kind, result.detail)) return r;
        break;
      }
      case "update_trait": {
        const result = await updateTrait(ref, node.config as UpdateTraitConfig, vars(v, profile, r.context), now);
        if (!move("next", result.kind, result.detail)) return r;
        break;
      }
      case "sync": {
        const result = await changeSyncAudience(ref, node.config as SyncConfig, v.name);
        if (!move("next", result.kind, result.detail)) return r;
        break;
      }
      case "decide": {
        const d = await decide({ workspaceId: v.workspaceId, profileId: Number(s.profile_id), context: { placement: (node.config as DecideConfig).placement, journey: v.journeyId }, now });
        r.context = { ...r.context, offer: d.offer ? { ...d.offer, decisionId: d.decisionId } : null };
        if (!move("next", "decided", d.offer ? `Offer “${d.offer.name}” (${d.offer.key}): ${d.why.chosen}` : `No offer: ${d.why.chosen}`)) return r;
        break;
      }
      case "exit":
        end("completed", "Reached an exit");
        return r;
      case "goal":
        end("converted", "Reached the goal");
        return r;
    }
  }
  end("exited", `Stopped after ${MAX_HOPS} steps without a wait`, "error");
  return r;
}

function describeEntry(ctx: Record<string, unknown>): string {
  const event = ctx.event as { name?: string } | undefined;
  const segment = ctx.segment as { entered?: boolean; cause?: string } | undefined;
  if (event?.name) return `Performed ${event.name}`;
  if (segment) return `${segment.entered ? "Entered" : "Left"} the segment${segment.cause ? ` (${segment.cause})` : ""}`;
  return "Entered";
}

export function vars(v: RunnableVersion, profile: ProfileRow, ctx: Record<string, unknown>): TemplateVars {
  const event = (ctx.waitEvent ?? ctx.event ?? {}) as Record<string, unknown>;
  return { profile: { ...profile.traits, id: profile.id, email: profile.email, user_id: profile.user_id }, event, journey: { name: v.name }, offer: (ctx.offer as Record<string, unknown> | null | undefined) ?? null };
}

async function evaluateBranch(node: GraphNode, v: RunnableVersion, profile: ProfileRow, now: Date): Promise<{ yes: boolean; why: string }> {
  const cfg = node.config as BranchConfig;
  const c = compileDefinition(cfg.condition, { workspaceId: v.workspaceId, now, candidates: [Number(profile.id)] });
  const sql = `${c.params.anchor()} SELECT p.id FROM profiles p WHERE p.workspace_id = ${c.params.shared("ws", v.workspaceId, "::text")} AND p.id = ANY(${c.params.shared("cands", [Number(profile.id)], "::bigint[]")}) AND (${c.predicate})`;
  const { rows } = await pool().query(sql, c.params.values);
  const yes = rows.length > 0;
  return { yes, why: yes ? "Condition met" : "Condition not met" };
}

/** Consent, an address, the frequency cap and quiet hours, then the send itself. */
async function emailStep(ref: StateRef, phase: string, cfg: EmailConfig, v: RunnableVersion, profile: ProfileRow, ctx: Record<string, unknown>, now: Date, tz: string, engagement: Engagement[]): Promise<ActionResult> {
  const purpose = cfg.purpose || "marketing_email";
  if (!consentGranted(profile.consent, purpose)) return { kind: "skipped", detail: `Not sent: no consent for ${purpose}` };
  if (!profile.email) return { kind: "skipped", detail: "Not sent: the profile has no email address" };
  // A deferred send (quiet hours, a transient failure) was already let through the quiet-hours check.
  const retrying = phase === "deferred";
  const quiet = retrying ? null : quietUntil(now, v.settings.quietHours, tz);
  if (quiet) return { kind: "retry", detail: `Quiet hours (${v.settings.quietHours!.start}–${v.settings.quietHours!.end} ${tz}): held until ${quiet.toISOString()}`, at: quiet, failedAttempt: false };
  const to = profile.email;
  return sendEmail(ref, cfg, to, vars(v, profile, ctx), now, engagement, v.settings.frequencyCap);
}
