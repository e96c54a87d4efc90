// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { nav, signInAsOwner } from "./helpers";

const HOUR = 3_600_000;

// A broken tag on the website: the data quality page shows the source's volume collapse with its
// chart, and a journey guarded by a circuit breaker holds its people until the marketer releases them.
test("a source's volume anomaly is charted, holds a journey with a breaker, and the marketer releases it", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAsOwner(page);
  const run = Date.now().toString(36);
  const { source } = await (await page.request.post("/api/sources", { data: { name: `Web ${run}` } })).json();
  const auth = { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString("base64")}` };

  // What the quality worker would have counted and found: a week of ~40 events an hour, then 2.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const ws = (await db.query<{ workspace_id: string }>("SELECT workspace_id FROM sources WHERE id = $1", [source.id])).rows[0]!.workspace_id;
  const last = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const hours = Array.from({ length: 8 * 24 }, (_, i) => last - i * HOUR);
  await db.query("INSERT INTO source_hour_counts (workspace_id, source_id, hour, n) SELECT $1, $2, h, CASE WHEN h = $4 THEN 2 ELSE 36 + (extract(hour FROM h)::int % 9) END FROM unnest($3::timestamptz[]) h", [
    ws, source.id, hours.map((h) => new Date(h)), new Date(last),
  ]);
  await db.query("INSERT INTO anomalies (workspace_id, kind, subject, direction, first_hour, last_hour, observed, expected, score) VALUES ($1, 'source', $2, 'drop', $3, $3, 2, 40, -6)", [ws, source.id, new Date(last)]);
  await db.end();

  await nav(page, "Data quality").click();
  const anomaly = page.getByTestId("anomalies").locator("div.rounded-md").filter({ hasText: `Source Web ${run}` });
  await expect(anomaly).toContainText("volume drop");
  await expect(anomaly).toContainText("40 expected");
  await expect(anomaly.getByRole("img", { name: `Hourly volume of Source Web ${run} against its baseline` })).toBeVisible();
  await expect(page.getByTestId("quality-sources").getByRole("row").filter({ hasText: `Web ${run}` })).toContainText("drop");
  await page.screenshot({ path: "test-results/quality-source-anomaly.png", fullPage: true });

  // A welcome journey: on signup, mark the profile as welcomed.
  const graph = {
    nodes: [
      { id: "t", type: "trigger", position: { x: 0, y: 0 }, config: { kind: "event", event: `Signed Up ${run}`, filters: [] } },
      { id: "u", type: "update_trait", position: { x: 0, y: 120 }, config: { trait: "welcomed", value: "yes", valueType: "string" } },
      { id: "x", type: "exit", position: { x: 0, y: 240 }, config: {} },
    ],
    edges: [
      { id: "t-u", source: "t", target: "u", sourceHandle: "next" },
      { id: "u-x", source: "u", target: "x", sourceHandle: "next" },
    ],
  };
  const { journey } = await (await page.request.post("/api/journeys", { data: { name: `Welcome ${run}`, graph } })).json();
  expect((await page.request.post(`/api/journeys/${journey.id}/publish`)).status()).toBe(200);

  // The marketer turns the breaker on; with the anomaly open, the engine holds the journey.
  await page.goto(`/journeys/${journey.id}`);
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByLabel("Hold when the data looks broken").check();
  await page.getByRole("button", { name: "Save breaker" }).click();
  await expect(page.getByRole("button", { name: "Save breaker" })).toBeDisabled();
  await expect
    .poll(async () => (await (await page.request.get(`/api/journeys/${journey.id}`)).json()).journey.heldReason as string | null, { timeout: 60_000 })
    .toContain("An anomaly is open");
  await page.reload();
  await expect(page.getByText("Held by the circuit breaker: nobody moves on, nothing is sent")).toBeVisible();

  // Someone signs up meanwhile: she enters, but does not move on.
  const user = `new-${run}`;
  expect((await page.request.post("/v1/track", { headers: auth, data: { userId: user, event: `Signed Up ${run}` } })).status()).toBe(200);
  const states = async () => (await (await page.request.get(`/api/journeys/${journey.id}/states`)).json()).states as { status: string; nodeId: string }[];
  await expect.poll(async () => (await states())[0]?.nodeId, { timeout: 30_000 }).toBe("t");
  await page.waitForTimeout(3_000);
  expect(await states()).toEqual([expect.objectContaining({ status: "active", nodeId: "t" })]);
  await page.screenshot({ path: "test-results/journey-held.png", fullPage: true });

  // The tag is fixed upstream; the marketer releases the journey and she goes on.
  await page.getByRole("button", { name: "Release: everyone goes on" }).click();
  await expect(page.getByText("Held by the circuit breaker")).toHaveCount(0);
  await expect.poll(async () => (await states())[0]?.status, { timeout: 30_000 }).toBe("completed");

  // The anomaly is dismissed on the data quality page.
  await nav(page, "Data quality").click();
  await anomaly.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("anomalies").getByText(`Source Web ${run}: volume drop`)).toContainText("dismissed by");
});
