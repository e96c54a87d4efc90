import { afterAll, describe, expect, it } from "vitest";
import { createDestination, createSync, requestRun, saveDestinationSchema, saveSyncSchema, setRetryPolicy, SIGNATURE_HEADER } from "../activation";
import { ACTOR, profileIdOf, proSegmentWorkspace, runQueued } from "../activation/test-fixture";
import { disconnectDb } from "../db";
import { closePool, pool } from "../db/pool";
import { ingestMessages, parseMessage } from "../ingest";
import { processQueue } from "../segments";
import { check, startServer } from "../testing/http-server";
import { uniq } from "../testing/fixtures";
import { consentHistory, downloadExport, enforceRetention, fileRequest, getRequest, processPrivacyRequest, savePolicy, setConsent } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));
setRetryPolicy({ attempts: 2, baseMs: 10, maxMs: 50 });

const msg = (raw: Record<string, unknown>, receivedAt = new Date()) => parseMessage({ messageId: uniq("m"), ...raw }, { receivedAt });

async function ingest(workspaceId: string, raws: Record<string, unknown>[]) {
  const r = await ingestMessages({ workspaceId, sourceId: null, messages: raws.map((x) => msg(x)) });
  await processQueue({ workspaceId });
  return r;
}

async function runAll() {
  while (await processPrivacyRequest()) {
    // every waiting request
  }
}

/** Every row of every table (partitions included) whose text holds one of the needles, or whose profile columns hold one of the ids. */
async function scan(workspaceId: string, needles: string[], profileIds: string[]): Promise<string[]> {
  const found: string[] = [];
  const { rows: tables } = await pool().query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE '\\_prisma%'",
  );
  for (const t of tables) {
    const text = await pool().query(`SELECT count(*)::int AS n FROM "${t.name}" x WHERE x::text LIKE ANY($1::text[])`, [needles.map((v) => `%${v}%`)]);
    if (text.rows[0].n > 0) found.push(`${t.name}: ${text.rows[0].n} rows with an identifier`);
    const { rows: cols } = await pool().query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name LIKE '%profile_id' AND data_type = 'bigint'",
      [t.name],
    );
    const hasWs = (await pool().query("SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'workspace_id'", [t.name])).rowCount;
    for (const c of cols) {
      const r = await pool().query(`SELECT count(*)::int AS n FROM "${t.name}" WHERE "${c.column_name}" = ANY($1::bigint[]) ${hasWs ? "AND workspace_id = $2" : "AND $2::text IS NOT NULL"}`, [profileIds, workspaceId]);
      if (r.rows[0].n > 0) found.push(`${t.name}.${c.column_name}: ${r.rows[0].n} rows`);
    }
  }
  return found;
}

describe("data subject requests", () => {
  it("erases a person everywhere, tells destinations, keeps others, and suppresses their identifiers", async () => {
    const erasures: unknown[] = [];
    const hook = await startServer((req) => {
      const body = JSON.parse(req.body);
      check(typeof req.headers[SIGNATURE_HEADER.toLowerCase()] === "string", "every request is signed");
      if (body.type === "privacy.erasure") erasures.push(body);
      return { status: 200, body: {} };
    });
    const ada = { userId: uniq("ada"), email: `${uniq("ada")}@example.com`, plan: "pro", consent: { marketing_email: true, advertising: true } };
    const bob = { userId: uniq("bob"), email: `${uniq("bob")}@example.com`, plan: "pro" };
    const { workspaceId, segmentId } = await proSegmentWorkspace([ada, bob]);
    const anon = uniq("anon");
    // Ada browsed anonymously, then logged in (a merge), bought something, and a payload with her email was quarantined.
    await ingest(workspaceId, [{ type: "page", anonymousId: anon, name: "Pricing", context: { ip: "10.0.0.1" } }]);
    await ingest(workspaceId, [
      { type: "identify", anonymousId: anon, userId: ada.userId, traits: { email: ada.email, first_name: "Ada" } },
      { type: "track", userId: ada.userId, event: "Order Completed", properties: { revenue: 42 }, context: { consent: { categoryPreferences: { advertising: false } } } },
      { type: "track", userId: bob.userId, event: "Order Completed", properties: { revenue: 10 } },
    ]);
    await pool().query("INSERT INTO quarantined_messages (workspace_id, reason, payload) VALUES ($1, 'test', $2)", [workspaceId, JSON.stringify({ userId: ada.userId, traits: { email: ada.email } })]);
    const destination = await createDestination({
      workspaceId,
      actor: ACTOR,
      input: saveDestinationSchema.parse({ kind: "webhook", name: "CRM", config: { url: hook.url }, secrets: { signingSecret: "s3cret" }, purpose: null, ratePerSecond: 1000, concurrency: 1 }),
    });
    const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping: [{ from: "traits.email", to: "email" }, { from: "user_id", to: "userId" }] }) });
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    await runQueued(workspaceId);
    const adaId = await profileIdOf(workspaceId, ada.userId);
    const { rows: all } = await pool().query<{ id: string }>("SELECT p.id::text FROM profiles p WHERE p.workspace_id = $1 AND (p.id = $2 OR p.merged_into = $2)", [workspaceId, adaId]);
    expect(all.length).toBe(2); // the anonymous profile was merged into hers
    expect((await consentHistory({ workspaceId, profileId: adaId })).map((c) => `${c.purpose}:${c.granted}`).sort()).toEqual(["advertising:false", "advertising:true", "marketing_email:true"]);
    const before = await scan(workspaceId, [ada.userId, ada.email, anon], all.map((r) => r.id));
    expect(before.length).toBeGreaterThan(8); // the scan does find her before

    const request = await fileRequest({ workspaceId, actor: ACTOR, channel: "api", input: { kind: "erasure", identifierKind: "email", identifier: ada.email.toUpperCase() } });
    expect(request.status).toBe("pending");
    await runAll();
    const done = await getRequest({ workspaceId, requestId: request.id });
    expect(done.status).toBe("completed");
    expect(done.result.found).toBe(true);
    expect(done.result.profiles).toBe(2);
    expect(done.result.removed?.events).toBe(4);
    expect(done.result.destinations).toEqual([expect.objectContaining({ destination: "CRM", action: "deleted", records: 1, failed: 0 })]);
    expect(erasures).toEqual([expect.objectContaining({ type: "privacy.erasure", records: [expect.objectContaining({ id: adaId, fields: { email: ada.email, userId: ada.userId } })] })]);
    expect(hook.violations).toEqual([]);

    expect(await scan(workspaceId, [ada.userId, ada.email, anon], all.map((r) => r.id))).toEqual([]);
    // Bob is untouched; the segment counts one member less.
    const bobId = await profileIdOf(workspaceId, bob.userId);
    expect((await pool().query("SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND profile_id = $2", [workspaceId, bobId])).rows[0].n).toBe(2);
    expect((await pool().query("SELECT member_count FROM segments WHERE id = $1", [segmentId])).rows[0].member_count).toBe(1);

    // Later events from her identifiers are dropped, and nothing is rebuilt...
    const later = await ingest(workspaceId, [{ type: "track", userId: ada.userId, event: "Product Viewed" }, { type: "page", anonymousId: anon }]);
    expect(later).toMatchObject({ accepted: 0, suppressed: 2 });
    expect(await scan(workspaceId, [ada.userId, ada.email, anon], [])).toEqual([]);
    // ...until she comes back with a consent granted.
    const back = await ingest(workspaceId, [{ type: "identify", userId: ada.userId, traits: { email: ada.email }, context: { consent: { categoryPreferences: { marketing_email: true } } } }]);
    expect(back).toMatchObject({ accepted: 1 });
    expect((await pool().query("SELECT count(*)::int AS n FROM identities WHERE workspace_id = $1 AND value = $2", [workspaceId, ada.userId])).rows[0].n).toBe(1);
    await hook.close();
  });

  it("exports everything held on a person as JSON and CSV", async () => {
    const cy = { userId: uniq("cy"), email: `${uniq("cy")}@example.com`, plan: "pro", consent: { marketing_email: true } };
    const { workspaceId } = await proSegmentWorkspace([cy]);
    await ingest(workspaceId, [
      { type: "track", userId: cy.userId, event: "Order Completed", properties: { revenue: 5 } },
      { type: "track", userId: cy.userId, event: "Product Viewed", properties: { sku: "A1" } },
    ]);
    const cyId = await profileIdOf(workspaceId, cy.userId);
    await setConsent({ workspaceId, actor: ACTOR, profileId: cyId, input: { purpose: "advertising", granted: false, legalBasis: "consent", source: "support call" } });
    const request = await fileRequest({ workspaceId, actor: ACTOR, channel: "ui", input: { kind: "access", identifierKind: "user_id", identifier: cy.userId } });
    await runAll();
    const done = await getRequest({ workspaceId, requestId: request.id });
    expect(done).toMatchObject({ status: "completed", exportAvailable: true, result: { found: true, profiles: 1 } });
    expect(done.result.sections).toMatchObject({ profiles: 1, events: 3, identities: 2, consent: 2, segments: 1 });
    const json = JSON.parse((await downloadExport({ workspaceId, actor: ACTOR, requestId: request.id, format: "json" })).body);
    expect(json.profiles[0].traits.email).toBe(cy.email);
    expect(json.events.map((e: { event: string | null; type: string }) => e.event ?? e.type).sort()).toEqual(["Order Completed", "Product Viewed", "identify"]);
    expect(json.segments).toEqual([expect.objectContaining({ segment: "Pro customers" })]);
    expect(json.consent.map((c: { purpose: string; granted: boolean; legal_basis: string }) => `${c.purpose}:${c.granted}:${c.legal_basis}`).sort()).toEqual(["advertising:false:consent", "marketing_email:true:consent"]);
    const csv = (await downloadExport({ workspaceId, actor: ACTOR, requestId: request.id, format: "csv" })).body.trim().split("\n");
    expect(csv[0]).toBe("section,time,name,data");
    expect(csv.filter((l) => l.startsWith("event,"))).toHaveLength(3);
    // The plain identifier is gone from the request; the audit log knows of the download.
    expect((await pool().query("SELECT identifier FROM privacy_requests WHERE id = $1", [request.id])).rows[0].identifier).toBeNull();
    expect((await pool().query("SELECT count(*)::int AS n FROM audit_logs WHERE workspace_id = $1 AND action = 'privacy.export_downloaded'", [workspaceId])).rows[0].n).toBe(2);
  });

  it("finishes a request for someone unknown, and refuses a malformed one with what to fix", async () => {
    const { workspaceId } = await proSegmentWorkspace([]);
    await expect(fileRequest({ workspaceId, actor: ACTOR, channel: "ui", input: { kind: "erasure", identifierKind: "email", identifier: "not an email" } })).rejects.toThrow(/not an email address/);
    await expect(fileRequest({ workspaceId, actor: ACTOR, channel: "ui", input: { kind: "delete" as never, identifierKind: "email", identifier: "a@b.co" } })).rejects.toThrow(/access \(export\) or erasure/);
    const r = await fileRequest({ workspaceId, actor: ACTOR, channel: "ui", input: { kind: "erasure", identifierKind: "email", identifier: "nobody@example.com" } });
    await runAll();
    expect(await getRequest({ workspaceId, requestId: r.id })).toMatchObject({ status: "completed", result: { found: false, profiles: 0 } });
    expect(r.identifierHint).toBe("n•••@e•••.com");
  });
});

describe("consent", () => {
  it("a consent withdrawn by hand is in the history and takes the person out of an advertising audience at the next sync", async () => {
    const records: { op: string; id: string }[][] = [];
    const hook = await startServer((req) => {
      const body = JSON.parse(req.body);
      if (body.type === "audience.batch") records.push(body.records);
      return { status: 200, body: {} };
    });
    const people = ["dee", "eve"].map((n) => ({ userId: uniq(n), email: `${uniq(n)}@example.com`, plan: "pro", consent: { advertising: true } }));
    const { workspaceId, segmentId } = await proSegmentWorkspace(people);
    const destination = await createDestination({
      workspaceId,
      actor: ACTOR,
      input: saveDestinationSchema.parse({ kind: "webhook", name: "Ads", config: { url: hook.url }, secrets: { signingSecret: "s" }, purpose: "advertising", ratePerSecond: 1000, concurrency: 1 }),
    });
    const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping: [{ from: "user_id", to: "userId" }] }) });
    await requestRun({ workspaceId, syncId: sync.id, kind: "full", requestedBy: "test" });
    await runQueued(workspaceId);
    expect(records.flat().map((r) => r.op)).toEqual(["add", "add"]);
    const dee = await profileIdOf(workspaceId, people[0]!.userId);
    const history = await setConsent({ workspaceId, actor: ACTOR, profileId: dee, input: { purpose: "advertising", granted: false, source: "phone call", legalBasis: "consent" } });
    expect(history.map((h) => `${h.purpose}:${h.granted}`)).toEqual(["advertising:false", "advertising:true"]);
    expect(history[0]!.source).toMatch(/phone call/);
    await processQueue({ workspaceId });
    records.length = 0;
    await requestRun({ workspaceId, syncId: sync.id, kind: "incremental", requestedBy: "test" });
    await runQueued(workspaceId);
    expect(records.flat()).toEqual([expect.objectContaining({ op: "remove", id: dee })]);
    await expect(setConsent({ workspaceId, actor: ACTOR, profileId: dee, input: { purpose: "dating" as never, granted: true } })).rejects.toThrow(/Purpose must be one of/);
    await hook.close();
  });
});

describe("retention", () => {
  it("removes exactly what the policies say and drops a partition nobody keeps anything in", async () => {
    const { workspaceId } = await proSegmentWorkspace([]);
    const { workspaceId: other } = await proSegmentWorkspace([]);
    const now = new Date("2001-06-15T12:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const u = uniq("u");
    const events = [
      { type: "page", name: "Home", ts: ago(10) }, // kept (default 30 days)
      { type: "page", name: "Home", ts: ago(40) }, // removed
      { type: "identify", traits: { plan: "free" }, ts: ago(50) }, // removed by the default
      { type: "track", event: "Order Completed", ts: ago(40) }, // kept (orders: 365 days)
      { type: "track", event: "Order Completed", ts: ago(400) }, // removed
      { type: "track", event: "Product Viewed", ts: ago(45) }, // removed (own policy: 7 days... and the default)
      { type: "track", event: "Product Viewed", ts: ago(3) }, // kept
    ];
    await ingestMessages({ workspaceId, sourceId: null, messages: events.map(({ ts, ...e }) => msg({ ...e, userId: u, timestamp: ts }, new Date(ts))) });
    // Another workspace without a policy keeps an old event in April 2001: that partition must stay.
    await ingestMessages({ workspaceId: other, sourceId: null, messages: [msg({ type: "track", event: "Signed Up", userId: u, timestamp: ago(60) }, new Date(ago(60)))] });
    for (const p of [{ event: "", keepDays: 30 }, { event: "Order Completed", keepDays: 365 }, { event: "Product Viewed", keepDays: 7 }]) await savePolicy({ workspaceId, actor: ACTOR, input: p });
    const runs = await enforceRetention(now);
    const mine = runs.find((r) => r.workspaceId === workspaceId)!;
    expect(mine.total).toBe(4);
    expect(mine.removed).toEqual({ "type:page": 1, "type:identify": 1, "Order Completed": 1, "Product Viewed": 1 });
    // May 2000 (the 400-day-old order) held only this workspace's expired rows: dropped whole.
    expect(mine.partitionsDropped).toEqual(["events_p2000_05"]);
    const left = await pool().query<{ k: string }>("SELECT CASE WHEN type = 'track' THEN event ELSE type END AS k FROM events WHERE workspace_id = $1 ORDER BY ts", [workspaceId]);
    expect(left.rows.map((r) => r.k)).toEqual(["Order Completed", "page", "Product Viewed"]);
    expect((await pool().query("SELECT count(*)::int AS n FROM events WHERE workspace_id = $1", [other])).rows[0].n).toBe(1);
    expect((await pool().query("SELECT count(*)::int AS n FROM retention_runs WHERE workspace_id = $1", [workspaceId])).rows[0].n).toBe(1);
    // Who did what when follows the events: event_people holds exactly the person-hours of the events left.
    const hours = "SELECT DISTINCT event, date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, profile_id FROM events WHERE workspace_id = $1 AND event IS NOT NULL ORDER BY 1, 2, 3";
    const people = await pool().query("SELECT DISTINCT event, hour, profile_id FROM event_people WHERE workspace_id = $1 ORDER BY 1, 2, 3", [workspaceId]);
    expect(people.rows).toEqual((await pool().query(hours, [workspaceId])).rows);
    expect(people.rows.length).toBeGreaterThan(0);
    // An old event arriving later recreates its partition and is stored (the next run removes it).
    const r = await ingestMessages({ workspaceId, sourceId: null, messages: [msg({ type: "track", event: "Order Completed", userId: u, timestamp: ago(401) }, new Date(ago(401)))] });
    expect(r.accepted).toBe(1);
  });
});
