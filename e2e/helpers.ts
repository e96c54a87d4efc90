import { expect, type Page } from "@playwright/test";

/** The first owner of the e2e install: signed up by the first spec that needs one, signed in after that. */
export const OWNER = { name: "Olivia Owner", email: "olivia@acme.test", password: "olivia-password-1", workspace: "Acme" };

export async function signInAsOwner(page: Page) {
  await page.goto("/login");
  if (page.url().endsWith("/signup")) {
    await page.getByLabel("Your name").fill(OWNER.name);
    await page.getByLabel("Work email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByLabel("Workspace name").fill(OWNER.workspace);
    await page.getByRole("button", { name: "Create account and workspace" }).click();
  } else {
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page.getByRole("heading", { name: /^Welcome to / })).toBeVisible();
}

/** A link of the sidebar's main navigation (page content may have links with similar names). */
export function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}
