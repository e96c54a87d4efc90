// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startSmtp } from "../lib/testing/smtp";
import { nav, signInAsOwner } from "./helpers";

// A marketer connects their SMTP server, draws an abandoned-cart journey on the canvas, publishes
// it, and follows a customer through it to the email in the (local) mailbox.
test("build an abandoned-cart journey on the canvas, publish it, and see the email arrive and the counts", async ({ page }) => {
  test.setTimeout(120_000);
  const smtp = await startSmtp();
  await signInAsOwner(page);
  const run = Date.now().toString(36);

  // Settings → Email: the workspace's SMTP server.
  await nav(page, "Settings").click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Email" }).click();
  await page.getByLabel("SMTP host").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(smtp.port));
  await page.getByLabel("From address", { exact: true }).fill("hello@acme.test");
  await page.getByLabel("From name", { exact: true }).fill("Acme Store");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected and logged in.")).toBeVisible();

  // The audience: customers whose cart is abandoned (a trait the shop's backend sets).
  const source = await page.request.post("/api/sources", { data: { name: `Shop ${run}` } });
  const auth = { authorization: `Basic ${Buffer.from(`${(await source.json()).source.writeKey}:`).toString("base64")}` };
  const segment = await page.request.post("/api/segments", {
    data: { name: `Cart abandoners ${run}`, description: "", definition: { type: "group", op: "and", conditions: [{ type: "trait", trait: "cart_status", valueType: "string", op: "eq", value: `abandoned-${run}` }] } },
  });
  expect(segment.status()).toBe(201);

  // Draw the journey: trigger on entering the segment → wait 1 hour → ordered? yes: exit, no: email.
  await nav(page, "Journeys").click();
  await page.getByRole("link", { name: "New journey" }).first().click();
  await page.getByLabel("Name").fill(`Cart reminder ${run}`);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByLabel("Journey name")).toHaveValue(`Cart reminder ${run}`);
  await expect(page.getByTestId("journey-issues")).toContainText("2 problems to fix before publishing: Trigger: Choose a segment");

  const panel = page.getByTestId("node-panel");
  await page.getByTestId("node-trigger").click();
  await panel.getByLabel("Segment").selectOption({ label: `Cart abandoners ${run}` });
  await page.getByRole("button", { name: "Wait", exact: true }).click();
  await panel.getByLabel("Amount for wait").fill("1");
  await panel.getByLabel("Unit for wait").selectOption("hours");
  await expect(page.getByTestId("node-wait-2")).toContainText("Wait 1 hour");
  await page.getByRole("button", { name: "Branch", exact: true }).click();
  await panel.getByLabel("Add a condition").selectOption({ label: "Did an event" });
  await panel.getByLabel("Event", { exact: true }).fill("Order Completed");
  await page.getByRole("button", { name: "Exit", exact: true }).click();
  // Back to the branch (fit the view first: with the side panel open it may sit outside the visible canvas).
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.getByTestId("node-branch-3").click();
  await expect(panel.getByRole("heading", { name: "Branch" })).toBeVisible();
  await page.getByRole("button", { name: "Send email", exact: true }).click();
  await expect(page.getByTestId("node-email-5")).toContainText("Write the email");
  await panel.getByLabel("Subject").fill("{{ profile.first_name | default: 'Hi' }}, your cart misses you");
  await panel.getByRole("tab", { name: "HTML" }).click();
  await panel.getByLabel("Email HTML").fill('<p>Hi {{ profile.first_name }}, come back to <a href="https://shop.example/cart">your cart</a>.</p>');
  await expect(page.getByTestId("journey-issues")).toHaveCount(0);
  await page.screenshot({ path: ".data/test-results/journey-canvas.png", fullPage: true });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  const journeyId = page.url().split("/journeys/")[1]!;

  // Cara abandons her cart: she enters the segment, then the journey, and waits at the wait step.
  const cara = { type: "identify", messageId: `j-cara-${run}`, userId: `cara-${run}`, traits: { email: `cara.${run}@example.com`, first_name: "Cara", cart_status: `abandoned-${run}`, consent: { marketing_email: true } } };
  expect((await page.request.post("/v1/batch", { headers: auth, data: { batch: [cara] } })).status()).toBe(200);
  const states = async () => (await (await page.request.get(`/api/journeys/${journeyId}/states`)).json()).states as { nodeId: string; status: string; profileId: string }[];
  await expect.poll(async () => (await states())[0]?.nodeId, { timeout: 30_000 }).toBe("wait-2");
  expect(smtp.received).toHaveLength(0);

  // An hour passes (the test moves her timer to now instead of waiting): no order, so the email goes out.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query("UPDATE journey_states SET due_at = now() WHERE journey_id = $1 AND status = 'active'", [journeyId]);
  await db.end();
  await expect.poll(() => smtp.received.length, { timeout: 30_000 }).toBe(1);
  const mail = smtp.received[0]!;
  expect(mail.to).toEqual([`cara.${run}@example.com`]);
  expect(mail.header("subject")).toBe("Cara, your cart misses you");
  expect(mail.header("from")).toBe("Acme Store <hello@acme.test>");
  expect(mail.header("list-unsubscribe")).toContain(`/api/unsubscribe/`);
  expect(mail.body).toContain("Hi Cara, come back to");

  // The canvas counts her: entered, passed the branch's "No", sent.
  await expect(page.getByTestId("journey-entered")).toHaveText("1", { timeout: 20_000 });
  await expect(page.getByTestId("stats-email-5")).toContainText("1 sent", { timeout: 20_000 });
  await expect(page.getByTestId("journey-completed")).toHaveText("1");
  await page.screenshot({ path: ".data/test-results/journey-counts.png", fullPage: true });

  // Her trace says why each step went the way it did.
  await page.getByRole("tab", { name: "People" }).click();
  await page.getByRole("button", { name: `cara.${run}@example.com` }).click();
  const trace = page.getByTestId("journey-trace");
  await expect(trace).toContainText("Condition not met");
  await expect(trace).toContainText(`Sent “Cara, your cart misses you” to cara.${run}@example.com`);
  await smtp.close();
});
