import { expect, test, type Page } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

async function writeKeyOf(page: Page): Promise<string> {
  const res = await page.request.post("/api/sources", { data: { name: `Shop ${Date.now()}` } });
  expect(res.status()).toBe(201);
  return (await res.json()).source.writeKey;
}

// A marketer builds a cart-abandonment segment in the browser, watches its size, then sees a
// customer enter it when their cart is an hour old without an order, and leave after ordering.
test("build a cart-abandonment segment and watch a customer enter and leave", async ({ page, request }) => {
  await signInAsOwner(page);
  const writeKey = await writeKeyOf(page);
  const auth = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}` };
  const run = Date.now().toString(36);
  const name = `Cart Abandoner ${run}`;

  await nav(page, "Segments").click();
  await page.getByRole("link", { name: "New segment" }).first().click();
  await expect(page.getByRole("heading", { name: "New segment" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create segment" })).toBeDisabled();
  await page.getByLabel("Name").fill(`Abandoned cart ${run}`);
  await page.getByLabel("Add a condition").selectOption({ label: "Did one event then another (or not)" });
  const row = page.getByTestId("condition-row");
  // An unfinished condition says what is missing, and the segment cannot be saved.
  await expect(row.getByRole("alert")).toHaveText("Choose an event");
  await expect(page.getByRole("status").filter({ hasText: "Fix the marked conditions" })).toBeVisible();
  await row.getByLabel("First event", { exact: true }).fill("Product Added");
  await row.getByLabel("Then or not", { exact: true }).selectOption("not");
  await row.getByLabel("Second event", { exact: true }).fill("Order Completed");
  await row.getByLabel("Amount for sequence", { exact: true }).fill("1");
  await row.getByLabel("Unit for sequence", { exact: true }).selectOption("hours");
  await expect(page.getByTestId("definition-text")).toHaveText("People who did Product Added, and no Order Completed within 1 hour or since (Product Added in the last 7 days)");
  // The size appears as a number while typing (an estimate, counted on the server).
  await expect(page.getByTestId("preview-count")).toHaveText(/^\d[\d,]*$/);
  await page.screenshot({ path: ".data/test-results/segment-builder.png", fullPage: true });
  await page.getByRole("button", { name: "Create segment" }).click();

  await expect(page.getByRole("heading", { name: `Abandoned cart ${run}` })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible({ timeout: 20_000 });
  const count = page.getByTestId("member-count");
  const before = Number((await count.innerText()).replace(/\D/g, ""));

  // The customer added a coffee to the cart two hours ago and has not ordered: in at once.
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const added = await request.post("/v1/batch", {
    headers: auth,
    data: {
      batch: [
        { type: "identify", messageId: `seg-i-${run}`, userId: `cart-${run}`, traits: { name, email: `cart.${run}@example.com` }, timestamp: twoHoursAgo },
        { type: "track", messageId: `seg-a-${run}`, userId: `cart-${run}`, event: "Product Added", properties: { sku: "ESP-1", price: 14 }, timestamp: twoHoursAgo },
      ],
    },
  });
  expect(added.status()).toBe(200);
  await expect(count).toHaveText((before + 1).toLocaleString("en-US"), { timeout: 15_000 });
  const changes = page.getByRole("list", { name: "Recent changes" });
  await expect(changes.getByRole("listitem").first()).toContainText(`Entered${name}`);
  const members = page.getByRole("table", { name: "Members" });
  await expect(members).toContainText(name);
  // Why: each condition with what was seen for this customer.
  await members.getByRole("row", { name: new RegExp(name) }).getByRole("button", { name: "Why?" }).click();
  await expect(page.getByRole("complementary", { name: "Why" })).toContainText("Matches the segment.");
  await page.screenshot({ path: ".data/test-results/segment-page.png", fullPage: true });

  // The order arrives: out at once, and the change says which event did it.
  const ordered = await request.post("/v1/track", { headers: auth, data: { messageId: `seg-o-${run}`, userId: `cart-${run}`, event: "Order Completed", properties: { revenue: 14 } } });
  expect(ordered.status()).toBe(200);
  await expect(count).toHaveText(before.toLocaleString("en-US"), { timeout: 15_000 });
  await expect(changes.getByRole("listitem").first()).toContainText(`Left${name}`);
  await expect(changes.getByRole("listitem").first()).toContainText(`seg-o-${run}`);
  await expect(members.getByText(name)).toHaveCount(0);

  // The profile lists the segments it is in, and the list page shows the segment with its size.
  await nav(page, "Segments").click();
  await expect(page.getByRole("link", { name: `Abandoned cart ${run}` })).toBeVisible();
});

test("a Viewer reads segments but cannot create or edit them", async ({ page, browser }) => {
  await signInAsOwner(page);
  const email = `viewer.${Date.now()}@acme.test`;
  const invite = await page.request.post("/api/settings/invitations", { data: { email, role: "viewer" } });
  expect(invite.status()).toBe(201);
  const link: string = (await invite.json()).link;
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(link);
  await viewer.getByLabel("Your name").fill("Vera Viewer");
  await viewer.getByLabel("Choose a password").fill("vera-password-1");
  await viewer.getByRole("button", { name: "Create account and join" }).click();
  await expect(viewer.getByRole("heading", { name: /^Welcome to / })).toBeVisible();
  await viewer.goto("/segments");
  await expect(viewer.getByRole("link", { name: "New segment" })).toHaveCount(0);
  const res = await viewer.request.post("/api/segments", { data: { name: "Nope", definition: { type: "group", op: "and", conditions: [{ type: "event", event: "Order Completed" }] } } });
  expect(res.status()).toBe(403);
  const page403 = await viewer.goto("/segments/new");
  expect(page403?.status()).toBe(403);
});
