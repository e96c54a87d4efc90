import { authenticateApiKey } from "../../api-keys";
import { scopeCan } from "../../auth/permissions";
import { AppError, toAppError } from "../../errors";
import { assertWithinLimit, LIMITS } from "../../security/throttle";
import { decide } from "./decide";
import { decideRequestSchema } from "./schema";

export type DecideAnswer = { status: number; body: unknown };

/**
 * `POST /api/v1/decide` as a plain function of the request, for the web app's route and the slim
 * server alike: an API key with a read scope, `{ userId | anonymousId | email, context }`, and the
 * answer `{ decisionId, offer, placement, explored }` (offer null when none is eligible).
 */
export async function answerDecideRequest(opts: { authorization: string | null; body: unknown }): Promise<DecideAnswer> {
  try {
    const auth = opts.authorization ?? "";
    if (!auth.toLowerCase().startsWith("bearer ")) throw new AppError("unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
    const key = await authenticateApiKey(auth.slice(7).trim());
    if (!key) throw new AppError("unauthorized", "This API key is not valid or was revoked.");
    assertWithinLimit(LIMITS.profileApi, key.keyId);
    if (!scopeCan(key.scope, "profiles:read")) throw new AppError("forbidden", "This API key's scope does not allow decisions (it needs to read profiles).");
    const parsed = decideRequestSchema.safeParse(opts.body);
    if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
    const r = parsed.data;
    const d = await decide({ workspaceId: key.workspaceId, identifier: r.userId ?? r.email ?? r.anonymousId, context: r.context });
    return { status: 200, body: { decisionId: d.decisionId, offer: d.offer, placement: d.placement, explored: d.explored, reason: d.why.chosen } };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal") console.error(e);
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  }
}
