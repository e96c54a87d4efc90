import { withWorkspace } from "@/app/_server/handlers";
import { json } from "@/app/_server/respond";
import { testSmtp } from "@/lib/mail";

/** Connects and logs in to the saved SMTP server. */
export const POST = withWorkspace("workspace:write", async ({ ctx }) => json(await testSmtp(ctx.workspaceId)));
