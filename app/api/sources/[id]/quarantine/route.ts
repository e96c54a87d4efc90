import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { listQuarantine } from "@/lib/sources";

/** Messages held because a transformation step could not handle them, newest first, with the reason. */
export const GET = withWorkspace("sources:read", async ({ ctx, params }) =>
  json(await personalData(ctx, await listQuarantine({ workspaceId: ctx.workspaceId, sourceId: params.id! }), { what: "quarantine", target: { type: "source", id: params.id! } })),
);
