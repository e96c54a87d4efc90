// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// An admin connects a billing tool by webhook: the first payload is captured before any mapping
// exists, the mapping is built and previewed on it, saved, and the captured payload replayed into an event.
test("create a webhook source, map a captured sample, and see the event", async ({ page, request }) => {
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  await nav(page, "Sources").click();
  await page.getByLabel("Kind").selectOption("webhook");
  await page.getByLabel("Source name").fill(`Billing ${run}`);
  await page.getByLabel("Start from").selectOption("");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Billing ${run}`) })).toBeVisible();
  const url = await page.getByTestId("webhook-url").inputValue();
  expect(url).toMatch(/\/v1\/webhooks\/[A-Za-z0-9_-]{32}$/);

  // The billing tool posts before anything is mapped: kept, and answered 422 so it would retry.
  const payload = { event_type: "subscription.renewed", customer: { id: `cust-${run}`, email: `pay.${run}@example.com` }, plan: "pro", amount_cents: 2900 };
  const first = await request.post(new URL(url).pathname, { data: payload });
  expect(first.status()).toBe(422);
  const samples = page.getByTestId("webhook-samples");
  await expect(samples).toContainText("unmapped", { timeout: 15_000 });

  // Map it: the event named by event_type, the customer id and email, the amount in units; preview on the captured payload.
  await page.getByLabel("Event name: path").fill("event_type");
  await page.getByLabel("User id: from").selectOption("path");
  await page.getByLabel("User id: path").fill("customer.id");
  await page.getByLabel("Email: from").selectOption("path");
  await page.getByLabel("Email: path").fill("customer.email");
  await page.getByRole("button", { name: "Add a field" }).click();
  await page.getByLabel("Field 1 target").fill("properties.amount");
  await page.getByLabel("Field 1 path").fill("amount_cents");
  await page.getByLabel("Field 1 conversion").selectOption("cents");
  await samples.getByRole("button", { name: "Preview" }).first().click();
  const preview = page.getByTestId("webhook-preview");
  await expect(preview).toContainText("1 message would be stored");
  await expect(preview).toContainText('"event": "subscription.renewed"');
  await expect(preview).toContainText('"amount": 29');
  await page.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Replay what was captured; then a new delivery goes straight in.
  await samples.getByRole("button", { name: "Replay" }).first().click();
  await expect(samples.getByText("accepted").first()).toBeVisible({ timeout: 15_000 });
  const second = await request.post(new URL(url).pathname, { data: { ...payload, event_type: "invoice.paid" } });
  expect(second.status()).toBe(200);
  expect(await second.json()).toMatchObject({ success: true, accepted: 1 });
  const dbg = page.getByTestId("debugger");
  await expect(dbg).toContainText("subscription.renewed");
  await expect(dbg).toContainText("invoice.paid");
  await page.screenshot({ path: ".data/test-results/webhook-source.png", fullPage: true });
});
