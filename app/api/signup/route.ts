import { clientIp, json, parseInput, readJson } from "@/app/_server/respond";
import { withErrors } from "@/app/_server/handlers";
import { signUpFirstOwner, signUpSchema } from "@/lib/auth";
import { assertWithinLimit, LIMITS } from "@/lib/security";

/** Creates the first Owner on an empty install; refused once anyone has an account. */
export const POST = withErrors(async ({ req }) => {
  assertWithinLimit(LIMITS.signup, clientIp(req) ?? "unknown");
  const input = parseInput(signUpSchema, await readJson(req));
  const { user, workspaceId } = await signUpFirstOwner({ ...input, ip: clientIp(req) });
  return json({ user, workspaceId }, { status: 201 });
});
