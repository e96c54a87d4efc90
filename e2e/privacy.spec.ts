// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// A privacy admin receives "delete everything you hold on me", files it, sees it done, and checks.
test("file an erasure request in the privacy page, see it complete, search the profile and find nothing", async ({ page }) => {
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  const email = `erase.me.${run}@example.com`;
  const source = await page.request.post("/api/sources", { data: { name: `Shop ${run}` } });
  const auth = { authorization: `Basic ${Buffer.from(`${(await source.json()).source.writeKey}:`).toString("base64")}` };
  const batch = [
    { type: "identify", messageId: `p-i-${run}`, userId: `erase-${run}`, traits: { email, first_name: "Erin", plan: "pro" } },
    { type: "track", messageId: `p-t-${run}`, userId: `erase-${run}`, event: "Order Completed", properties: { revenue: 30 } },
  ];
  expect((await page.request.post("/v1/batch", { headers: auth, data: { batch } })).status()).toBe(200);

  // The person is there before.
  await page.goto(`/profiles?q=${encodeURIComponent(email)}`);
  await expect(page.getByRole("link", { name: "Erin" }).or(page.getByRole("link", { name: email }))).toBeVisible();

  // Every page carries the security headers.
  const res = await page.goto("/privacy");
  expect(res?.headers()["x-frame-options"]).toBe("DENY");
  expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  await nav(page, "Privacy").click();
  await expect(page.getByRole("heading", { name: "Privacy", exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "File a request" });
  await form.getByLabel("Request").selectOption("erasure");
  await form.getByLabel("Person known by").selectOption("email");
  await form.getByLabel("Identifier").fill(email.toUpperCase());
  await form.getByLabel("Note (optional)").fill(`Ticket ${run}`);
  await form.getByRole("button", { name: "Erase person" }).click();

  // The request appears, masked, and completes within moments (the privacy worker picks it up at once).
  const row = page.getByTestId("privacy-requests").getByRole("row").filter({ hasText: `Ticket ${run}` });
  await expect(row).toContainText("e•••@e•••.com");
  await expect(row.getByText("completed")).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText(/Erased 1 profile, \d+ rows in \d+ tables/);
  await page.screenshot({ path: "test-results/privacy-page.png", fullPage: true });

  // Searching for the person finds nothing; their events no longer arrive.
  await page.goto(`/profiles?q=${encodeURIComponent(email)}`);
  await expect(page.getByText(`No profile matches “${email}”`)).toBeVisible();
  await page.goto(`/profiles?q=erase-${run}`);
  await expect(page.getByText(`No profile matches “erase-${run}”`)).toBeVisible();
  const later = await page.request.post("/v1/track", { headers: auth, data: { messageId: `p-l-${run}`, userId: `erase-${run}`, event: "Product Viewed" } });
  expect(later.status()).toBe(200);
  await page.goto(`/profiles?q=erase-${run}`);
  await expect(page.getByText(`No profile matches “erase-${run}”`)).toBeVisible();
});

test("a change sent from another site with the session cookie is refused", async ({ page }) => {
  await signInAsOwner(page);
  const res = await page.request.post("/api/segments", { headers: { origin: "https://evil.example" }, data: { name: "Nope", definition: { type: "group", op: "and", conditions: [] } } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/another site/);
});
