import { describe, expect, it } from "vitest";
import { compileDefinition, dependenciesOf, dueSql, membersSql } from "./compile";
import { compileLive } from "./compile-live";
import { levels, SEGMENTS_PER_STATEMENT } from "./engine";
import { CycleError, directionOf, isTouchedBy, orderByDependencies } from "./live";
import { definitionSchema, type Condition } from "./schema";

const NOW = new Date("2026-06-01T12:00:00Z");
const WS = "ws_1";
const one = (c: Record<string, unknown>) => definitionSchema.parse({ type: "group", op: "and", conditions: [c] });
const compile = (c: Record<string, unknown>, candidates?: number[]) => compileDefinition(one(c), { workspaceId: WS, now: NOW, candidates });

describe("compiler: one condition at a time", () => {
  it("trait equals compares lower-cased text at the trait's path, never NULL", () => {
    const c = compile({ type: "trait", trait: "address.city", valueType: "string", op: "eq", value: "Berlin" });
    expect(c.predicate).toBe("(coalesce(lower((p.traits #>> $3::text[])) = $4, false))");
    expect(c.params.values).toEqual([WS, NOW.toISOString(), ["address", "city"], "berlin"]);
  });

  it("'not equal' keeps profiles without the trait, 'contains' escapes LIKE wildcards", () => {
    expect(compile({ type: "trait", trait: "plan", valueType: "string", op: "neq", value: "pro" }).predicate).toContain("coalesce(lower((p.traits #>> $3::text[])) <> $4, true)");
    const c = compile({ type: "trait", trait: "email", valueType: "string", op: "contains", value: "50%_off" });
    expect(c.params.values.at(-1)).toBe("%50\\%\\_off%");
  });

  it("numbers compare only when the value is numeric, dates go through the safe cast", () => {
    const n = compile({ type: "trait", trait: "age", valueType: "number", op: "between", value: 18, to: 30 });
    expect(n.predicate).toMatch(/CASE WHEN \(p\.traits #>> \$3::text\[\]\) ~ .* THEN \(\(p\.traits #>> \$3::text\[\]\)\)::numeric END\) BETWEEN \$4::numeric AND \$5::numeric/);
    const d = compile({ type: "trait", trait: "signup_at", valueType: "date", op: "within_last", within: { amount: 7, unit: "days" } });
    expect(d.predicate).toContain("ns_try_timestamptz((p.traits #>> $3::text[])) > $2::timestamptz - $5::interval AND ns_try_timestamptz((p.traits #>> $3::text[])) <= $2::timestamptz");
    expect(d.due).toHaveLength(1);
  });

  it("list traits test membership of an element, exists tests for a non-null value", () => {
    expect(compile({ type: "trait", trait: "tags", valueType: "list", op: "contains", value: "VIP" }).predicate).toContain("jsonb_array_elements_text");
    expect(compile({ type: "trait", trait: "tags", valueType: "list", op: "exists" }).predicate).toBe("(((p.traits #> $3::text[]) IS NOT NULL AND (p.traits #> $3::text[]) <> 'null'::jsonb))");
  });

  it("performed at least N times in the last W: grouped semi-join, and a timer at the N-th latest + W", () => {
    const c = compile({ type: "event", event: "Order Completed", measure: { kind: "count", op: "at_least", value: 2 }, window: { kind: "last", amount: 30, unit: "days" } });
    expect(c.predicate).toBe(
      "(p.id IN (SELECT e.profile_id FROM events e WHERE e.workspace_id = $1::text AND e.event = $3::text AND e.profile_id IS NOT NULL AND e.ts > $2::timestamptz - $4::interval GROUP BY 1 HAVING count(*) >= 2))",
    );
    expect(c.due[0]).toContain("row_number() OVER (PARTITION BY e.profile_id ORDER BY e.ts DESC)");
    // Once is enough: the latest one leaving the window is the moment, no ranking needed.
    const once = compile({ type: "event", event: "Order Completed", window: { kind: "last", amount: 30, unit: "days" } });
    expect(once.due[0]).toBe("SELECT e.profile_id, max(e.ts) + $5::interval AS due FROM events e WHERE e.workspace_id = $1::text AND e.event = $3::text AND e.profile_id IS NOT NULL AND e.ts > $2::timestamptz - $4::interval GROUP BY 1");
    expect(c.due[0]).toContain("WHERE rn = 2");
  });

  it("at most / exactly 0 include people without the event; property filters join the scan", () => {
    expect(compile({ type: "event", event: "X", measure: { kind: "count", op: "at_most", value: 1 } }).predicate).toMatch(/^\(NOT p\.id IN \(.* HAVING count\(\*\) > 1\)\)$/);
    const c = compile({ type: "event", event: "X", measure: { kind: "count", op: "exactly", value: 0 }, filters: [{ property: "category", valueType: "string", op: "eq", value: "Tea" }] });
    expect(c.predicate).toMatch(/^\(NOT p\.id IN \(SELECT e\.profile_id FROM events e WHERE .*lower\(\(e\.properties #>> \$4::text\[\]\)\) = \$5/);
  });

  it("sums that pass at zero count people without events; averages do not", () => {
    expect(compile({ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "lt", value: 100 } }).predicate).toMatch(/^\(NOT p\.id IN \(.* HAVING NOT \(coalesce\(sum/);
    expect(compile({ type: "event", event: "Order Completed", measure: { kind: "sum", property: "revenue", op: "gt", value: 100 } }).predicate).toMatch(/^\(p\.id IN \(.* HAVING coalesce\(sum/);
    expect(compile({ type: "event", event: "Order Completed", measure: { kind: "avg", property: "revenue", op: "lt", value: 100 } }).predicate).toMatch(/^\(p\.id IN \(.* HAVING avg/);
  });

  it("did not perform in the last W: anti-join, timer at the latest + W", () => {
    const c = compile({ type: "no_event", event: "Order Completed", window: { kind: "last", amount: 30, unit: "days" } });
    expect(c.predicate).toMatch(/^\(NOT p\.id IN \(SELECT e\.profile_id FROM events e WHERE/);
    expect(c.due[0]).toContain("max(e.ts) + $");
  });

  it("A not followed by B within T: the latest A, T ago, with no B since; timer at latest A + T", () => {
    const c = compile({ type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" } });
    expect(c.predicate).toContain("max(a.ts) AS last_a");
    expect(c.predicate).toContain("x.last_a + $4::interval <= $2::timestamptz AND NOT EXISTS (SELECT 1 FROM events b WHERE");
    expect(c.params.values).toContain("1 hours");
    expect(c.due[0]).toContain("last_a + $4::interval AS due");
  });

  it("A then B within T: a pair with B after A and at most T later", () => {
    const c = compile({ type: "sequence", first: { event: "Checkout Started" }, then: { event: "Order Completed" }, followed: true, within: { amount: 30, unit: "minutes" } });
    expect(c.predicate).toContain("b.ts > a.ts AND b.ts <= a.ts + $4::interval");
    expect(c.due).toHaveLength(0);
  });

  it("first / last seen, other segments and consent", () => {
    expect(compile({ type: "seen", which: "last", op: "within_last", within: { amount: 7, unit: "days" } }).predicate).toBe("(coalesce(p.last_seen_at > $2::timestamptz - $3::interval, false))");
    expect(compile({ type: "segment", segmentId: "s1", member: false }, [5]).predicate).toBe("(NOT p.id IN (SELECT m.profile_id FROM segment_members m WHERE m.segment_id = $4::text AND m.profile_id = ANY($3::bigint[])))");
    expect(compile({ type: "consent", purpose: "marketing_email", granted: true }).predicate).toBe("(coalesce(lower(p.consent -> $3 ->> 'granted') = 'true', false))");
  });

  it("candidates restrict every scan, so live evaluation reads only the touched profiles", () => {
    const c = compile({ type: "event", event: "X" }, [1, 2]);
    expect(c.predicate).toContain("e.profile_id = ANY($3::bigint[])");
    expect(membersSql(c, { workspaceId: WS, now: NOW, candidates: [1, 2] })).toContain("AND p.id = ANY($3::bigint[]) AND");
  });

  it("live: definitions share one read of each event's rows, a summary per profile", () => {
    const viewed = (amount: number) => ({ type: "event", event: "Product Viewed", window: { kind: "last", amount, unit: "days" } });
    const defs = [viewed(1), viewed(7), { type: "no_event", event: "Product Viewed", window: { kind: "last", amount: 7, unit: "days" } }].map((c) =>
      definitionSchema.parse({ type: "group", op: "and", conditions: [c] }),
    );
    const live = compileLive(defs, { workspaceId: WS, now: NOW, candidates: [[1, 2], [2], [3]] });
    // One pass over Product Viewed, one column: the latest time, which says what is in each window.
    expect(live.sql.match(/FROM events e/g)).toHaveLength(1);
    // Only as far back as the longest window of the summary (7 days), only the profiles of the definitions that read it.
    expect(live.sql).toContain("WHERE e.workspace_id = $1::text AND e.event = $5::text AND e.profile_id = ANY($6::bigint[]) AND e.ts > $2::timestamptz - $7::interval GROUP BY e.profile_id");
    expect(live.sql).toContain("WHERE p.workspace_id = $1::text AND p.id = ANY($3::bigint[])");
    expect(live.sql).toContain("LEFT JOIN (SELECT e.profile_id, max(e.ts) AS c0 FROM events e");
    expect(live.sql).toContain("p.merged_into IS NULL AND (((CASE WHEN s0.c0 > $2::timestamptz - $4::interval THEN s0.c0 END) IS NOT NULL)) AS m0");
    expect(live.sql).toContain("p.merged_into IS NULL AND (((CASE WHEN s0.c0 > $2::timestamptz - $7::interval THEN s0.c0 END) IS NULL)) AS m2");
    // Due moments: when the latest one leaves the window, if that is still ahead.
    expect(live.sql).toContain("round(date_part('epoch', CASE WHEN (CASE WHEN s0.c0 > $2::timestamptz - $4::interval THEN s0.c0 END) + $4::interval > $2::timestamptz THEN");
    expect(live.params).toEqual([WS, NOW.toISOString(), [1, 2, 3], "1 days", "Product Viewed", [1, 2, 3], "7 days"]);
  });

  it("live: a summary reads only the profiles of the definitions that use it", () => {
    const defs = [
      { type: "event", event: "Order Completed" },
      { type: "event", event: "Home", window: { kind: "last", amount: 1, unit: "days" } },
      { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" },
      { type: "no_event", event: "Order Completed", window: { kind: "last", amount: 7, unit: "days" } },
    ].map((c) => definitionSchema.parse({ type: "group", op: "and", conditions: [c] }));
    const live = compileLive(defs, { workspaceId: WS, now: NOW, candidates: [[1], [2, 3], [4, 5], [3]] });
    const idsOf = (event: string) => {
      const m = live.sql.match(new RegExp(`e\\.event = \\$(\\d+)::text AND e\\.profile_id = ANY\\(\\$(\\d+)::bigint\\[\\]\\)`, "g"))!;
      const hit = m.map((x) => x.match(/\$(\d+)::text.*\$(\d+)::bigint/)!).find((x) => live.params[Number(x[1]) - 1] === event)!;
      return live.params[Number(hit[2]) - 1];
    };
    expect(idsOf("Order Completed")).toEqual([1, 3]);
    expect(idsOf("Home")).toEqual([2, 3]);
    // The profile row is read for every candidate.
    expect(live.params[2]).toEqual([1, 2, 3, 4, 5]);
  });

  it("live: a summary read for all of history when a condition needs it; B after the last A only within A's window", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "event", event: "Order Completed" },
        { type: "sequence", first: { event: "Product Added" }, then: { event: "Order Completed" }, followed: false, within: { amount: 1, unit: "hours" }, window: { kind: "last", amount: 3, unit: "days" } },
      ],
    });
    const live = compileLive([def], { workspaceId: WS, now: NOW, candidates: [[7]] });
    const orders = live.sql.match(/FROM events e WHERE e.workspace_id = \$1::text AND e.event = (\$\d+)::text AND e.profile_id = ANY\(\$\d+::bigint\[\]\)( AND e.ts > [^)]*)? GROUP BY/g)!;
    expect(orders).toHaveLength(2);
    // "Ever" reads every order, so the summary of orders has no time bound; Product Added's has 3 days.
    expect(orders.filter((o) => o.includes("AND e.ts >"))).toHaveLength(1);
    // The last A in the window, T ago, and no B after it (the latest B: one column serves both conditions).
    expect(live.sql).toContain("coalesce((CASE WHEN s1.c0 > $2::timestamptz - $6::interval THEN s1.c0 END) + $7::interval <= $2::timestamptz AND NOT coalesce(s0.c0 > (CASE WHEN s1.c0 > $2::timestamptz - $6::interval THEN s1.c0 END), false), false)");
  });

  it("groups join with AND / OR, negate, and an empty AND means everyone", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "or",
      conditions: [{ type: "consent", purpose: "advertising", granted: true }, { type: "group", op: "and", negate: true, conditions: [] }],
    });
    expect(compileDefinition(def, { workspaceId: WS, now: NOW }).predicate).toBe("(coalesce(lower(p.consent -> $3 ->> 'granted') = 'true', false)) OR (NOT (true))");
  });

  it("timers of several conditions combine into the earliest future moment per profile", () => {
    const def = definitionSchema.parse({
      type: "group",
      op: "and",
      conditions: [
        { type: "no_event", event: "A", window: { kind: "last", amount: 1, unit: "days" } },
        { type: "seen", which: "first", op: "within_last", within: { amount: 3, unit: "days" } },
      ],
    });
    const opts = { workspaceId: WS, now: NOW };
    const sql = dueSql(compileDefinition(def, opts), opts)!;
    expect(sql).toMatch(/^WITH ns_params AS \(SELECT \$1::text, \$2::timestamptz, .*\) SELECT profile_id, min\(due\) AS due_at FROM \(.* UNION ALL .*\) d WHERE due > \$2::timestamptz GROUP BY profile_id$/);
    expect(dueSql(compileDefinition(one({ type: "trait", trait: "plan", valueType: "string", op: "exists" }), opts), opts)).toBeNull();
  });
});

describe("timers only where the clock can change the answer", () => {
  const opts = { workspaceId: WS, now: NOW };
  const group = (op: "and" | "or", conditions: Record<string, unknown>[]) => definitionSchema.parse({ type: "group", op, conditions });
  const pro = { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" };
  const active = { type: "seen", which: "last", op: "within_last", within: { amount: 3, unit: "days" } };

  it("under AND, a timer is kept only for profiles whose clock-free conditions hold", () => {
    const c = compileDefinition(group("and", [pro, active]), opts);
    expect(c.due).toHaveLength(1);
    expect(c.due[0]).toBe(`SELECT d.profile_id, d.due FROM (SELECT p.id AS profile_id, p.last_seen_at + $5::interval AS due FROM profiles p WHERE p.workspace_id = $1::text AND p.merged_into IS NULL) d JOIN profiles p ON p.id = d.profile_id WHERE (${c.predicate.split(" AND (")[0]!.slice(1, -1)})`);
  });

  it("under OR, only while the clock-free conditions do not already make it true", () => {
    const c = compileDefinition(group("or", [pro, active]), opts);
    expect(c.due[0]).toMatch(/JOIN profiles p ON p\.id = d\.profile_id WHERE NOT \(coalesce\(lower/);
  });

  it("conditions the clock or another segment can move never guard a timer", () => {
    const c = compileDefinition(group("and", [active, { type: "segment", segmentId: "seg_1", member: true }, { type: "event", event: "A", window: { kind: "last", amount: 1, unit: "days" } }]), opts);
    expect(c.due).toHaveLength(2);
    for (const d of c.due) expect(d).not.toContain("JOIN profiles p ON p.id = d.profile_id");
  });
});

describe("which way new events move an answer", () => {
  const def = (op: "and" | "or", conditions: Record<string, unknown>[], negate = false) => definitionSchema.parse({ type: "group", op, negate, conditions });
  const viewed = { type: "event", event: "Viewed", window: { kind: "last", amount: 7, unit: "days" } };
  const noOrder = { type: "no_event", event: "Ordered", window: { kind: "last", amount: 7, unit: "days" } };

  it("performed at least N, followed sequences and last seen recently only move towards true", () => {
    expect(directionOf(def("and", [viewed, { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }]), ["Viewed"])).toBe("up");
    expect(directionOf(def("or", [viewed, { type: "seen", which: "last", op: "within_last", within: { amount: 1, unit: "days" } }]), ["Other"])).toBe("up");
    expect(directionOf(def("and", [{ type: "sequence", first: { event: "A" }, then: { event: "B" }, followed: true, within: { amount: 1, unit: "hours" } }]), ["B"])).toBe("up");
  });

  it("did not perform and at most N move towards false; NOT turns one into the other", () => {
    expect(directionOf(def("and", [noOrder]), ["Ordered"])).toBe("down");
    expect(directionOf(def("and", [{ type: "event", event: "Ordered", measure: { kind: "count", op: "at_most", value: 2 } }]), ["Ordered"])).toBe("down");
    expect(directionOf(def("and", [viewed], true), ["Viewed"])).toBe("down");
  });

  it("anything that can go both ways, or events it does not read, says so", () => {
    expect(directionOf(def("and", [viewed, noOrder]), ["Viewed", "Ordered"])).toBe("mixed");
    expect(directionOf(def("and", [{ type: "event", event: "Ordered", measure: { kind: "sum", property: "revenue", op: "gt", value: 100 } }]), ["Ordered"])).toBe("mixed");
    expect(directionOf(def("and", [{ type: "sequence", first: { event: "A" }, then: { event: "B" }, followed: false, within: { amount: 1, unit: "hours" } }]), ["A"])).toBe("mixed");
    expect(directionOf(def("and", [{ type: "seen", which: "first", op: "within_last", within: { amount: 1, unit: "days" } }]), ["A"])).toBe("mixed");
    expect(directionOf(def("and", [viewed]), ["Ordered"])).toBe("none");
  });
});

describe("dependencies", () => {
  it("index a segment by the events, traits, consent and segments it reads", () => {
    const d = dependenciesOf(
      definitionSchema.parse({
        type: "group",
        op: "and",
        conditions: [
          { type: "sequence", first: { event: "A" }, then: { event: "B" }, followed: false, within: { amount: 1, unit: "hours" } },
          { type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" },
          { type: "segment", segmentId: "s2", member: true },
        ],
      }),
    );
    expect(d).toEqual({
      events: ["A", "B"],
      traits: true,
      consent: false,
      seen: false,
      segments: ["s2"],
      timed: true,
    });
    expect(isTouchedBy(d, { events: ["C"], traits: false, consent: true, everything: false })).toBe(false);
    expect(isTouchedBy(d, { events: ["B"], traits: false, consent: false, everything: false })).toBe(true);
    expect(isTouchedBy(d, { events: [], traits: true, consent: false, everything: false })).toBe(true);
    expect(isTouchedBy(d, { events: [], traits: false, consent: false, everything: true })).toBe(true);
  });

  it("evaluates a level in statements of at most SEGMENTS_PER_STATEMENT segments, after the levels it reads", () => {
    const many = Array.from({ length: SEGMENTS_PER_STATEMENT * 2 + 1 }, (_, i) => ({ id: `s${i}`, deps: { segments: [] as string[] } }));
    const top = { id: "top", deps: { segments: ["s0"] } };
    const out = levels([...many, top]);
    expect(out.map((l) => l.length)).toEqual([SEGMENTS_PER_STATEMENT, SEGMENTS_PER_STATEMENT, 1, 1]);
    expect(out[3]).toEqual([top]);
  });

  it("orders segments after the ones they are built on, and names a loop", () => {
    const s = (id: string, segments: string[]) => ({ id, name: id.toUpperCase(), deps: { segments } });
    expect(orderByDependencies([s("a", ["b"]), s("b", ["c"]), s("c", [])]).map((x) => x.id)).toEqual(["c", "b", "a"]);
    expect(() => orderByDependencies([s("a", ["b"]), s("b", ["a"])])).toThrow(CycleError);
    expect(() => orderByDependencies([s("a", ["b"]), s("b", ["a"])])).toThrow("A → B → A");
  });
});

describe("definition schema", () => {
  const errors = (def: unknown) => definitionSchema.safeParse(def).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  it("explains what to fix, at the condition that is wrong", () => {
    expect(errors({ type: "group", op: "and", conditions: [{ type: "trait", trait: "age", valueType: "number", op: "gt", value: "old" }] })).toEqual(["conditions.0.value: Enter a number"]);
    expect(errors({ type: "group", op: "and", conditions: [{ type: "trait", trait: "plan", valueType: "string", op: "gt", value: "x" }] })?.[0]).toMatch(/^conditions\.0\.op: “gt” does not apply to a string value/);
    expect(errors({ type: "group", op: "and", conditions: [{ type: "event", event: "" }] })).toEqual(["conditions.0.event: Choose an event"]);
    expect(errors({ type: "group", op: "and", conditions: [{ type: "teleport" }] })?.[0]).toMatch(/^conditions\.0(\.type)?: Unknown condition type/);
    expect(errors({ type: "group", op: "and", conditions: [{ type: "event", event: "A", window: { kind: "between", from: "2026-02-01", to: "2026-01-01" } }] })?.[0]).toContain("The window must end after it starts");
    expect(errors({ type: "group", op: "and", conditions: [{ type: "sequence", first: { event: "A" }, then: { event: "B" }, followed: true, within: { amount: 0, unit: "hours" } }] })).toEqual(["conditions.0.within.amount: Use at least 1"]);
    expect(errors({ type: "group", op: "and", conditions: [{ type: "trait", trait: "signup", valueType: "date", op: "within_last" }] })).toEqual(["conditions.0.within: Say how far back: a number of minutes, hours, days or weeks"]);
  });

  it("fills defaults: a count of at least once, ever, no filters", () => {
    const def = definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] });
    expect(def.conditions[0] as Condition).toEqual({ type: "event", event: "Order Completed", filters: [], measure: { kind: "count", op: "at_least", value: 1 }, window: { kind: "ever" } });
  });
});
