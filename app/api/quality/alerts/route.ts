import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { getAlertSettings, saveAlertSettings } from "@/lib/quality";

/** Where anomaly alerts go: `{ webhookUrl, emails }`. */
export const GET = withWorkspace("sources:read", async ({ ctx }) => json({ alerts: await getAlertSettings(ctx.workspaceId) }));

export const PUT = withWorkspace("sources:write", async ({ req, ctx }) => json({ alerts: await saveAlertSettings({ workspaceId: ctx.workspaceId, actor: ctx.actor, input: await readJson(req) }) }));
