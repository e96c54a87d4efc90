import { z } from "zod";
import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getSync, listRuns, requestRun } from "@/lib/activation";
import { recordAudit } from "@/lib/audit";

export const GET = withWorkspace("destinations:read", async ({ ctx, params }) => {
  await getSync({ workspaceId: ctx.workspaceId, syncId: params.id! });
  return json({ runs: await listRuns({ workspaceId: ctx.workspaceId, syncId: params.id! }) });
});

/** "Run now" (a full diff) or "Retry failed records". */
export const POST = withWorkspace("destinations:write", async ({ req, ctx, params }) => {
  const { kind } = parseInput(z.object({ kind: z.enum(["full", "retry"], { error: "kind is full or retry" }) }), await readJson(req));
  const sync = await getSync({ workspaceId: ctx.workspaceId, syncId: params.id! });
  if (sync.status === "paused") return json({ error: { code: "conflict", message: "The sync is paused: resume it to run." } }, { status: 409 });
  if (sync.status === "held") return json({ error: { code: "conflict", message: "The circuit breaker holds this sync: release or discard the held changes first." } }, { status: 409 });
  const runId = await requestRun({ workspaceId: ctx.workspaceId, syncId: sync.id, kind, requestedBy: ctx.actor.label });
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: kind === "full" ? "sync.run_requested" : "sync.retry_requested", target: { type: "sync", id: sync.id } });
  return json({ queued: runId !== null, runId }, { status: 202 });
});
