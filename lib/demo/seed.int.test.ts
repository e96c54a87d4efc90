import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { claimRun, executeRun } from "../activation";
import { getDashboard, listDashboards, runInsight } from "../analytics";
import { afterAll, describe, expect, it } from "vitest";
import { authenticate } from "../auth";
import { closePool, db, disconnectDb } from "../db";
import { listMembers } from "../workspaces";
import { DEMO_OWNER_EMAIL, seedDemoWorkspace } from "./seed";
import { listSegments, rebuildSegment, STARTER_SEGMENTS } from "../segments";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

const url = process.env.DATABASE_URL!;

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

describe("demo seed", () => {
  it("creates the demo owner, workspace and generated data once; a second run changes nothing", async () => {
    const now = new Date("2026-11-25T12:34:00Z");
    const exportsDir = await mkdtemp(path.join(tmpdir(), "ns-demo-exports-"));
    const first = await seedDemoWorkspace({ password: "demo password 123", connectionString: url, now, exportsDir });
    expect(first.created).toBe(true);
    expect(first.events).toBeGreaterThan(80_000);
    const counts = async () =>
      (await sql<{ profiles: string; events: string; audit: string }>(
        "SELECT (SELECT count(*) FROM profiles WHERE workspace_id = $1) AS profiles, (SELECT count(*) FROM events WHERE workspace_id = $1) AS events, (SELECT count(*) FROM audit_logs) AS audit",
        [first.workspaceId],
      ))[0];
    const before = await counts();
    expect(Number(before!.profiles)).toBe(2000);
    expect(Number(before!.events)).toBe(first.events);

    const second = await seedDemoWorkspace({ password: "another password", connectionString: url, now });
    expect(second).toEqual({ created: false, email: DEMO_OWNER_EMAIL, workspaceId: first.workspaceId, events: 0 });
    expect(await counts()).toEqual(before);
    expect(await db().user.count({ where: { email: DEMO_OWNER_EMAIL } })).toBe(1);
    expect((await listMembers({ workspaceId: first.workspaceId })).map((m) => [m.email, m.role])).toEqual([[DEMO_OWNER_EMAIL, "owner"]]);
    await expect(authenticate({ email: DEMO_OWNER_EMAIL, password: "demo password 123", ip: "seed-test" })).resolves.toMatchObject({ email: DEMO_OWNER_EMAIL });

    // The data ends at the hour of `now` and covers the 90 days before it.
    const [range] = await sql<{ min: Date; max: Date }>("SELECT min(ts), max(ts) FROM events WHERE workspace_id = $1", [first.workspaceId]);
    expect(range!.max.getTime()).toBeLessThanOrEqual(Date.parse("2026-11-25T12:00:00Z") + 3_600_000);
    expect(range!.min.getTime()).toBeGreaterThanOrEqual(Date.parse("2026-11-25T12:00:00Z") - 91 * 86_400_000);

    // Starter segments come with the data, and every one of them has members once built.
    const segments = await listSegments({ workspaceId: first.workspaceId });
    expect(segments.map((s) => s.name).sort()).toEqual(STARTER_SEGMENTS.map((s) => s.name).sort());
    for (const s of segments) await rebuildSegment({ segmentId: s.id, now });
    for (const s of await listSegments({ workspaceId: first.workspaceId })) expect(s.memberCount, s.name).toBeGreaterThan(0);

    // The starter dashboard's insights all run on the demo data (over the data's last month, whatever today is).
    const [board] = await listDashboards({ workspaceId: first.workspaceId });
    expect(board?.name).toBe("Store overview");
    for (const i of (await getDashboard({ workspaceId: first.workspaceId, dashboardId: board!.id })).insights) {
      const r = await runInsight({ workspaceId: first.workspaceId, insight: { ...i.definition, range: { kind: "between", from: "2026-10-27", to: "2026-11-25" } } });
      const total = r.type === "trends" ? r.trends.lines.reduce((n, l) => n + l.total, 0) : r.type === "funnel" ? r.funnel.groups[0]!.steps[0]!.count : r.type === "retention" ? r.retention.cohorts.length : r.type === "segments" ? r.segments.lines.length : r.top.rows.length;
      expect(total, i.name).toBeGreaterThan(0);
    }

    // The starter sync drops the high-value customers who allow marketing email into a CSV file.
    const run = await claimRun({ workspaceId: first.workspaceId });
    expect(run?.kind).toBe("full");
    await executeRun(run!);
    const csv = await readFile(path.join(exportsDir, "high-value-customers-latest.csv"), "utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("profile_id,email,first_name,plan,user_id");
    expect(lines.length).toBeGreaterThan(10);
  });
});
