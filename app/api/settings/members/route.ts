import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listMembers } from "@/lib/workspaces";

export const GET = withWorkspace("members:read", async ({ ctx }) => json({ members: await listMembers({ workspaceId: ctx.workspaceId }) }));
