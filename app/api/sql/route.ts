import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { consoleSchema, runConsoleQuery } from "@/lib/analytics";
import { recordAudit } from "@/lib/audit";

/** The tables (views) the console can read. */
export const GET = withWorkspace("sql:read", async () => json({ tables: await consoleSchema() }));

/** Runs one read-only SELECT over this workspace's data; every query is audit-logged. */
export const POST = withWorkspace("sql:read", async ({ req, ctx }) => {
  const { sql } = parseInput(z.object({ sql: z.string().max(20_000, "At most 20,000 characters") }), await readJson(req));
  // Analysts see personal fields masked (views with masks); Owners and Admins read them unmasked, and the log says so.
  const masked = !ctx.can("pii:read");
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "sql.queried", summary: { sql: sql.slice(0, 2000), personalDataMasked: masked } });
  return json({ result: await runConsoleQuery({ workspaceId: ctx.workspaceId, sql, signal: req.signal, masked }) });
});
