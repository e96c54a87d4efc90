import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { dailyEvents } from "@/lib/profiles";

export const GET = withWorkspace("profiles:read", async ({ ctx }) => json({ days: await dailyEvents({ workspaceId: ctx.workspaceId, days: 30 }) }));
