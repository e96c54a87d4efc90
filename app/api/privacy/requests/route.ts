import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { fileRequest, listRequests, type PrivacyRequestInput } from "@/lib/privacy";

export const GET = withWorkspace("privacy:read", async ({ ctx }) => json({ requests: await listRequests({ workspaceId: ctx.workspaceId }) }));

/** Files an access or erasure request: `{ kind, identifierKind, identifier, note? }`. From the UI or with an admin API key. */
export const POST = withWorkspace("privacy:write", async ({ req, ctx }) => {
  const input = (await readJson(req)) as PrivacyRequestInput;
  const request = await fileRequest({ workspaceId: ctx.workspaceId, actor: ctx.actor, channel: ctx.scope ? "api" : "ui", input });
  return json({ request }, { status: 202 });
});
