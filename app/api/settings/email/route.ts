import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { getSmtpSettings, saveSmtpSettings, smtpSettingsSchema } from "@/lib/mail";

/** The workspace's SMTP server; the password is never returned, only whether one is set. */
export const GET = withWorkspace("workspace:read", async ({ ctx }) => json({ smtp: await getSmtpSettings(ctx.workspaceId), instanceDefault: Boolean(process.env.SMTP_URL) }));

export const PUT = withWorkspace("workspace:write", async ({ req, ctx }) => {
  const input = parseInput(smtpSettingsSchema, await readJson(req));
  return json({ smtp: await saveSmtpSettings({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }) });
});
