import { withWorkspace } from "@/app/_server/handlers";
import { json, readJson } from "@/app/_server/respond";
import { consentHistory, setConsent } from "@/lib/privacy";

export const GET = withWorkspace("profiles:read", async ({ ctx, params }) => json({ history: await consentHistory({ workspaceId: ctx.workspaceId, profileId: params.id! }) }));

/** Records consent given or withdrawn by hand: `{ purpose, granted, legalBasis?, source? }`. */
export const POST = withWorkspace("privacy:write", async ({ req, ctx, params }) => {
  const history = await setConsent({ workspaceId: ctx.workspaceId, actor: ctx.actor, profileId: params.id!, input: (await readJson(req)) as never });
  return json({ history });
});
