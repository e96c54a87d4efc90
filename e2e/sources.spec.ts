import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// A marketer connects a website: creates a source, sends events with its write key, watches them
// arrive in the live debugger (with the refused one and why), then finds the person's profile.
test("create a source, send events, watch the debugger, find the profile", async ({ page, request }) => {
  await signInAsOwner(page);
  // Start from the first workspace the owner has.
  await nav(page, "Sources").click();
  await page.getByLabel("Source name").fill("Website");
  await page.getByLabel("Allowed origins (optional)").fill("https://shop.acme.test");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name: /Website/ })).toBeVisible();
  const writeKey = await page.getByTestId("write-key").inputValue();
  expect(writeKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
  await expect(page.getByTestId("snippet")).toContainText(writeKey);
  await expect(page.getByText("Waiting for the first event")).toBeVisible();

  const auth = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}` };
  const email = `grace.${Date.now()}@example.com`;
  const res = await request.post("/v1/batch", {
    headers: auth,
    data: {
      batch: [
        { type: "page", messageId: `e2e-p-${Date.now()}`, anonymousId: "e2e-device-1", name: "Home", properties: { path: "/" } },
        { type: "identify", messageId: `e2e-i-${Date.now()}`, anonymousId: "e2e-device-1", userId: "e2e-grace", traits: { email, name: "Grace Hopper", plan: "pro" } },
        { type: "track", messageId: `e2e-t-${Date.now()}`, userId: "e2e-grace", event: "Order Completed", properties: { revenue: 99.5, currency: "USD" } },
        { type: "track", messageId: "e2e-bad", userId: "e2e-grace" },
      ],
    },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ success: true, accepted: 3, rejected: [{ messageId: "e2e-bad", field: "event" }] });

  const dbg = page.getByTestId("debugger");
  await expect(dbg).toContainText("Order Completed");
  await expect(dbg).toContainText("refused");
  await expect(dbg).toContainText("track needs event");
  await page.screenshot({ path: ".data/test-results/source.png", fullPage: true });

  await nav(page, "Profiles").click();
  await page.getByRole("searchbox").or(page.getByLabel("Search profiles")).fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Grace Hopper" }).click();
  await expect(page.getByRole("heading", { name: "Grace Hopper" })).toBeVisible();
  await expect(page.getByTestId("traits")).toContainText(email);
  await expect(page.getByTestId("identities")).toContainText("e2e-device-1");
  await expect(page.getByTestId("identities")).toContainText("e2e-grace");
  await expect(page.getByTestId("timeline")).toContainText("Order Completed");
  await expect(page.getByTestId("timeline")).toContainText("Home");
  await page.screenshot({ path: ".data/test-results/profile.png", fullPage: true });

  // The source page now counts what arrived, and the home page shows the workspace's numbers.
  await page.goto("/sources");
  await expect(page.getByTestId("source-Website")).toContainText("3");
  await page.goto("/");
  await expect(page.getByTestId("stat-Profiles")).not.toHaveText("0");
  await expect(page.getByRole("img", { name: "Events per day, last 30 days" })).toBeVisible();
  await page.screenshot({ path: ".data/test-results/home.png", fullPage: true });
});
