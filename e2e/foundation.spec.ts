import { expect, test, type Browser, type Page } from "@playwright/test";
import { OWNER } from "./helpers";

// The foundation, as people use it: the first owner signs up on an empty install, runs two
// workspaces, invites a Viewer who is kept out of the admin console, and manages an API key;
// the audit log shows all of it. Runs against a production build on a fresh database.
test.describe.configure({ mode: "serial" });

const owner = OWNER;
const viewer = { name: "Victor Viewer", email: "victor@acme.test", password: "victor-password-1" };
let ownerPage: Page;
let inviteLink = "";
let apiSecret = "";

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("the first owner signs up on an empty install", async ({ browser }) => {
  ownerPage = await newPage(browser);
  const page = ownerPage;
  await page.goto("/");
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Workspace name").fill("Acme");
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Acme" })).toBeVisible();
  await expect(page.getByTestId("current-workspace")).toHaveText("Acme");

  // Sign-up is closed now: the page sends people to sign in.
  const other = await newPage(browser);
  await other.goto("/signup");
  await expect(other).toHaveURL(/\/login$/);
  await other.context().close();
});

test("the owner creates a second workspace and switches between them", async () => {
  const page = ownerPage;
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("link", { name: "New workspace" }).click();
  await page.getByLabel("Workspace name").fill("Acme Europe");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Acme Europe" })).toBeVisible();
  await expect(page.getByTestId("current-workspace")).toHaveText("Acme Europe");

  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("option", { name: "Acme", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Acme", exact: true })).toBeVisible();
  await expect(page.getByTestId("current-workspace")).toHaveText("Acme");
});

test("the owner invites a Viewer and gets a link to share", async () => {
  const page = ownerPage;
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toHaveValue(/\/invite\/inv_/);
  inviteLink = await link.inputValue();
  await expect(page.getByText("Pending invitations (1)")).toBeVisible();
});

test("the Viewer accepts, signs in, and is refused the admin console, page and API", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto(inviteLink);
  await expect(page.getByText("You are invited to Acme as Viewer")).toBeVisible();
  await page.getByLabel("Your name").fill(viewer.name);
  await page.getByLabel("Choose a password").fill(viewer.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Acme" })).toBeVisible();

  // Signed in on their own: sign out, sign in again with the new password.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Acme" })).toBeVisible();

  // The UI hides the admin console...
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Segments" })).toBeVisible();
  // ...and the server refuses it when asked directly.
  for (const path of ["/settings", "/settings/api-keys", "/settings/audit-log", "/privacy"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByTestId("forbidden")).toContainText("ask one of them if you need access");
  }
  await page.screenshot({ path: ".data/test-results/forbidden.png" });
  // The rest of the app stays open to them.
  expect((await page.goto("/segments"))?.status()).toBe(200);
  for (const path of ["/api/settings/members", "/api/settings/api-keys", "/api/settings/audit-log", "/api/settings/workspace"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    expect((await res.json()).error.message, path).toMatch(/Only Owners and Admins/);
  }
  const write = await page.request.post("/api/settings/invitations", { data: { email: "sneaky@acme.test", role: "admin" } });
  expect(write.status()).toBe(403);

  // Cross-workspace: the Viewer cannot switch into a workspace they do not belong to.
  const workspaces = (await (await ownerPage.request.get("/api/workspaces")).json()).workspaces as { workspaceId: string; name: string }[];
  const europe = workspaces.find((w) => w.name === "Acme Europe")!;
  const sw = await page.request.post("/api/workspaces/switch", { data: { workspaceId: europe.workspaceId } });
  expect(sw.status()).toBe(403);
  await page.context().close();

  // The owner sees the new member with the Viewer role.
  await ownerPage.reload();
  await expect(ownerPage.getByTestId(`member-${viewer.email}`)).toContainText("Victor Viewer");
  await expect(ownerPage.getByLabel(`Role of ${viewer.email}`)).toHaveValue("viewer");
});

test("an API key is created, its secret shown once, used, then revoked", async ({ playwright }) => {
  const page = ownerPage;
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await page.getByLabel("Name").fill("Warehouse sync");
  await page.getByLabel("Scope").selectOption("admin");
  await page.getByRole("button", { name: "Create key" }).click();
  const secretField = page.getByTestId("api-key-secret");
  await expect(secretField).toHaveValue(/^nsk_[A-Za-z0-9_-]{40,}$/);
  apiSecret = await secretField.inputValue();
  const row = page.getByTestId("api-key-Warehouse sync");
  await expect(row).toContainText(apiSecret.slice(0, 12));
  await expect(row).toContainText("active");

  const api = await playwright.request.newContext({ baseURL: new URL(page.url()).origin, extraHTTPHeaders: { authorization: `Bearer ${apiSecret}` } });
  const members = await api.get("/api/settings/members");
  expect(members.status()).toBe(200);
  expect(((await members.json()).members as { email: string }[]).map((m) => m.email).sort()).toEqual([owner.email, viewer.email].sort());

  // Shown once: after dismissing or reloading, the secret is nowhere on the page.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(secretField).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(apiSecret);

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke Warehouse sync" }).click();
  await expect(row).toContainText("revoked");
  const after = await api.get("/api/settings/members");
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toContain("revoked");
  await api.dispose();
});

test("the audit log shows all of it and filters by action", async () => {
  const page = ownerPage;
  await page.getByRole("link", { name: "Audit log" }).click();
  const rows = page.getByTestId("audit-row");
  for (const action of ["workspace.created", "member.invited", "invitation.accepted", "api_key.created", "api_key.revoked"]) {
    await expect(rows.filter({ hasText: action }).first()).toBeVisible();
  }
  await expect(rows.filter({ hasText: "invitation.accepted" })).toContainText(viewer.email);
  await expect(rows.filter({ hasText: "api_key.created" })).toContainText("Warehouse sync");

  await page.getByLabel("Action").selectOption("api_key.revoked");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(owner.email);
  await page.screenshot({ path: ".data/test-results/audit-log.png", fullPage: true });
});
