import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { makeWorkspace, userActor } from "../testing/fixtures";
import { createImport, getImport, getImportReport, guessMapping, processNextImport } from ".";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

// The public IBM Telco churn sample (7,043 customers), from the shared/ folder beside the checkout.
const telcoPath = [path.resolve(__dirname, "../../../shared/data"), "/work/shared/data"]
  .map((dir) => path.join(dir, "telco_customer_churn.csv"))
  .find((f) => existsSync(f));
if (!telcoPath) throw new Error("shared/data/telco_customer_churn.csv was not found beside the checkout");

async function runQueued() {
  while (await processNextImport());
}

describe("CSV imports through the worker", () => {
  it("imports the Telco customers as typed profile traits, and a second run of the same import adds nothing", async () => {
    const { workspace, owner } = await makeWorkspace();
    const content = readFileSync(telcoPath);
    const sample = parse(content.subarray(0, 4096).toString("utf8").split("\n").slice(0, 20).join("\n"), { columns: true }) as Record<string, string>[];
    const mapping = guessMapping(Object.keys(sample[0]!), "profiles", sample);
    const created = await createImport({ workspaceId: workspace.id, actor: userActor(owner), filename: "telco.csv", content, mapping });
    expect(created).toMatchObject({ status: "queued", rowsTotal: 7043 });
    await runQueued();
    const done = await getImport({ workspaceId: workspace.id, importId: created.id });
    expect(done).toMatchObject({ status: "done", rowsTotal: 7043, rowsImported: 7043, rowsRejected: 0, hasReport: false });

    const { rows } = await pool().query(
      "SELECT p.traits FROM identities i JOIN profiles p ON p.id = i.profile_id WHERE i.workspace_id = $1 AND i.kind = 'user_id' AND i.value = '7590-VHVEG'",
      [workspace.id],
    );
    expect(rows[0].traits).toMatchObject({ gender: "Female", tenure: 1, monthly_charges: 29.85, churn: false, contract: "Month-to-month" });
    const count = async () => Number((await pool().query("SELECT count(*) FROM profiles WHERE workspace_id = $1", [workspace.id])).rows[0].count);
    expect(await count()).toBe(7043);

    // The same file again is a no-op: message ids are per import and row, so re-queue the same import.
    await pool().query("UPDATE imports SET status = 'queued' WHERE id = $1", [created.id]);
    await runQueued();
    expect(await count()).toBe(7043);
  });

  it("reports rejected rows with the reason and keeps the good ones", async () => {
    const { workspace, owner } = await makeWorkspace();
    const csv = "user_id,email,plan\nu1,one@example.com,pro\n,,free\nu3,not-an-email,basic\nu4,four@example.com,free\n";
    const mapping = guessMapping(["user_id", "email", "plan"], "profiles");
    const created = await createImport({ workspaceId: workspace.id, actor: userActor(owner), filename: "people.csv", content: Buffer.from(csv), mapping });
    await runQueued();
    expect(await getImport({ workspaceId: workspace.id, importId: created.id })).toMatchObject({ status: "done", rowsImported: 2, rowsRejected: 2, hasReport: true });
    const report = await getImportReport({ workspaceId: workspace.id, importId: created.id });
    expect(report.filename).toBe("people-rejected-rows.csv");
    expect(report.csv.split("\n").slice(0, 3)).toEqual([
      "row,reason,user_id,email,plan",
      "2,no identifier: the user id, email, anonymous id and external id columns are all empty,,,free".replace("no identifier: the user id, email, anonymous id and external id columns are all empty", '"no identifier: the user id, email, anonymous id and external id columns are all empty"'),
      '3,"column ""email"": ""not-an-email"" is not an email address",u3,not-an-email,basic',
    ]);
  });

  it("refuses a mapping without an identifier, naming what to fix", async () => {
    const { workspace, owner } = await makeWorkspace();
    await expect(createImport({ workspaceId: workspace.id, actor: userActor(owner), filename: "x.csv", content: Buffer.from("plan\npro\n"), mapping: { kind: "profiles", columns: { plan: { role: "trait", name: "plan" } } } })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("identifier"),
    });
  });

  it("keeps imports to their workspace", async () => {
    const a = await makeWorkspace();
    const b = await makeWorkspace();
    const created = await createImport({ workspaceId: a.workspace.id, actor: userActor(a.owner), filename: "a.csv", content: Buffer.from("user_id\nx\n"), mapping: guessMapping(["user_id"], "profiles") });
    await expect(getImport({ workspaceId: b.workspace.id, importId: created.id })).rejects.toMatchObject({ code: "not_found" });
    await runQueued();
  });
});
