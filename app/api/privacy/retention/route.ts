import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { deletePolicy, listPolicies, listRuns, retentionPolicySchema, savePolicy } from "@/lib/privacy";

export const GET = withWorkspace("privacy:read", async ({ ctx }) => json({ policies: await listPolicies(ctx.workspaceId), runs: await listRuns(ctx.workspaceId) }));

/** Sets how long an event (or, with event "", every other event) is kept: `{ event, keepDays }`. */
export const PUT = withWorkspace("privacy:write", async ({ req, ctx }) => {
  const input = parseInput(retentionPolicySchema, await readJson(req));
  return json({ policies: await savePolicy({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) });
});

export const DELETE = withWorkspace("privacy:write", async ({ req, ctx }) => {
  const event = new URL(req.url).searchParams.get("event") ?? "";
  return json({ policies: await deletePolicy({ workspaceId: ctx.workspaceId, actor: ctx.actor, event }) });
});
