// Runs after foundation.spec.ts (files run in name order): the first owner signs up there.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

const telco = [path.resolve(__dirname, "../../shared/data"), "/work/shared/data"].map((d) => path.join(d, "telco_customer_churn.csv")).find((f) => existsSync(f))!;

// An analyst imports customers with a churn column, creates a churn model in the browser, trains
// it, reads its metrics, and finds the scores on the customers' profiles.
test("create a churn model from imported customers, train it, see its metrics and the scores on profiles", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsOwner(page);
  await nav(page, "Profiles").click();
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles(telco);
  await expect(page.getByLabel("Churn becomes")).toHaveValue("trait");
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByTestId("imports").locator("li").filter({ hasText: "telco_customer_churn.csv" }).first()).toContainText("7,043 imported", { timeout: 120_000 });

  await nav(page, "Models").click();
  await page.getByRole("link", { name: /Create a model|New model/ }).first().click();
  await expect(page.getByRole("heading", { name: "New model" })).toBeVisible();
  // The trait list is read from the data (refreshed every minute): wait for the imported columns.
  await expect(async () => {
    await page.reload();
    await page.getByText("From a label").click();
    await page.getByLabel("Trait with the answer").selectOption("churn", { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByLabel("Name", { exact: true }).fill("Churn risk");
  await page.getByLabel("Value that means yes").fill("true");
  await page.getByRole("button", { name: "all but identifiers" }).click();
  await expect(page.getByLabel("contract")).toBeChecked();
  await expect(page.getByLabel("phone_service")).toBeChecked();
  await page.getByLabel("Write the score to trait").fill("churn_risk");
  await page.getByRole("button", { name: "Create and train" }).click();

  // Training runs in the workers; the page follows it and then shows the metrics.
  await expect(page.getByRole("heading", { name: "Churn risk" })).toBeVisible();
  await expect(page.getByTestId("model-auc")).toHaveText(/^0\.\d{3}$/, { timeout: 120_000 });
  const auc = Number(await page.getByTestId("model-auc").textContent());
  expect(auc).toBeGreaterThanOrEqual(0.83);
  await expect(page.getByRole("img", { name: "Lift and gains by decile" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Calibration: predicted against observed" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Feature importance" })).toContainText("contract");
  await expect(page.getByTestId("model-versions")).toContainText("current");
  await expect(page.getByTestId("model-scored")).toHaveText(/^7,0\d\d$/, { timeout: 60_000 });
  await page.screenshot({ path: "test-results/model.png", fullPage: true });

  // The score is a trait on each customer's profile.
  await page.goto("/profiles?q=7590-VHVEG");
  await page.getByRole("link", { name: "7590-VHVEG" }).click();
  await expect(page.getByTestId("traits")).toContainText("churn_risk");
});
