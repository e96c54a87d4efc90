import { scopeCan, type Permission } from "../auth/permissions";
import { AppError } from "../errors";
import { assertWithinLimit, type Limit } from "../security/throttle";
import { authenticateApiKey, type ApiKeyPrincipal } from "./keys";

/**
 * The API key of an `Authorization: Bearer <key>` header, checked for the hot public APIs (profiles,
 * decisions): a valid key, within its rate limit, whose scope allows `permission`. Throws the
 * AppError to answer with otherwise.
 */
export async function bearerKey(authorization: string | null, permission: Permission, limit: Limit, refusal: string): Promise<ApiKeyPrincipal> {
  const auth = authorization ?? "";
  if (!auth.toLowerCase().startsWith("bearer ")) throw new AppError("unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
  const key = await authenticateApiKey(auth.slice(7).trim());
  if (!key) throw new AppError("unauthorized", "This API key is not valid or was revoked.");
  assertWithinLimit(limit, key.keyId);
  if (!scopeCan(key.scope, permission)) throw new AppError("forbidden", refusal);
  return key;
}
