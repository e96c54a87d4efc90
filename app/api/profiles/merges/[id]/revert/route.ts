import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { unmergeProfiles } from "@/lib/identity";

/** Undoes a profile merge (Owners and Admins). */
export const POST = withWorkspace("profiles:write", async ({ ctx, params }) => json(await unmergeProfiles({ workspaceId: ctx.workspaceId, actor: ctx.actor, mergeId: params.id! })));
