import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { getImport } from "@/lib/imports";

export const GET = withWorkspace("profiles:read", async ({ ctx, params }) => json({ import: await getImport({ workspaceId: ctx.workspaceId, importId: params.id! }) }));
