import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { listFailures } from "@/lib/activation";

export const GET = withWorkspace("destinations:read", async ({ ctx, params }) =>
  json({ failures: await personalData(ctx, await listFailures({ workspaceId: ctx.workspaceId, syncId: params.id! }), { what: "sync failures", target: { type: "sync", id: params.id! } }) }),
);
