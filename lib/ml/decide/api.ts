import { bearerKey } from "../../api-keys/bearer";
import { AppError, toAppError } from "../../errors";
import { LIMITS } from "../../security/throttle";
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
    const key = await bearerKey(opts.authorization, "profiles:read", LIMITS.profileApi, "This API key's scope does not allow decisions (it needs to read profiles).");
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
