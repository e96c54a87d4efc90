import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { consentCoverage, suppressionStats } from "@/lib/privacy";

export const GET = withWorkspace("privacy:read", async ({ ctx }) => json({ consent: await consentCoverage(ctx.workspaceId), suppression: await suppressionStats(ctx.workspaceId) }));
