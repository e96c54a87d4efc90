import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { previewSyncSchema, sendTestRecord } from "@/lib/activation";
import { recordAudit } from "@/lib/audit";

/** Sends one member to the destination now, without recording it as synced. */
export const POST = withWorkspace("destinations:write", async ({ req, ctx }) => {
  const input = parseInput(previewSyncSchema, await readJson(req));
  const result = await sendTestRecord({ workspaceId: ctx.workspaceId, input });
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "sync.test_record_sent", target: { type: "destination", id: input.destinationId }, summary: { ok: result.ok } });
  return json(await personalData(ctx, result, { what: "sync test record" }));
});
