import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { debuggerFeed } from "@/lib/sources";

export const GET = withWorkspace("sources:read", async ({ ctx, params }) =>
  json({ items: await personalData(ctx, await debuggerFeed({ workspaceId: ctx.workspaceId, sourceId: params.id! }), { what: "source debugger", target: { type: "source", id: params.id! } }) }),
);
