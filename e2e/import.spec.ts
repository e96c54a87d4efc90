import { expect, test } from "@playwright/test";
import { nav, signInAsOwner } from "./helpers";

// A marketer imports customers from a CRM export: checks the guessed mapping, starts the import,
// watches it finish, downloads the rejected rows, and finds an imported customer.
test("import a CSV of customers", async ({ page }) => {
  await signInAsOwner(page);
  await nav(page, "Profiles").click();
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByText("No imports yet")).toBeVisible();

  const csv = ["customer_id,email,first_name,plan,lifetime_value,marketing_email", "crm-1,lin@example.com,Lin,pro,120.50,yes", "crm-2,max@example.com,Max,free,0,no", "crm-3,broken-email,Bad,basic,10,yes", ""].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "crm-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByLabel("customer_id becomes")).toHaveValue("user_id");
  await expect(page.getByLabel("email becomes", { exact: true })).toHaveValue("email");
  await expect(page.getByLabel("marketing_email becomes")).toHaveValue("consent");
  await expect(page.getByLabel("lifetime_value type")).toHaveValue("number");
  await page.getByRole("button", { name: "Start import" }).click();

  const item = page.getByTestId("imports").locator("li").filter({ hasText: "crm-export.csv" });
  await expect(item).toContainText("done", { timeout: 20_000 });
  await expect(item).toContainText("2 imported · 1 rejected · 3 rows");
  const download = page.waitForEvent("download");
  await item.getByRole("link", { name: "Download rejected rows" }).click();
  const report = await (await download).path();
  const text = await import("node:fs").then((fs) => fs.readFileSync(report!, "utf8"));
  expect(text).toContain('"column ""email"": ""broken-email"" is not an email address"');
  await page.screenshot({ path: ".data/test-results/import.png", fullPage: true });

  await page.goto("/profiles?q=lin@example.com");
  await page.getByRole("link", { name: "lin@example.com" }).click();
  await expect(page.getByTestId("traits")).toContainText("120.5");
  await expect(page.getByTestId("consent").getByText("marketing email")).toBeVisible();
  await expect(page.getByTestId("identities")).toContainText("crm-1");
});
