import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb } from "../db";
import { uniq } from "../testing/fixtures";
import { check, startServer, type Received } from "../testing/http-server";
import { setRetryPolicy } from "./destinations";
import { md5, sha256 } from "./normalize";
import { requestRun } from "./queue";
import { saveDestinationSchema, saveSyncSchema, type Mapping } from "./schema";
import { createDestination, testDestination } from "./store";
import { createSync } from "./syncs";
import { eraseFromDestinations } from "./erase";
import { ACTOR, identify, lastRun, profileIdOf, proSegmentWorkspace, runQueued, type Person } from "./test-fixture";

beforeAll(() => setRetryPolicy({ attempts: 4, baseMs: 20, maxMs: 200 }));
afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const HEX64 = /^[0-9a-f]{64}$/;
const ADS = { advertising: true, marketing_email: true };
const PEOPLE: Person[] = [
  { userId: "ann", email: " Ann.Lee@Gmail.com ", phone: "+1 (650) 253-1234", plan: "pro", consent: ADS, first_name: "Ann" },
  { userId: "bob", email: "bob@example.com", plan: "pro", consent: ADS, first_name: "Bob" },
  { userId: "cat", phone: "650 555 0100", plan: "pro", consent: ADS },
  { userId: "dan", email: "dan@example.com", plan: "pro", consent: { advertising: false, marketing_email: false } },
  { userId: "eve", plan: "pro", consent: ADS },
];

async function connect(kind: string, config: Record<string, string>, secrets: Record<string, string>, mapping: Mapping, purpose: string | null) {
  const { workspaceId, segmentId } = await proSegmentWorkspace(PEOPLE);
  const destination = await createDestination({ workspaceId, actor: ACTOR, input: saveDestinationSchema.parse({ kind, name: kind, config, secrets, purpose, ratePerSecond: 1000 }) });
  const test = await testDestination({ workspaceId, actor: ACTOR, destinationId: destination.id });
  const sync = await createSync({ workspaceId, actor: ACTOR, input: saveSyncSchema.parse({ segmentId, destinationId: destination.id, mode: "mirror", trigger: "schedule", everyMinutes: 60, mapping }) });
  await runQueued(workspaceId);
  return { workspaceId, sync, test };
}

/** Ann leaves the segment: the next run removes her and sends nothing else. */
async function annLeaves(workspaceId: string, syncId: string) {
  await identify(workspaceId, [{ userId: "ann", plan: "free" }]);
  await requestRun({ workspaceId, syncId, kind: "full", requestedBy: "test" });
  await runQueued(workspaceId);
}

describe("Meta Custom Audiences", () => {
  it("adds and removes SHA-256 hashed, normalised emails and phones in the documented payload", async () => {
    let throttled = false;
    const meta = await startServer((req: Received) => {
      if (req.method === "GET") {
        check(req.path === "/v25.0/23851234567890123" && req.query.get("access_token") === "EAAtoken", "audience read needs the token");
        return { status: 200, body: { id: "23851234567890123", name: "Pro customers" } };
      }
      check(req.path === "/v25.0/23851234567890123/users", `unexpected path ${req.path}`);
      check(req.headers["content-type"] === "application/x-www-form-urlencoded", "form-encoded body expected");
      const form = new URLSearchParams(req.body);
      check(form.get("access_token") === "EAAtoken", "access_token missing");
      const payload = JSON.parse(form.get("payload") ?? "{}") as { schema: string[]; data: string[][] };
      check(JSON.stringify(payload.schema) === '["EMAIL","PHONE"]', "schema must list EMAIL and PHONE");
      check(payload.data.length >= 1 && payload.data.length <= 10_000, "1 to 10,000 rows per request");
      for (const row of payload.data) check(row.length === 2 && row.every((v) => v === "" || HEX64.test(v)) && row.some((v) => v), "each row: SHA-256 hex values");
      if (!throttled) {
        throttled = true;
        return { status: 429, headers: { "retry-after": "0" }, body: { error: { message: "User request limit reached", code: 17 } } };
      }
      return { status: 200, body: { audience_id: "23851234567890123", num_received: payload.data.length, num_invalid_entries: 0 } };
    });
    const { workspaceId, sync, test } = await connect(
      "meta",
      { audienceId: "23851234567890123", baseUrl: meta.url },
      { accessToken: "EAAtoken" },
      [{ from: "traits.email", to: "email" }, { from: "traits.phone", to: "phone" }],
      "advertising",
    );
    expect(test).toEqual({ ok: true, message: "Connected to audience “Pro customers”." });
    expect(meta.violations).toEqual([]);
    const adds = meta.requests.filter((r) => r.method === "POST");
    const rows = adds.slice(1).flatMap((r) => (JSON.parse(new URLSearchParams(r.body).get("payload")!) as { data: string[][] }).data);
    // 429 first, then accepted: Ann (email + phone), Bob (email), Cat (phone). Dan has no consent, Eve no identifier.
    expect(adds).toHaveLength(2);
    expect(rows).toHaveLength(3);
    expect(rows).toContainEqual([sha256("ann.lee@gmail.com"), sha256("16502531234")]);
    expect(rows).toContainEqual(["", sha256("16505550100")]);
    expect(await lastRun(sync.id)).toMatchObject({ added: 3, skipped_consent: 1, skipped_identifier: 1 });

    await annLeaves(workspaceId, sync.id);
    const removal = meta.requests.filter((r) => r.method === "DELETE");
    expect(removal).toHaveLength(1);
    expect(JSON.parse(new URLSearchParams(removal[0]!.body).get("payload")!).data).toEqual([[sha256("ann.lee@gmail.com"), sha256("16502531234")]]);
    expect(meta.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    await meta.close();
  });
});

describe("Google Ads Customer Match", () => {
  it("creates an offline user data job, adds hashed identifiers and runs it; removals in their own job", async () => {
    let job = 0;
    let failures = 0;
    const ops: { kind: string; ids: Record<string, string>[] }[] = [];
    const google = await startServer((req) => {
      check(req.headers.authorization === "Bearer ya29.token", "OAuth bearer token missing");
      check(req.headers["developer-token"] === "dev-token", "developer-token header missing");
      check(req.headers["login-customer-id"] === "1112223333", "login-customer-id must be digits only");
      if (req.path === "/v22/customers/1234567890/googleAds:search") return { status: 200, body: { results: [{ userList: { name: "Pro customers" } }] } };
      if (req.path === "/v22/customers/1234567890/offlineUserDataJobs:create") {
        const body = JSON.parse(req.body);
        check(body.job.type === "CUSTOMER_MATCH_USER_LIST" && body.job.customerMatchUserListMetadata.userList === "customers/1234567890/userLists/987654321", "job must target the user list");
        return { status: 200, body: { resourceName: `customers/1234567890/offlineUserDataJobs/${++job}` } };
      }
      const add = /^\/v22\/customers\/1234567890\/offlineUserDataJobs\/(\d+):addOperations$/.exec(req.path);
      if (add) {
        if (failures++ === 0) return { status: 503, body: { error: { message: "backend unavailable" } } };
        const body = JSON.parse(req.body) as { operations: Record<string, { userIdentifiers: Record<string, string>[] }>[]; enablePartialFailure: boolean };
        check(body.enablePartialFailure === true, "partial failure should be enabled");
        for (const op of body.operations) {
          const [kind, data] = Object.entries(op)[0]!;
          check(kind === "create" || kind === "remove", "create or remove operations only");
          check(data.userIdentifiers.every((u) => Object.keys(u).length === 1 && HEX64.test(Object.values(u)[0]!)), "one hashed identifier per UserIdentifier");
          ops.push({ kind, ids: data.userIdentifiers });
        }
        return { status: 200, body: {} };
      }
      if (/:run$/.test(req.path)) return { status: 200, body: { name: "operations/1" } };
      throw new Error(`unexpected ${req.method} ${req.path}`);
    });
    const { workspaceId, sync, test } = await connect(
      "google_ads",
      { customerId: "123-456-7890", userListId: "987654321", loginCustomerId: "111-222-3333", baseUrl: google.url },
      { developerToken: "dev-token", accessToken: "ya29.token" },
      [{ from: "traits.email", to: "email" }, { from: "traits.phone", to: "phone" }],
      "advertising",
    );
    expect(test.ok).toBe(true);
    expect(google.violations).toEqual([]);
    // gmail dots dropped; phones in E.164 with the plus
    expect(ops.filter((o) => o.kind === "create").map((o) => o.ids)).toContainEqual([{ hashedEmail: sha256("annlee@gmail.com") }, { hashedPhoneNumber: sha256("+16502531234") }]);
    expect(ops.filter((o) => o.kind === "create")).toHaveLength(3);
    await annLeaves(workspaceId, sync.id);
    expect(ops.filter((o) => o.kind === "remove")).toEqual([{ kind: "remove", ids: [{ hashedEmail: sha256("annlee@gmail.com") }, { hashedPhoneNumber: sha256("+16502531234") }] }]);
    expect(google.requests.filter((r) => r.path.endsWith(":run"))).toHaveLength(2);
    await google.close();
  });
});

describe("Mailchimp", () => {
  it("batch-subscribes with merge fields, reports per-address errors, and archives by subscriber hash", async () => {
    let posts = 0;
    const mc = await startServer((req) => {
      check(req.headers.authorization === `Basic ${Buffer.from("northstar:abc123-us6").toString("base64")}`, "Basic auth with the API key");
      if (req.method === "GET") return { status: 200, body: { id: "list1", name: "Newsletter" } };
      if (req.method === "POST" && req.path.endsWith("/actions/delete-permanent")) {
        check(/^\/lists\/list1\/members\/[0-9a-f]{32}\/actions\/delete-permanent$/.test(req.path) && req.body === "", "delete-permanent by MD5 subscriber hash, no body");
        return { status: 204 };
      }
      if (req.method === "POST" && posts++ === 0) return { status: 500, body: { title: "Internal Server Error", status: 500 } };
      if (req.method === "POST") {
        check(req.path === "/lists/list1", "batch subscribe is POST /lists/{list_id}");
        const body = JSON.parse(req.body) as { members: { email_address: string; status_if_new: string; merge_fields: Record<string, unknown> }[]; update_existing: boolean };
        check(body.update_existing === true && body.members.length <= 500, "update_existing and at most 500 members");
        check(body.members.every((m) => m.status_if_new === "subscribed" && m.email_address === m.email_address.toLowerCase()), "lower-cased addresses with a status");
        const errors = body.members.filter((m) => m.email_address.startsWith("bob")).map((m) => ({ email_address: m.email_address, error: "Bob has been permanently deleted", error_code: "ERROR_CONTACT_EXISTS" }));
        return { status: 200, body: { new_members: [], updated_members: [], errors, total_created: body.members.length - errors.length, error_count: errors.length } };
      }
      check(req.method === "DELETE" && /^\/lists\/list1\/members\/[0-9a-f]{32}$/.test(req.path), "archive by MD5 subscriber hash");
      return { status: 204 };
    });
    const { workspaceId, sync, test } = await connect(
      "mailchimp",
      { listId: "list1", baseUrl: mc.url },
      { apiKey: "abc123-us6" },
      [{ from: "traits.email", to: "email" }, { from: "traits.first_name", to: "FNAME" }],
      "marketing_email",
    );
    expect(test.ok).toBe(true);
    expect(mc.violations).toEqual([]);
    // the 500 was retried: the same batch came twice, accepted the second time
    expect(mc.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    const members = mc.requests.filter((r) => r.method === "POST").slice(1).flatMap((r) => JSON.parse(r.body).members);
    expect(members).toContainEqual({ email_address: "ann.lee@gmail.com", status_if_new: "subscribed", merge_fields: { FNAME: "Ann" } });
    expect(await lastRun(sync.id)).toMatchObject({ status: "partial", added: 1, failed: 1 });
    // Ann asks to be forgotten: Mailchimp deletes her for good.
    expect(await eraseFromDestinations(workspaceId, [await profileIdOf(workspaceId, "ann")])).toEqual([{ destination: "mailchimp", kind: "mailchimp", action: "deleted", records: 1, failed: 0, reasons: [] }]);
    expect(mc.requests.at(-1)!.path).toBe(`/lists/list1/members/${md5("ann.lee@gmail.com")}/actions/delete-permanent`);
    await annLeaves(workspaceId, sync.id);
    expect(mc.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([`/lists/list1/members/${md5("ann.lee@gmail.com")}`]);
    expect(mc.violations).toEqual([]);
    await mc.close();
  });
});

describe("Braze", () => {
  it("sets a membership attribute and mapped attributes by external_id, at most 75 per request", async () => {
    let tracks = 0;
    const braze = await startServer((req) => {
      check(req.headers.authorization === "Bearer braze-key", "Bearer REST API key");
      if (req.path === "/users/export/ids") return { status: 201, body: { users: [], message: "success" } };
      if (req.path === "/users/delete") {
        const body = JSON.parse(req.body) as Record<string, unknown>;
        check(Object.keys(body).length === 1 && Array.isArray(body.external_ids) && body.external_ids.length >= 1 && body.external_ids.length <= 50, "one identifier kind, 1 to 50 external_ids");
        return { status: 202, body: { deleted: (body.external_ids as unknown[]).length, message: "success" } };
      }
      check(req.path === "/users/track", "users/track");
      if (tracks++ === 0) return { status: 429, headers: { "retry-after": "0" }, body: { message: "Rate limit exceeded" } };
      const body = JSON.parse(req.body) as { attributes: Record<string, unknown>[] };
      check(body.attributes.length >= 1 && body.attributes.length <= 75, "1 to 75 attribute objects");
      check(body.attributes.every((a) => typeof a.external_id === "string"), "each object names external_id");
      return { status: 201, body: { message: "success", attributes_processed: body.attributes.length } };
    });
    const { workspaceId, sync, test } = await connect(
      "braze",
      { restEndpoint: braze.url },
      { apiKey: "braze-key" },
      [{ from: "user_id", to: "external_id" }, { from: "traits.first_name", to: "first_name" }],
      "marketing_email",
    );
    expect(test.ok).toBe(true);
    expect(braze.violations).toEqual([]);
    const attrs = braze.requests.filter((r) => r.path === "/users/track").slice(1).flatMap((r) => JSON.parse(r.body).attributes);
    expect(attrs).toContainEqual({ external_id: "ann", first_name: "Ann", in_pro_customers: true });
    expect(attrs).toHaveLength(4); // everyone with consent has a user id
    await annLeaves(workspaceId, sync.id);
    const last = JSON.parse(braze.requests.at(-1)!.body);
    expect(last.attributes).toEqual([{ external_id: "ann", in_pro_customers: false }]);
    // Bob asks to be forgotten: Braze deletes his user.
    expect(await eraseFromDestinations(workspaceId, [await profileIdOf(workspaceId, "bob")])).toEqual([{ destination: "braze", kind: "braze", action: "deleted", records: 1, failed: 0, reasons: [] }]);
    expect(JSON.parse(braze.requests.at(-1)!.body)).toEqual({ external_ids: ["bob"] });
    expect(braze.violations).toEqual([]);
    await braze.close();
  });
});

describe("files and databases", () => {
  it("PostgreSQL table: creates the table, upserts members and deletes those who leave", async () => {
    const table = `ns_reverse_${uniq("t").replace(/-/g, "_")}`;
    const { workspaceId, sync, test } = await connect(
      "postgres",
      { table },
      { connectionString: process.env.DATABASE_URL! },
      [{ from: "user_id", to: "user_id" }, { from: "traits.email", to: "email" }],
      null,
    );
    expect(test.ok).toBe(true);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const before = await client.query(`SELECT user_id, email FROM ${table} ORDER BY user_id`);
      expect(before.rows.map((r) => r.user_id)).toEqual(["ann", "bob", "cat", "dan", "eve"]);
      expect(before.rows[0]).toEqual({ user_id: "ann", email: " Ann.Lee@Gmail.com " });
      await annLeaves(workspaceId, sync.id);
      const after = await client.query(`SELECT user_id FROM ${table} ORDER BY user_id`);
      expect(after.rows.map((r) => r.user_id)).toEqual(["bob", "cat", "dan", "eve"]);
      await client.query(`DROP TABLE ${table}`);
    } finally {
      await client.end();
    }
  });

  it("CSV file drop: writes the whole audience atomically, with a latest copy", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "ns-drop-"));
    const { sync, test } = await connect("csv_file", { folder, prefix: "pro" }, {}, [{ from: "user_id", to: "user_id" }, { from: "traits.first_name", to: "first_name" }], null);
    expect(test.ok).toBe(true);
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith(".csv"))).toBe(true);
    const latest = await readFile(path.join(folder, "pro-latest.csv"), "utf8");
    const lines = latest.trim().split("\n");
    expect(lines[0]).toBe("profile_id,user_id,first_name");
    expect(lines.slice(1).map((l) => l.split(",")[1]).sort()).toEqual(["ann", "bob", "cat", "dan", "eve"]);
    expect((await lastRun(sync.id)).detail.file).toMatch(/pro-\d{8}T\d{6}Z\.csv$/);
  });
});
