import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateProfiles } from "./generate";
import { writeNdjson } from "./sinks/ndjson";
import { SEGMENT_MAX_BATCH_BYTES, segmentBatches } from "./sinks/segment-http";
import type { GenOptions, GenProfile } from "./types";

const END = Date.UTC(2026, 10, 1);
const gen: GenOptions = { seed: 42, profiles: 2000, events: 100_000, endMs: END, days: 90 };
const people: GenProfile[] = [...generateProfiles(gen)];
const messages = people.flatMap((p) => p.messages);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function ndjsonDigest(opts: GenOptions): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "gen-"));
  dirs.push(dir);
  const r = await writeNdjson({ dir, gen: opts });
  return createHash("sha256").update(readFileSync(r.files[0]!)).update(readFileSync(r.files[1]!)).digest("hex");
}

describe("determinism", () => {
  it("gives byte-identical output for the same seed and size, and different output for another seed", async () => {
    const small = { ...gen, profiles: 300, events: 15_000 };
    const a = await ndjsonDigest(small);
    expect(await ndjsonDigest(small)).toBe(a);
    expect(await ndjsonDigest({ ...small, seed: 43 })).not.toBe(a);
  });
  it("generates a profile the same way whether alone or in sequence", () => {
    const again = [...generateProfiles(gen, 1234, 1235)][0]!;
    expect(JSON.stringify(again)).toBe(JSON.stringify(people[1234]));
  });
});

describe("a realistic online store", () => {
  it("lands near the requested number of events, all inside the period", () => {
    expect(messages.length).toBeGreaterThan(85_000);
    expect(messages.length).toBeLessThan(115_000);
    const start = END - 90 * 86_400_000;
    expect(messages.every((m) => m.ts >= start - 86_400_000 && m.ts <= END)).toBe(true);
  });

  it("covers the whole store behaviour", () => {
    const names = new Set(messages.map((m) => (m.type === "track" ? m.event : m.type)));
    for (const n of ["page", "identify", "Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Email Opened", "Email Link Clicked", "Subscription Started", "Subscription Cancelled", "Support Ticket Created"]) {
      expect(names, n).toContain(n);
    }
  });

  it("is heavy-tailed: the most active 1% do far more than 1% of everything", () => {
    const counts = people.map((p) => p.messages.length).sort((a, b) => b - a);
    const top = counts.slice(0, counts.length / 100).reduce((s, n) => s + n, 0);
    expect(top / messages.length).toBeGreaterThan(0.06);
    expect(counts[Math.floor(counts.length / 2)]!).toBeLessThan(messages.length / people.length);
  });

  it("has anonymous visits that later identify, on several devices", () => {
    const known = people.filter((p) => p.userId);
    expect(known.length / people.length).toBeGreaterThan(0.6);
    expect(people.some((p) => p.anonymousIds.length > 1)).toBe(true);
    const converts = known.filter((p) => {
      const firstIdentify = p.messages.find((m) => m.type === "identify");
      return firstIdentify && p.messages.some((m) => m.ts < firstIdentify.ts && m.userId === null && m.anonymousId);
    });
    expect(converts.length).toBeGreaterThan(50);
    for (const p of known.slice(0, 200)) {
      for (const m of p.messages.filter((x) => x.type === "identify")) {
        expect(m.userId).toBe(p.userId);
        expect(p.anonymousIds).toContain(m.anonymousId);
        expect(m.traits).toMatchObject({ email: p.email });
      }
    }
  });

  it("abandons more carts than it completes, and orders add up", () => {
    const added = new Set(messages.filter((m) => m.event === "Product Added").map((m) => m.properties!.cart_id));
    const ordered = messages.filter((m) => m.event === "Order Completed");
    expect(ordered.length).toBeGreaterThan(100);
    expect(added.size).toBeGreaterThan(ordered.length * 2);
    for (const o of ordered) {
      const p = o.properties as { revenue: number; value: number; discount: number; products: { price: number; quantity: number }[] };
      const sum = p.products.reduce((s, x) => s + x.price * x.quantity, 0);
      expect(p.value).toBeCloseTo(sum, 2);
      expect(p.revenue).toBeCloseTo(p.value - p.discount, 2);
      expect(o.userId).not.toBeNull();
    }
    const ltv = people.reduce((s, p) => s + Number(p.traits.lifetime_value ?? 0), 0);
    expect(ltv).toBeCloseTo(ordered.reduce((s, o) => s + (o.properties!.revenue as number), 0), 0);
  });

  it("follows the day: evenings are busier than nights (local time)", () => {
    const byHour = new Array(24).fill(0);
    for (const p of people) {
      const offset = Number(({ US: -5, CA: -5, BR: -3, GB: 0, JP: 9, AU: 10, IN: 5.5 } as Record<string, number>)[String(p.traits.country)] ?? 1);
      for (const m of p.messages.filter((x) => x.type === "page")) byHour[Math.floor(((m.ts / 3_600_000 + offset) % 24 + 24) % 24)]++;
    }
    expect(byHour[20]).toBeGreaterThan(byHour[3] * 4);
  });

  it("churns cohorts: some people stop well before the end", () => {
    const stopped = people.filter((p) => p.lastSeen < END - 30 * 86_400_000);
    expect(stopped.length / people.length).toBeGreaterThan(0.15);
  });

  it("records consent per purpose; only known people can allow marketing email", () => {
    for (const p of people) {
      expect(Object.keys(p.consent).sort()).toEqual(["advertising", "analytics", "marketing_email", "personalization"]);
      if (!p.userId) expect(p.consent.marketing_email.granted).toBe(false);
    }
  });

  it("gives unique message ids and identifiers", () => {
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    const anon = people.flatMap((p) => p.anonymousIds);
    expect(new Set(anon).size).toBe(anon.length);
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
  });
});

describe("Segment batches", () => {
  it("respects 500 messages and 500 KB per request and keeps every message once", () => {
    const small = { ...gen, profiles: 200, events: 10_000 };
    let total = 0;
    const ids = new Set<string>();
    for (const b of segmentBatches(small, 500)) {
      expect(b.batch.length).toBeLessThanOrEqual(500);
      expect(Buffer.byteLength(JSON.stringify(b))).toBeLessThanOrEqual(SEGMENT_MAX_BATCH_BYTES);
      for (const m of b.batch) {
        expect(m).toMatchObject({ type: expect.stringMatching(/^(track|identify|page)$/), messageId: expect.any(String), timestamp: expect.stringMatching(/Z$/) });
        ids.add(m.messageId as string);
      }
      total += b.batch.length;
    }
    const expected = [...generateProfiles(small)].reduce((s, p) => s + p.messages.length, 0);
    expect(total).toBe(expected);
    expect(ids.size).toBe(expected);
  });
});
