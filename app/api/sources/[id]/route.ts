import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { disableSource } from "@/lib/sources";

/** Disables the source: its write key stops working at once (within the few-second key cache). */
export const DELETE = withWorkspace("sources:write", async ({ ctx, params }) => json({ source: await disableSource({ workspaceId: ctx.workspaceId, actor: ctx.actor, sourceId: params.id! }) }));
