// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

type Batch = { type: string; records?: { op: string; id: string; fields: Record<string, unknown> }[] };

/** The marketer's own webhook receiver: checks each request's signature as the destination page documents. */
async function receiver(secret: string) {
  const batches: Batch[] = [];
  const badSignatures: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const ts = String(req.headers["x-northstar-timestamp"]);
      const expected = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
      if (req.headers["x-northstar-signature"] !== expected) badSignatures.push(body.slice(0, 80));
      batches.push(JSON.parse(body) as Batch);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/northstar`, batches, badSignatures, close: () => new Promise((r) => server.close(r)) };
}

// A marketer connects a webhook, syncs a segment to it in real time, and follows the runs.
test("connect a webhook destination, sync a segment, see the run history and the received payload", async ({ page }) => {
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  const secret = `whsec_e2e_${run}`;
  const hook = await receiver(secret);

  // Three gold customers arrive through the HTTP API; a segment holds them.
  const source = await page.request.post("/api/sources", { data: { name: `CRM ${run}` } });
  const auth = { authorization: `Basic ${Buffer.from(`${(await source.json()).source.writeKey}:`).toString("base64")}` };
  const people = ["ada", "ben", "cy"].map((n) => ({ type: "identify", messageId: `d-${n}-${run}`, userId: `${n}-${run}`, traits: { email: `${n}.${run}@example.com`, tier: `gold-${run}` } }));
  expect((await page.request.post("/v1/batch", { headers: auth, data: { batch: people } })).status()).toBe(200);
  const segment = await page.request.post("/api/segments", {
    data: { name: `Gold ${run}`, description: "", definition: { type: "group", op: "and", conditions: [{ type: "trait", trait: "tier", valueType: "string", op: "eq", value: `gold-${run}` }] } },
  });
  expect(segment.status()).toBe(201);
  const segmentId: string = (await segment.json()).segment.id;
  await expect.poll(async () => (await (await page.request.get(`/api/segments/${segmentId}`)).json()).segment.memberCount, { timeout: 20_000 }).toBe(3);

  // Connect the webhook from the catalogue and test it.
  await nav(page, "Destinations").click();
  await page.getByRole("link", { name: "Add destination" }).first().click();
  await page.getByRole("button", { name: /^Webhook/ }).click();
  await page.getByLabel("Name", { exact: true }).fill(`Growth webhook ${run}`);
  await page.getByLabel("Endpoint URL").fill(hook.url);
  await page.getByLabel("Signing secret (optional)").fill(secret);
  await page.getByLabel("Extra headers (optional)").fill("X-Team: growth");
  await page.getByRole("button", { name: "Save destination" }).click();
  await expect(page.getByRole("heading", { name: `Growth webhook ${run}` })).toBeVisible();
  await expect(page.getByText("•••••••• (stored encrypted)")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The endpoint answered 200." })).toBeVisible();

  // Set up the sync: the preview shows what will be sent; a test record goes out.
  await page.getByRole("link", { name: "New sync" }).click();
  await page.getByLabel("Segment").selectOption({ label: `Gold ${run} (3 members)` });
  await expect(page.getByTestId("sync-reach")).toContainText("3 members. 3 (100%) can be sent");
  await expect(page.getByRole("cell", { name: `ada.${run}@example.com` })).toBeVisible();
  await page.getByRole("button", { name: "Send a test record" }).click();
  await expect(page.getByText(/was accepted by Growth webhook/)).toBeVisible();
  await page.screenshot({ path: ".data/test-results/sync-setup.png", fullPage: true });
  await page.getByRole("button", { name: "Create sync and start" }).click();

  // The first run sends all three; the history says so.
  await expect(page.getByRole("heading", { name: `Gold ${run} → Growth webhook ${run}` })).toBeVisible();
  await expect(page.getByTestId("in-destination")).toHaveText("3", { timeout: 20_000 });
  const history = page.getByTestId("runs-table");
  await expect(history.getByRole("row").nth(1)).toContainText("Full diff");
  await expect(history.getByRole("row").nth(1)).toContainText("Succeeded");

  // A fourth gold customer arrives: in real time she reaches the receiver on her own.
  const dee = { type: "identify", messageId: `d-dee-${run}`, userId: `dee-${run}`, traits: { email: `dee.${run}@example.com`, tier: `gold-${run}` } };
  expect((await page.request.post("/v1/batch", { headers: auth, data: { batch: [dee] } })).status()).toBe(200);
  await expect(page.getByTestId("in-destination")).toHaveText("4", { timeout: 20_000 });
  await expect(history.getByRole("row").nth(1)).toContainText("Real time");
  await page.screenshot({ path: ".data/test-results/sync-page.png", fullPage: true });

  const records = hook.batches.filter((b) => b.type === "audience.batch").flatMap((b) => b.records ?? []);
  const adds = records.filter((r) => r.op === "add").map((r) => r.fields.email).sort();
  // The test record and the first run both carried Ada (idempotent add); Dee came alone.
  expect([...new Set(adds)]).toEqual([`ada.${run}@example.com`, `ben.${run}@example.com`, `cy.${run}@example.com`, `dee.${run}@example.com`]);
  expect(records.find((r) => r.fields.email === `dee.${run}@example.com`)?.fields).toMatchObject({ userId: `dee-${run}` });
  expect(hook.badSignatures).toEqual([]);
  await hook.close();
});

test("a Viewer sees destinations but cannot add one", async ({ page, browser }) => {
  await signInAsOwner(page);
  const email = `viewer.dest.${Date.now()}@acme.test`;
  const invite = await page.request.post("/api/settings/invitations", { data: { email, role: "viewer" } });
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto((await invite.json()).link);
  await viewer.getByLabel("Your name").fill("Vic Viewer");
  await viewer.getByLabel("Choose a password").fill("vic-password-1");
  await viewer.getByRole("button", { name: "Create account and join" }).click();
  await expect(viewer.getByRole("heading", { name: /^Welcome to / })).toBeVisible();
  const res = await viewer.request.post("/api/destinations", { data: { kind: "webhook", name: "Nope", config: { url: "http://127.0.0.1:9/x" } } });
  expect(res.status()).toBe(403);
  expect((await viewer.request.get("/api/destinations")).status()).toBe(200);
  expect((await viewer.goto("/destinations/new"))?.status()).toBe(403);
});
