import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json, readJson } from "@/app/_server/respond";
import { deletePlan, getPlan, listViolations, savePlan } from "@/lib/quality";

/** The source's tracking plan (or null) and its violations of the last 7 days. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) => {
  const plan = await getPlan({ workspaceId: ctx.workspaceId, sourceId: params.id! });
  const violations = await listViolations({ workspaceId: ctx.workspaceId, sourceId: params.id! });
  return json({ plan, violations: await personalData(ctx, violations, { what: "tracking plan violations", target: { type: "source", id: params.id! } }) });
});

/** Saves or imports the plan: `{ plan: { events: [{ name, properties: <JSON Schema> }], identify: { traits } } | a Segment Protocols export, onUnplanned, onInvalid }`. */
export const PUT = withWorkspace("sources:write", async ({ req, ctx, params }) => json({ plan: await savePlan({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id!, input: await readJson(req) }) }));

export const DELETE = withWorkspace("sources:write", async ({ ctx, params }) => {
  await deletePlan({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id! });
  return json({ plan: null });
});
