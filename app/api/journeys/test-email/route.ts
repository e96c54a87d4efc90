import { withWorkspace } from "@/app/_server/handlers";
import { json, parseInput, readJson } from "@/app/_server/respond";
import { sendTestEmail, testSendSchema } from "@/lib/journeys";

/** Sends one test of the email, marked [Test], through the workspace's SMTP server. */
export const POST = withWorkspace("journeys:write", async ({ req, ctx }) => {
  const input = parseInput(testSendSchema, await readJson(req));
  return json(await sendTestEmail({ workspaceId: ctx.workspaceId, actor: ctx.actor, input }));
});
