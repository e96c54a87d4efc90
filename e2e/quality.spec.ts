// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// A data steward guards a source with a tracking plan: a broken event is held, the plan is fixed, the event replayed.
test("import a tracking plan, send a bad event, see it quarantined, fix the plan, replay it", async ({ page }) => {
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  const created = await page.request.post("/api/sources", { data: { name: `Checkout ${run}` } });
  const { source } = await created.json();
  const auth = { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString("base64")}` };

  await page.goto(`/sources/${source.id}`);
  await expect(page.getByTestId("plan-status")).toContainText("No tracking plan");
  const plan = { events: [{ name: "Order Completed", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: "number" } } } }] };
  await page.getByLabel("Import a tracking plan file").setInputFiles({ name: "plan.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plan)) });
  await expect(page.getByLabel("Tracking plan JSON")).toHaveValue(/Order Completed/);
  await page.getByLabel("Events that break the plan").selectOption("quarantine");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByTestId("plan-status")).toContainText("Version 1: 1 event planned");

  // The checkout sends revenue as text: held, not lost.
  const bad = await page.request.post("/v1/track", { headers: auth, data: { messageId: `q-${run}`, userId: `buyer-${run}`, event: "Order Completed", properties: { revenue: "19.90" } } });
  expect(await bad.json()).toMatchObject({ success: true, accepted: 0, quarantined: 1 });
  await expect(page.getByTestId("plan-quarantine")).toContainText("1 messages held");
  await expect(page.getByTestId("plan-violations")).toContainText("revenue must be number");

  // The steward accepts text amounts too, and replays what was held.
  const fixed = { events: [{ name: "Order Completed", properties: { type: "object", required: ["revenue"], properties: { revenue: { type: ["number", "string"] } } } }] };
  await page.getByLabel("Tracking plan JSON").fill(JSON.stringify(fixed, null, 2));
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByTestId("plan-status")).toContainText("Version 2");
  await page.getByRole("button", { name: "Replay held messages" }).click();
  await expect(page.getByTestId("plan-quarantine")).toContainText("Replayed 1: 1 accepted, 0 held again");
  await expect(page.getByTestId("plan-quarantine")).toContainText("0 messages held");

  // The order is on the buyer's profile now, and the data quality page shows the source's plan.
  await page.goto(`/profiles?q=buyer-${run}`);
  await page.getByRole("link", { name: `buyer-${run}` }).click();
  await expect(page.getByRole("button", { name: /track Order Completed revenue: 19.90/ })).toBeVisible();
  await nav(page, "Data quality").click();
  await expect(page.getByTestId("quality-sources").getByRole("row").filter({ hasText: `Checkout ${run}` })).toContainText("v2 · 1 event ·");
  await page.screenshot({ path: "test-results/data-quality.png", fullPage: true });
});
