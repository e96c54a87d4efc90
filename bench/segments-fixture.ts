import pg from "pg";
import { ensureDataWorkspace, loadIntoDatabase, type GenOptions } from "../lib/demo";
import { createSegment, rebuildSegment } from "../lib/segments";
import { definitionSchema, type SegmentDefinition } from "../lib/segments/schema";
import { freshDatabase } from "./database";
import { ensureDatabase, migrate, withDatabase } from "../scripts/db";

/**
 * The generated data set for the segment benchmark, ending at the current hour so that "in the
 * last N days" means what it says. Kept between runs (same size and seed, generated less than a
 * day ago): generating the large set takes minutes.
 */
export async function segmentsDatabase(adminUrl: string, size: string, gen: GenOptions, log: (m: string) => void): Promise<{ url: string; workspaceId: string; gen: GenOptions; generatedNow: boolean }> {
  const name = `northstar_bench_segments_${size}_${gen.seed}`;
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await migrate(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ end_ms: string | null; workspace_id: string | null }>(
      "SELECT (SELECT extract(epoch FROM max(ts)) * 1000 FROM events)::bigint AS end_ms, (SELECT id FROM workspaces WHERE name = 'Benchmark segments') AS workspace_id",
    );
    const endMs = Number(rows[0]?.end_ms ?? 0);
    if (rows[0]?.workspace_id && Date.now() - endMs < 20 * 3_600_000) {
      log(`reusing the ${size} data set generated to ${new Date(endMs).toISOString()}`);
      // Segments built by an earlier run are kept (BENCH_REBUILD=1 builds them again); work an
      // earlier run left queued is dropped.
      if (process.env.BENCH_REBUILD === "1") await db.query("DELETE FROM segments WHERE workspace_id = $1", [rows[0].workspace_id]);
      await db.query("TRUNCATE segment_queue, bus_messages, bus_cursors");
      // What the last run churned, vacuumed as autovacuum would have between runs (it gets no time
      // while the benchmark's server is stopped): otherwise each run starts on more dead rows and
      // staler statistics than the one before, and their figures drift apart.
      log("VACUUM (ANALYZE) of the tables the last run changed…");
      await db.query("VACUUM (ANALYZE) profiles, segment_members, segment_timers, segment_changes, segments, event_people, event_dedup, events");
      return { url, workspaceId: rows[0].workspace_id, gen: { ...gen, endMs: Math.floor(endMs / 3_600_000) * 3_600_000 }, generatedNow: false };
    }
  } finally {
    await db.end();
  }
  const fresh = await freshDatabase(adminUrl, name);
  const now = { ...gen, endMs: Math.floor(Date.now() / 3_600_000) * 3_600_000 };
  const c = new pg.Client({ connectionString: fresh });
  await c.connect();
  try {
    const ws = await ensureDataWorkspace(c, "Benchmark segments");
    log(`generating ${size}: ${gen.profiles.toLocaleString()} profiles, ~${gen.events.toLocaleString()} events to ${new Date(now.endMs).toISOString()}…`);
    await loadIntoDatabase({ connectionString: fresh, workspaceId: ws.id, gen: now });
    log("VACUUM ANALYZE…");
    await c.query("VACUUM ANALYZE");
    return { url: fresh, workspaceId: ws.id, gen: now, generatedNow: true };
  } finally {
    await c.end();
  }
}

const d = (def: unknown): SegmentDefinition => definitionSchema.parse(def);
const g = (...conditions: unknown[]) => d({ type: "group", op: "and", conditions });

/** Three typical 3-condition audiences, for the preview figures. */
export const PREVIEW_DEFINITIONS: { name: string; definition: SegmentDefinition }[] = [
  {
    name: "pro plan, 2+ orders in 30 days, emailable",
    definition: g(
      { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" },
      { type: "event", event: "Order Completed", measure: { kind: "count", op: "at_least", value: 2 }, window: { kind: "last", amount: 30, unit: "days" } },
      { type: "consent", purpose: "marketing_email", granted: true },
    ),
  },
  {
    name: "added to cart in 7 days, no order in 7 days, US or GB",
    definition: g(
      { type: "event", event: "Product Added", window: { kind: "last", amount: 7, unit: "days" } },
      { type: "no_event", event: "Order Completed", window: { kind: "last", amount: 7, unit: "days" } },
      { type: "trait", trait: "country", valueType: "string", op: "in", values: ["US", "GB"] },
    ),
  },
  {
    name: "viewed coffee in 14 days, revenue over 100 in 90 days, seen in 3 days",
    definition: g(
      { type: "event", event: "Product Viewed", filters: [{ property: "category", valueType: "string", op: "eq", value: "coffee" }], window: { kind: "last", amount: 14, unit: "days" } },
      { type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gt", value: 100 }, window: { kind: "last", amount: 90, unit: "days" } },
      { type: "seen", which: "last", op: "within_last", within: { amount: 3, unit: "days" } },
    ),
  },
];

/** 50 live segments of ten kinds, with different thresholds and windows: what a store runs. */
export function liveDefinitions(): { name: string; definition: SegmentDefinition }[] {
  const out: { name: string; definition: SegmentDefinition }[] = [];
  const days = [1, 3, 7, 14, 30];
  days.forEach((n, i) => {
    out.push({ name: `Viewed a product in ${n} d`, definition: g({ type: "event", event: "Product Viewed", window: { kind: "last", amount: n, unit: "days" } }) });
    out.push({ name: `Added to cart in ${n} d`, definition: g({ type: "event", event: "Product Added", window: { kind: "last", amount: n, unit: "days" } }) });
    out.push({ name: `Abandoned cart, ${n} d`, definition: g({ type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: n, unit: "days" } }) });
    out.push({ name: `No order in ${n * 3} d`, definition: g({ type: "event", event: "Order Completed" }, { type: "no_event", event: "Order Completed", window: { kind: "last", amount: n * 3, unit: "days" } }) });
    out.push({ name: `${i + 2}+ orders in 90 d`, definition: g({ type: "event", event: "Order Completed", measure: { kind: "count", op: "at_least", value: i + 2 }, window: { kind: "last", amount: 90, unit: "days" } }) });
    out.push({ name: `Revenue over ${50 * (i + 1)} in 90 d`, definition: g({ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gt", value: 50 * (i + 1) }, window: { kind: "last", amount: 90, unit: "days" } }) });
    out.push({ name: `Pro, active in ${n} d`, definition: g({ type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }, { type: "seen", which: "last", op: "within_last", within: { amount: n, unit: "days" } }) });
    out.push({ name: `Emailable home page visitors, ${n} d`, definition: g({ type: "consent", purpose: "marketing_email", granted: true }, { type: "event", event: "Home", window: { kind: "last", amount: n, unit: "days" } }) });
    out.push({ name: `Coffee viewers without order, ${n} d`, definition: g({ type: "event", event: "Product Viewed", filters: [{ property: "category", valueType: "string", op: "eq", value: "coffee" }], window: { kind: "last", amount: n, unit: "days" } }, { type: "no_event", event: "Order Completed", window: { kind: "last", amount: n, unit: "days" } }) });
    out.push({ name: `Browsed in the last ${n} min`, definition: g({ type: "event", event: "Product Viewed", window: { kind: "last", amount: n, unit: "minutes" } }) });
  });
  return out;
}

const ACTOR = { type: "system" as const, label: "benchmark" };

/**
 * The 50 live segments, built from history; segments an earlier run built are kept. Needs this
 * process's DATABASE_URL pointed at the benchmark database (lib/ code builds them).
 */
export async function ensureLiveSegments(db: pg.Client, workspaceId: string): Promise<{ built: number[]; totalMembers: number }> {
  const built: number[] = [];
  let totalMembers = 0;
  const existing = new Map((await db.query<{ id: string; name: string; member_count: number }>("SELECT id, name, member_count FROM segments WHERE workspace_id = $1 AND built_version = version", [workspaceId])).rows.map((r) => [r.name, r]));
  for (const s of liveDefinitions()) {
    const kept = existing.get(s.name);
    if (kept) {
      totalMembers += kept.member_count;
      continue;
    }
    const seg = await createSegment({ workspaceId, actor: ACTOR, name: s.name, description: "", definition: s.definition });
    const r = await rebuildSegment({ segmentId: seg.id });
    built.push(r!.ms);
    totalMembers += r!.members;
  }
  // A system that has run a while has vacuumed, analysed and checkpointed what its segments were
  // built with: the live figures are those of that steady state, not of the build's aftermath.
  if (built.length > 0) {
    await db.query("VACUUM (ANALYZE) segment_members, segment_timers, segment_changes, segments");
    await db.query("CHECKPOINT");
  }
  return { built, totalMembers };
}
