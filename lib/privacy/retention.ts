import { z } from "zod";
import { recountEventPeopleBefore } from "../analytics/people";
import { recordAudit, type Actor } from "../audit";
import { pool, withTransaction } from "../db/pool";
import { AppError } from "../errors";

/**
 * Retention: how long events are kept, per workspace (the default, key "") and per event. A track
 * event is named by its name; other calls by their type ("type:page", "type:identify", …). The
 * privacy worker enforces the policies hourly: it deletes what is older, month partition by month
 * partition, and drops a whole partition (instant, no table bloat) when nothing in it is to be kept
 * by any workspace. Every run records what it removed.
 */
export const MESSAGE_TYPES = ["page", "screen", "identify", "group", "alias"] as const;

export const retentionPolicySchema = z.object({
  event: z
    .string()
    .trim()
    .max(200)
    .refine((e) => !e.startsWith("type:") || (MESSAGE_TYPES as readonly string[]).includes(e.slice(5)), { message: `Use an event name, or type:page, type:screen, type:identify, type:group or type:alias.` })
    .default(""),
  keepDays: z.number({ message: "Say how many days to keep (a number)." }).int("Days must be a whole number.").min(1, "Keep events at least 1 day.").max(36_500, "At most 100 years (36,500 days)."),
});
export type RetentionPolicy = { event: string; keepDays: number; updatedBy: string; updatedAt: string };
export type RetentionRun = { id: string; startedAt: string; finishedAt: string; removed: Record<string, number>; total: number; partitionsDropped: string[] };

export async function listPolicies(workspaceId: string): Promise<RetentionPolicy[]> {
  const { rows } = await pool().query<{ event: string; keep_days: number; updated_by: string; updated_at: Date }>(
    "SELECT event, keep_days, updated_by, updated_at FROM retention_policies WHERE workspace_id = $1 ORDER BY event",
    [workspaceId],
  );
  return rows.map((r) => ({ event: r.event, keepDays: r.keep_days, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() }));
}

export async function savePolicy(opts: { workspaceId: string; actor: Actor; input: z.input<typeof retentionPolicySchema> }): Promise<RetentionPolicy[]> {
  const parsed = retentionPolicySchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message, parsed.error.issues);
  const p = parsed.data;
  await pool().query(
    `INSERT INTO retention_policies (workspace_id, event, keep_days, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, event) DO UPDATE SET keep_days = excluded.keep_days, updated_by = excluded.updated_by, updated_at = now()`,
    [opts.workspaceId, p.event, p.keepDays, opts.actor.label],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "retention.policy_saved", target: { type: "retention_policy", id: p.event || "default" }, summary: { event: p.event || "(all other events)", keepDays: p.keepDays } });
  return listPolicies(opts.workspaceId);
}

export async function deletePolicy(opts: { workspaceId: string; actor: Actor; event: string }): Promise<RetentionPolicy[]> {
  const { rowCount } = await pool().query("DELETE FROM retention_policies WHERE workspace_id = $1 AND event = $2", [opts.workspaceId, opts.event]);
  if (!rowCount) throw new AppError("not_found", "No such retention policy.");
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "retention.policy_deleted", target: { type: "retention_policy", id: opts.event || "default" } });
  return listPolicies(opts.workspaceId);
}

export async function listRuns(workspaceId: string, limit = 20): Promise<RetentionRun[]> {
  const { rows } = await pool().query<{ id: string; started_at: Date; finished_at: Date; removed: Record<string, number>; total: string; partitions_dropped: string[] }>(
    "SELECT id::text, started_at, finished_at, removed, total::text, partitions_dropped FROM retention_runs WHERE workspace_id = $1 ORDER BY finished_at DESC LIMIT $2",
    [workspaceId, limit],
  );
  return rows.map((r) => ({ id: r.id, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at.toISOString(), removed: r.removed, total: Number(r.total), partitionsDropped: r.partitions_dropped }));
}

type Partition = { name: string; from: Date; to: Date };

async function partitions(): Promise<Partition[]> {
  const { rows } = await pool().query<{ name: string; bound: string }>(
    "SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass",
  );
  return rows
    .map((r) => {
      const m = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(r.bound);
      return m ? { name: r.name, from: new Date(m[1]!), to: new Date(m[2]!) } : null;
    })
    .filter((p): p is Partition => !!p)
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

const DAY = 86_400_000;
const matchSql = (key: string) => (key.startsWith("type:") ? "type = $2" : "event = $2 AND type = 'track'");

/**
 * Enforces every workspace's policies once. Whole partitions go when no workspace keeps anything in
 * them; otherwise rows are deleted partition by partition. Returns what each workspace lost.
 */
export async function enforceRetention(now = new Date()): Promise<{ workspaceId: string; total: number; removed: Record<string, number>; partitionsDropped: string[] }[]> {
  const started = new Date();
  const { rows: policies } = await pool().query<{ workspace_id: string; event: string; keep_days: number }>("SELECT workspace_id, event, keep_days FROM retention_policies");
  if (policies.length === 0) return [];
  const byWorkspace = new Map<string, { event: string; keepDays: number }[]>();
  for (const p of policies) byWorkspace.set(p.workspace_id, [...(byWorkspace.get(p.workspace_id) ?? []), { event: p.event, keepDays: p.keep_days }]);
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY);
  const parts = (await partitions()).filter((p) => p.from < now);
  const dropped: string[] = [];
  const out = new Map<string, { workspaceId: string; total: number; removed: Record<string, number>; partitionsDropped: string[] }>();
  function results(ws: string) {
    const r = out.get(ws) ?? { workspaceId: ws, total: 0, removed: {}, partitionsDropped: [] };
    out.set(ws, r);
    return r;
  }
  // A partition is dropped when, for every workspace with rows in it, every policy (and a default) has expired all of it.
  const { rows: workspaces } = await pool().query<{ id: string }>("SELECT id FROM workspaces");
  for (const part of parts) {
    if (part.to > now) continue;
    const keeping = workspaces.filter((w) => {
      const list = byWorkspace.get(w.id) ?? [];
      if (!list.some((p) => p.event === "")) return true;
      return part.to > cutoff(Math.max(...list.map((p) => p.keepDays)));
    });
    let holds = false;
    for (const w of keeping) {
      if ((await pool().query(`SELECT 1 FROM "${part.name}" WHERE workspace_id = $1 LIMIT 1`, [w.id])).rowCount) {
        holds = true;
        break;
      }
    }
    if (holds) continue;
    const counts = await pool().query<{ workspace_id: string; key: string; n: string }>(
      `SELECT workspace_id, coalesce(CASE WHEN type = 'track' THEN event END, 'type:' || type) AS key, count(*)::text AS n FROM "${part.name}" GROUP BY 1, 2`,
    );
    await withTransaction(async (c) => {
      await c.query(`ALTER TABLE events DETACH PARTITION "${part.name}"`);
      await c.query(`DROP TABLE "${part.name}"`);
    });
    dropped.push(part.name);
    for (const r of counts.rows) {
      const res = results(r.workspace_id);
      res.removed[r.key] = (res.removed[r.key] ?? 0) + Number(r.n);
      res.total += Number(r.n);
      if (!res.partitionsDropped.includes(part.name)) res.partitionsDropped.push(part.name);
    }
  }
  const remaining = parts.filter((p) => !dropped.includes(p.name));
  for (const [ws, list] of byWorkspace) {
    const res = results(ws);
    const own = list.filter((p) => p.event !== "");
    const def = list.find((p) => p.event === "");
    for (const p of own) {
      for (const part of remaining.filter((x) => x.from < cutoff(p.keepDays))) {
        const n = (await pool().query(`DELETE FROM "${part.name}" WHERE workspace_id = $1 AND ${matchSql(p.event)} AND ts < $3`, [ws, p.event.startsWith("type:") ? p.event.slice(5) : p.event, cutoff(p.keepDays)])).rowCount ?? 0;
        if (n) res.removed[p.event] = (res.removed[p.event] ?? 0) + n;
        res.total += n;
      }
    }
    if (def) {
      const tracks = own.filter((p) => !p.event.startsWith("type:")).map((p) => p.event);
      const types = own.filter((p) => p.event.startsWith("type:")).map((p) => p.event.slice(5));
      for (const part of remaining.filter((x) => x.from < cutoff(def.keepDays))) {
        const { rows } = await pool().query<{ key: string; n: string }>(
          `WITH gone AS (DELETE FROM "${part.name}" WHERE workspace_id = $1 AND ts < $2
               AND NOT (type = 'track' AND event = ANY($3::text[])) AND NOT (type <> 'track' AND type = ANY($4::text[])) RETURNING type, event)
           SELECT coalesce(CASE WHEN type = 'track' THEN event END, 'type:' || type) AS key, count(*)::text AS n FROM gone GROUP BY 1`,
          [ws, cutoff(def.keepDays), tracks, types],
        );
        for (const r of rows) {
          res.removed[r.key] = (res.removed[r.key] ?? 0) + Number(r.n);
          res.total += Number(r.n);
        }
      }
    }
  }
  // Who did what when (event_people) follows the events: the hours up to the most recent cutoff counted again.
  for (const r of out.values()) {
    const list = byWorkspace.get(r.workspaceId);
    if (r.total > 0 && list?.length) await recountEventPeopleBefore(r.workspaceId, new Date(Math.ceil(cutoff(Math.min(...list.map((p) => p.keepDays))).getTime() / 3_600_000) * 3_600_000));
  }
  for (const r of out.values()) {
    await pool().query("INSERT INTO retention_runs (workspace_id, started_at, removed, total, partitions_dropped) VALUES ($1, $2, $3, $4, $5)", [r.workspaceId, started, JSON.stringify(r.removed), r.total, r.partitionsDropped]);
  }
  if (dropped.length) console.log(`[privacy] retention dropped partitions ${dropped.join(", ")}`);
  return [...out.values()];
}

/** True when the last run is more than an hour old (or never happened) or someone asked for one. */
export async function retentionDue(): Promise<boolean> {
  const { rows } = await pool().query<{ due: boolean }>(
    "SELECT coalesce(max(finished_at) < now() - interval '1 hour', true) AS due FROM retention_runs WHERE workspace_id IN (SELECT workspace_id FROM retention_policies)",
  );
  return !!rows[0]?.due && (await pool().query("SELECT 1 FROM retention_policies LIMIT 1")).rowCount! > 0;
}
