// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// An analyst-minded marketer builds a 3-step funnel in the browser, saves it to a new dashboard
// and sees it there next to nothing else, with the numbers the events imply.
test("build a 3-step funnel, save it to a dashboard, see the chart", async ({ page }) => {
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  const source = await page.request.post("/api/sources", { data: { name: `Web ${run}` } });
  const auth = { authorization: `Basic ${Buffer.from(`${(await source.json()).source.writeKey}:`).toString("base64")}` };
  // Three shoppers view, two add to the cart, one orders, all within minutes.
  const steps = [`Viewed ${run}`, `Added ${run}`, `Ordered ${run}`];
  const t = (m: number) => new Date(Date.now() - (60 - m) * 60_000).toISOString();
  const batch = ["a", "b", "c"].flatMap((who, i) =>
    steps.slice(0, 3 - i).map((event, k) => ({ type: "track", userId: `${who}-${run}`, event, timestamp: t(k * 5 + i), messageId: `f-${who}-${k}-${run}` })),
  );
  expect((await page.request.post("/v1/batch", { headers: auth, data: { batch } })).status()).toBe(200);

  await nav(page, "Dashboards").click();
  await page.getByRole("link", { name: "New insight" }).first().click();
  await page.getByRole("tab", { name: "Funnel" }).click();
  await page.getByLabel("Step 1", { exact: true }).selectOption(steps[0]!);
  await page.getByLabel("Step 2", { exact: true }).selectOption(steps[1]!);
  await page.getByLabel("Step 3", { exact: true }).selectOption(steps[2]!);
  const bars = page.getByTestId("funnel-steps");
  await expect(bars).toContainText("3 · 100.0%");
  await expect(bars).toContainText("2 · 66.7%");
  await expect(bars).toContainText("1 · 33.3%");
  // Who dropped off after adding to the cart.
  await bars.getByRole("button", { name: `1 dropped off after ${steps[1]}` }).click();
  await expect(page.getByRole("complementary", { name: "Dropped off" }).getByRole("listitem")).toHaveCount(1);

  await page.getByLabel("Insight name").fill(`Checkout ${run}`);
  await page.getByLabel("Dashboard", { exact: true }).selectOption({ label: "A new dashboard…" });
  await page.getByLabel("New dashboard name").fill(`Growth ${run}`);
  await page.getByRole("button", { name: "Save to dashboard" }).click();

  await expect(page.getByRole("heading", { name: `Growth ${run}` })).toBeVisible();
  const tile = page.getByRole("region", { name: `Checkout ${run}` });
  await expect(tile.getByTestId("funnel-steps")).toContainText("1 · 33.3%");
  await expect(tile).toContainText(/Updated \d/);
  await page.screenshot({ path: ".data/test-results/dashboard.png", fullPage: true });

  // A trend of the first step, saved to the same dashboard, shows as a number.
  await page.getByRole("link", { name: "Add insight" }).click();
  await page.getByLabel("Event of series 1").selectOption(steps[0]!);
  await page.getByRole("button", { name: "Number" }).click();
  await expect(page.getByRole("img", { name: "Trend chart" })).toHaveCount(0);
  await page.getByLabel("Insight name").fill(`Views ${run}`);
  await page.getByRole("button", { name: "Save to dashboard" }).click();
  await expect(page.getByRole("region", { name: `Views ${run}` }).locator("dd").first()).toHaveText("3");
  await expect(page.getByRole("region", { name: `Checkout ${run}` })).toBeVisible();

  // Arrange: drag the number in front of the funnel, make it small, save; the order stays after a reload.
  const names = () => page.getByTestId("dashboard-tile").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  expect(await names()).toEqual([`Checkout ${run}`, `Views ${run}`]);
  await page.getByRole("button", { name: "Arrange" }).click();
  await page.getByRole("region", { name: `Views ${run}` }).dragTo(page.getByRole("region", { name: `Checkout ${run}` }));
  expect(await names()).toEqual([`Views ${run}`, `Checkout ${run}`]);
  await page.getByLabel(`Width of Views ${run}`).selectOption({ label: "Small" });
  await page.getByRole("button", { name: "Save layout" }).click();
  await expect(page.getByRole("button", { name: "Arrange" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: `Checkout ${run}` })).toBeVisible();
  expect(await names()).toEqual([`Views ${run}`, `Checkout ${run}`]);
});

test("query the workspace's own events in the SQL console", async ({ page }) => {
  await signInAsOwner(page);
  await page.goto("/dashboards/sql");
  await page.getByLabel("SQL").fill("SELECT type, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC");
  await page.getByRole("button", { name: "Run" }).click();
  const table = page.getByTestId("sql-result");
  await expect(table.getByRole("columnheader")).toHaveText(["type", "n"]);
  await expect(table.getByRole("row").filter({ hasText: "track" })).toHaveCount(1);
  // Writing, or reading the tables behind the views, is refused with a message.
  await page.getByLabel("SQL").fill("SELECT * FROM public.workspaces");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "permission denied" })).toBeVisible();
});
