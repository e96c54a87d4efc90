import { z } from "zod";
import { withErrors } from "@/app/_server/handlers";
import { clientIp, json, parseInput, readJson } from "@/app/_server/respond";
import { getSessionUser, WORKSPACE_COOKIE, workspaceCookieOptions } from "@/app/_server/session";
import { nameSchema, passwordSchema } from "@/lib/auth/schema";
import { assertWithinLimit, LIMITS } from "@/lib/security";
import { acceptInvitation } from "@/lib/workspaces";

const schema = z.object({ name: nameSchema.optional(), password: passwordSchema.optional() });

/** Accepts as the signed-in person, or creates the invited account from a name and password. */
export const POST = withErrors(async ({ req, params }) => {
  assertWithinLimit(LIMITS.signup, clientIp(req) ?? "unknown");
  const body = parseInput(schema, await readJson(req));
  const user = await getSessionUser();
  const result = await acceptInvitation({
    token: params.token!,
    signedInUserId: user?.id ?? null,
    newAccount: !user && body.name && body.password ? { name: body.name, password: body.password } : undefined,
    ip: clientIp(req),
  });
  const res = json({ workspaceId: result.workspaceId, email: result.email });
  res.cookies.set(WORKSPACE_COOKIE, result.workspaceId, workspaceCookieOptions());
  return res;
});
