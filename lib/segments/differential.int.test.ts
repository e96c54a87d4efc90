import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { Rng } from "../demo/random";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { compileDefinition, membersSql } from "./compile";
import { processDue, processQueue } from "./process";
import { randomDefinition, VOCAB } from "./random-definition";
import { rebuildNextSegment } from "./rebuild";
import { definitionSchema } from "./schema";
import { createSegment } from "./store";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const SYSTEM = { type: "system" as const, label: "differential test" };

/**
 * Live work for one workspace at a simulated time: the queue, then whatever is due, until quiet;
 * in one lane, or in several lanes running side by side as the worker runs them.
 */
async function settle(workspaceId: string, now: Date, lanes = 1) {
  const all = Array.from({ length: lanes }, (_, index) => ({ index, count: lanes }));
  for (let i = 0; i < 50; i++) {
    const q = await Promise.all(all.map((lane) => processQueue({ workspaceId, now: () => now, lane })));
    const d = await Promise.all(all.map((lane) => processDue({ workspaceId, now: () => now, lane })));
    if ([...q, ...d].every((r) => r.rows === 0)) return;
  }
  throw new Error("segment work did not settle");
}

async function stored(segmentId: string): Promise<number[]> {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id FROM segment_members WHERE segment_id = $1 ORDER BY 1", [segmentId]);
  return rows.map((r) => Number(r.profile_id));
}

async function recomputed(workspaceId: string, definition: ReturnType<typeof definitionSchema.parse>, now: Date): Promise<number[]> {
  const opts = { workspaceId, now };
  const c = compileDefinition(definition, opts);
  const { rows } = await pool().query<{ id: string }>(`${membersSql(c, opts)} ORDER BY 1`, c.params.values);
  return rows.map((r) => Number(r.id));
}

/** A random stream: known and anonymous people, tracks with properties, identifies, consent, merges, late events. */
function randomMessages(r: Rng, from: number, to: number, count: number) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const late = r.chance(0.1);
    const ts = new Date(late ? from - r.int(1, 60) * 60_000 : r.int(from + 1, to));
    const who = r.chance(0.75) ? { userId: `u${r.int(1, 12)}` } : { anonymousId: `a${r.int(1, 6)}` };
    const k = r.int(0, 9);
    if (k <= 5) {
      out.push({ type: "track", ...who, event: r.pick(VOCAB.events), properties: { category: r.pick(VOCAB.categories), revenue: r.int(1, 80) }, timestamp: ts.toISOString() });
    } else if (k <= 7) {
      const traits: Record<string, unknown> = {};
      if (r.chance(0.6)) traits.plan = r.pick(VOCAB.plans);
      if (r.chance(0.4)) traits.age = r.int(16, 80);
      if (r.chance(0.4)) traits.vip = r.chance(0.5);
      if (r.chance(0.3)) traits.signup_at = new Date(ts.getTime() - r.int(0, 120) * 60_000).toISOString();
      if (r.chance(0.3)) traits.tags = r.chance(0.5) ? ["beans"] : ["decaf", "gear"];
      out.push({ type: "identify", ...who, traits, timestamp: ts.toISOString() });
    } else if (k === 8) {
      out.push({ type: "track", ...who, event: "Consent Updated", context: { consent: { categoryPreferences: { [r.pick(VOCAB.purposes)]: r.chance(0.5) } } }, timestamp: ts.toISOString() });
    } else {
      // An anonymous visitor signs in: the two profiles merge.
      out.push({ type: "identify", userId: `u${r.int(1, 12)}`, anonymousId: `a${r.int(1, 6)}`, traits: {}, timestamp: ts.toISOString() });
    }
  }
  return out;
}

describe("live membership agrees with a full recompute", () => {
  for (let seed = 1; seed <= 16; seed++) {
    // Odd seeds run the live work in three lanes side by side, even ones in one.
    const lanes = seed % 2 === 1 ? 3 : 1;
    it(`random definitions and event streams, seed ${seed}, ${lanes} lane${lanes > 1 ? "s" : ""}`, async () => {
      const r = new Rng(seed * 7919);
      const { workspace } = await makeWorkspace();
      const ws = workspace.id;
      const base = Date.UTC(2026, 5, 1, 12);
      const ingest = async (from: number, to: number, n: number) => {
        const messages = randomMessages(r, from, to, n).map((m) => parseMessage({ ...m, messageId: uniq("m") }, { receivedAt: new Date(to) }));
        for (let i = 0; i < messages.length; i += 7) await ingestMessages({ workspaceId: ws, sourceId: null, messages: messages.slice(i, i + 7) });
      };
      // Some history first, then the segments are built from it.
      await ingest(base - 3 * 3_600_000, base, 40);
      const segments: { id: string; definition: ReturnType<typeof definitionSchema.parse> }[] = [];
      for (let i = 0; i < 6; i++) {
        const definition = definitionSchema.parse(randomDefinition(r, { base, segmentIds: segments.map((s) => s.id) }));
        const seg = await createSegment({ workspaceId: ws, actor: SYSTEM, name: `random ${i}`, description: "", definition });
        segments.push({ id: seg.id, definition });
      }
      while (await rebuildNextSegment({ workspaceId: ws, now: () => new Date(base) }));
      await settle(ws, new Date(base), lanes);

      let now = base;
      for (let checkpoint = 0; checkpoint < 8; checkpoint++) {
        const next = now + r.int(5, 90) * 60_000;
        // Every third checkpoint only moves the clock: whatever changes then changes by time alone.
        if (checkpoint % 3 !== 2) await ingest(now, next, r.int(5, 25));
        now = next;
        await settle(ws, new Date(now), lanes);
        for (const s of segments) {
          const expected = await recomputed(ws, s.definition, new Date(now));
          expect(await stored(s.id), `segment ${JSON.stringify(s.definition)} at checkpoint ${checkpoint}`).toEqual(expected);
        }
      }
      const { rows } = await pool().query<{ cause: string; n: string }>("SELECT cause, count(*) AS n FROM segment_changes WHERE workspace_id = $1 GROUP BY cause", [ws]);
      for (const r of rows) causes.set(r.cause, (causes.get(r.cause) ?? 0) + Number(r.n));
    });
  }

  it("exercised live changes of every kind: by events, by time alone, by merges and through other segments", () => {
    for (const cause of ["event", "time", "merge", "segment", "backfill"]) expect(causes.get(cause) ?? 0, cause).toBeGreaterThan(0);
  });
});

const causes = new Map<string, number>();
