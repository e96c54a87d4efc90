import { pool } from "../db/pool";
import { AppError } from "../errors";

/** Per node: who is there now, what happened there, and how many of the profiles that went through it converted later. */
export type NodeStats = { nodeId: string; now: number; passed: number; outcomes: Record<string, number>; reached: number; converted: number };
export type EdgeStats = { source: string; handle: string; count: number };
export type JourneyStats = { nodes: NodeStats[]; edges: EdgeStats[]; entered: number; active: number; converted: number; completed: number; exited: number; conversionRate: number };

async function owned(workspaceId: string, journeyId: string) {
  const { rows } = await pool().query("SELECT 1 FROM journeys WHERE id = $1 AND workspace_id = $2", [journeyId, workspaceId]);
  if (!rows[0]) throw new AppError("not_found", "That journey does not exist in this workspace.");
}

/** Counts for the canvas: who is at each node now, what happened there, how many passed each edge. */
export async function journeyStats(opts: { workspaceId: string; journeyId: string }): Promise<JourneyStats> {
  await owned(opts.workspaceId, opts.journeyId);
  const [now, steps, totals, conv] = await Promise.all([
    pool().query<{ node_id: string; n: string }>("SELECT node_id, count(*) AS n FROM journey_states WHERE journey_id = $1 AND status = 'active' GROUP BY node_id", [opts.journeyId]),
    pool().query<{ node_id: string; kind: string; handle: string | null; has_next: boolean; n: string }>(
      "SELECT node_id, kind, handle, next_node_id IS NOT NULL AS has_next, count(*) AS n FROM journey_steps WHERE journey_id = $1 GROUP BY 1, 2, 3, 4",
      [opts.journeyId],
    ),
    pool().query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM journey_states WHERE journey_id = $1 GROUP BY status", [opts.journeyId]),
    pool().query<{ node_id: string; reached: string; converted: string }>(
      `SELECT st.node_id, count(DISTINCT st.state_id) AS reached, count(DISTINCT st.state_id) FILTER (WHERE s.status = 'converted') AS converted
         FROM journey_steps st JOIN journey_states s ON s.id = st.state_id WHERE st.journey_id = $1 GROUP BY st.node_id`,
      [opts.journeyId],
    ),
  ]);
  const nodes = new Map<string, NodeStats>();
  const node = (id: string) => nodes.get(id) ?? nodes.set(id, { nodeId: id, now: 0, passed: 0, outcomes: {}, reached: 0, converted: 0 }).get(id)!;
  for (const r of now.rows) node(r.node_id).now = Number(r.n);
  for (const r of conv.rows) Object.assign(node(r.node_id), { reached: Number(r.reached), converted: Number(r.converted) });
  const edges = new Map<string, EdgeStats>();
  for (const r of steps.rows) {
    const s = node(r.node_id);
    if (r.kind !== "deferred") s.passed += Number(r.n);
    s.outcomes[r.kind] = (s.outcomes[r.kind] ?? 0) + Number(r.n);
    if (r.has_next && r.handle) {
      const key = `${r.node_id}\u0000${r.handle}`;
      const e = edges.get(key) ?? { source: r.node_id, handle: r.handle, count: 0 };
      e.count += Number(r.n);
      edges.set(key, e);
    }
  }
  const t = Object.fromEntries(totals.rows.map((r) => [r.status, Number(r.n)]));
  const entered = Object.values(t).reduce((a, b) => a + b, 0);
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    entered,
    active: t.active ?? 0,
    converted: t.converted ?? 0,
    completed: t.completed ?? 0,
    exited: t.exited ?? 0,
    conversionRate: entered ? (t.converted ?? 0) / entered : 0,
  };
}

export type TraceStep = { nodeId: string; kind: string; handle: string | null; nextNodeId: string | null; detail: string | null; at: string };
export type StateTrace = {
  stateId: string; journeyId: string; journeyName: string; version: number; profileId: string; status: string; nodeId: string; phase: string;
  dueAt: string | null; enteredAt: string; endedAt: string | null; endReason: string | null; steps: TraceStep[];
};

type StateRow = {
  id: string; journey_id: string; name: string; version: number; profile_id: string; status: string; node_id: string; phase: string;
  due_at: Date | null; entered_at: Date; ended_at: Date | null; end_reason: string | null;
};

async function traces(where: string, params: unknown[], limit = 20): Promise<StateTrace[]> {
  const { rows } = await pool().query<StateRow>(
    `SELECT s.id::text, s.journey_id, j.name, s.version, s.profile_id::text, s.status, s.node_id, s.phase, s.due_at, s.entered_at, s.ended_at, s.end_reason
       FROM journey_states s JOIN journeys j ON j.id = s.journey_id WHERE ${where} ORDER BY s.entered_at DESC, s.id DESC LIMIT ${limit}`,
    params,
  );
  if (rows.length === 0) return [];
  const { rows: steps } = await pool().query<{ state_id: string; node_id: string; kind: string; handle: string | null; next_node_id: string | null; detail: string | null; at: Date }>(
    "SELECT state_id::text, node_id, kind, handle, next_node_id, detail, at FROM journey_steps WHERE state_id = ANY($1::bigint[]) ORDER BY id",
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    stateId: r.id, journeyId: r.journey_id, journeyName: r.name, version: r.version, profileId: r.profile_id, status: r.status, nodeId: r.node_id, phase: r.phase,
    dueAt: r.due_at?.toISOString() ?? null, enteredAt: r.entered_at.toISOString(), endedAt: r.ended_at?.toISOString() ?? null, endReason: r.end_reason,
    steps: steps.filter((s) => s.state_id === r.id).map((s) => ({ nodeId: s.node_id, kind: s.kind, handle: s.handle, nextNodeId: s.next_node_id, detail: s.detail, at: s.at.toISOString() })),
  }));
}

/** A profile's path through one journey (every entry), with the reason for each step. */
export async function profileTrace(opts: { workspaceId: string; journeyId: string; profileId: string }): Promise<StateTrace[]> {
  await owned(opts.workspaceId, opts.journeyId);
  if (!/^\d+$/.test(opts.profileId)) return [];
  return traces("s.workspace_id = $1 AND s.journey_id = $2 AND s.profile_id = $3", [opts.workspaceId, opts.journeyId, opts.profileId]);
}

/** Every journey a profile is or was in (for the profile page). */
export async function profileJourneys(opts: { workspaceId: string; profileId: string }): Promise<StateTrace[]> {
  if (!/^\d+$/.test(opts.profileId)) throw new AppError("not_found", "That profile does not exist in this workspace.");
  return traces("s.workspace_id = $1 AND s.profile_id = $2", [opts.workspaceId, opts.profileId], 50);
}

export type StateListItem = { stateId: string; profileId: string; label: string; status: string; nodeId: string; enteredAt: string; dueAt: string | null; endReason: string | null };

/** Recent entries, optionally those now at one node: who is where. */
export async function listStates(opts: { workspaceId: string; journeyId: string; nodeId?: string; limit?: number }): Promise<StateListItem[]> {
  await owned(opts.workspaceId, opts.journeyId);
  const params: unknown[] = [opts.workspaceId, opts.journeyId, opts.limit ?? 50];
  const { rows } = await pool().query<{ id: string; profile_id: string; label: string | null; status: string; node_id: string; entered_at: Date; due_at: Date | null; end_reason: string | null }>(
    `SELECT s.id::text, s.profile_id::text, coalesce(p.traits ->> 'email', p.traits ->> 'name', 'Profile ' || s.profile_id) AS label, s.status, s.node_id, s.entered_at, s.due_at, s.end_reason
       FROM journey_states s LEFT JOIN profiles p ON p.id = s.profile_id
      WHERE s.workspace_id = $1 AND s.journey_id = $2 ${opts.nodeId ? `AND s.status = 'active' AND s.node_id = $${params.push(opts.nodeId)}` : ""}
      ORDER BY s.entered_at DESC, s.id DESC LIMIT $3`,
    params,
  );
  return rows.map((r) => ({ stateId: r.id, profileId: r.profile_id, label: r.label ?? `Profile ${r.profile_id}`, status: r.status, nodeId: r.node_id, enteredAt: r.entered_at.toISOString(), dueAt: r.due_at?.toISOString() ?? null, endReason: r.end_reason }));
}
