import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { listVersions } from "@/lib/segments";

export const GET = withWorkspace("segments:read", async ({ ctx, params }) => json({ versions: await listVersions({ workspaceId: ctx.workspaceId, segmentId: params.id! }) }));
