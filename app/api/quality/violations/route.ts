import { withWorkspace } from "@/app/_server/handlers";
import { personalData } from "@/app/_server/pii";
import { json } from "@/app/_server/respond";
import { listViolations } from "@/lib/quality";

/** Tracking plan violations of every source, last `?days=` (default 7). */
export const GET = withWorkspace("sources:read", async ({ req, ctx }) => {
  const days = Math.min(90, Math.max(1, Number(new URL(req.url).searchParams.get("days") ?? 7) || 7));
  return json({ violations: await personalData(ctx, await listViolations({ workspaceId: ctx.workspaceId, days }), { what: "tracking plan violations" }) });
});
