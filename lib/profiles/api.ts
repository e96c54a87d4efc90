import { bearerKey } from "../api-keys/bearer";
import { AppError, toAppError } from "../errors";
import { noteUnmaskedApiRead } from "../privacy/api-reads";
import { LIMITS } from "../security/throttle";
import { maskPersonal, piiPolicy } from "../privacy/mask";
import { lookupProfile, PROFILE_FIELDS, type ProfileField } from "./lookup";

export type ApiAnswer = { status: number; body: unknown };

/**
 * The profile API as a plain function of the request (`Authorization` header, the identifier, the
 * query string), for the slim server (`npm run worker -- profile-api`) that serves it without the
 * web app's overhead. Same keys, scopes, answers and errors as `/api/v1/profiles/{identifier}`.
 */
export async function answerProfileRequest(opts: { authorization: string | null; identifier: string; query: URLSearchParams }): Promise<ApiAnswer> {
  try {
    const key = await bearerKey(opts.authorization, "profiles:read", LIMITS.profileApi, "This API key's scope does not allow reading profiles.");
    const list = (name: string) => (opts.query.get(name) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const fields = list("fields");
    const unknown = fields.filter((f) => !(PROFILE_FIELDS as readonly string[]).includes(f));
    if (unknown.length) throw new AppError("invalid_input", `fields: ${unknown.join(", ")} is not a field; choose from ${PROFILE_FIELDS.join(", ")}`);
    const profile = await lookupProfile({ workspaceId: key.workspaceId, identifier: opts.identifier, fields: fields as ProfileField[], traits: list("traits") });
    // Keys without the unmasked-PII grant get personal traits and identifiers masked; reads with it are audit-logged.
    if (!key.unmaskedPii) return { status: 200, body: { profile: maskPersonal(profile, await piiPolicy(key.workspaceId)) } };
    noteUnmaskedApiRead({ workspaceId: key.workspaceId, keyId: key.keyId, label: `API key ${key.name} (${key.prefix}…)`, profileId: profile.id });
    return { status: 200, body: { profile } };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal") console.error(e);
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  }
}
