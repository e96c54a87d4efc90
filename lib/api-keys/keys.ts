import { db } from "../db";
import { recordAudit, type Actor } from "../audit";
import type { ApiKeyScopeName } from "../auth/permissions";
import { randomToken, sha256Hex } from "../crypto/tokens";
import { TtlCache } from "../db/ttl-cache";
import { AppError } from "../errors";
import type { CreateApiKeyInput } from "./schema";

export type ApiKeyView = {
  id: string;
  name: string;
  scope: ApiKeyScopeName;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  unmaskedPii: boolean;
};

export const API_KEY_PREFIX = "nsk";

function view(k: { id: string; name: string; scope: ApiKeyScopeName; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; unmaskedPii: boolean }): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    scope: k.scope,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    unmaskedPii: k.unmaskedPii || k.scope !== "read",
  };
}

export async function listApiKeys(opts: { workspaceId: string }): Promise<ApiKeyView[]> {
  const rows = await db().apiKey.findMany({ where: { workspaceId: opts.workspaceId }, orderBy: { createdAt: "desc" } });
  return rows.map(view);
}

/** Creates a key. The secret is returned here once and stored only as a SHA-256 digest. */
export async function createApiKey(opts: { workspaceId: string; actor: Actor; input: CreateApiKeyInput }): Promise<{ key: ApiKeyView; secret: string }> {
  const secret = randomToken(API_KEY_PREFIX, 32);
  const key = await db().$transaction(async (tx) => {
    const k = await tx.apiKey.create({
      data: {
        workspaceId: opts.workspaceId,
        name: opts.input.name,
        scope: opts.input.scope,
        prefix: secret.slice(0, 12),
        secretHash: sha256Hex(secret),
        createdById: opts.actor.id ?? null,
        unmaskedPii: opts.input.scope === "read" && !!opts.input.unmaskedPii,
      },
    });
    await recordAudit(
      { workspaceId: opts.workspaceId, actor: opts.actor, action: "api_key.created", target: { type: "api_key", id: k.id }, summary: { name: k.name, scope: k.scope, prefix: k.prefix, unmaskedPii: k.unmaskedPii } },
      tx,
    );
    return k;
  });
  return { key: view(key), secret };
}

export async function revokeApiKey(opts: { workspaceId: string; actor: Actor; keyId: string }): Promise<ApiKeyView> {
  return db().$transaction(async (tx) => {
    const k = await tx.apiKey.findFirst({ where: { id: opts.keyId, workspaceId: opts.workspaceId } });
    if (!k) throw new AppError("not_found", "That API key does not exist in this workspace.");
    if (k.revokedAt) return view(k);
    const revoked = await tx.apiKey.update({ where: { id: k.id }, data: { revokedAt: new Date() } });
    principals.delete(k.secretHash);
    await recordAudit(
      { workspaceId: opts.workspaceId, actor: opts.actor, action: "api_key.revoked", target: { type: "api_key", id: k.id }, summary: { name: k.name, prefix: k.prefix } },
      tx,
    );
    return view(revoked);
  });
}

type KeyRow = { id: string; workspaceId: string; scope: ApiKeyScopeName; name: string; prefix: string; lastUsedAt: Date | null; secretHash: string; unmaskedPii: boolean };
/** Keys by secret hash for a few seconds; revoking clears this process's entry at once (others within 5 s). */
const principals = new TtlCache<KeyRow | null>(5_000);

/** `unmaskedPii`: the key may read personal data unmasked (write and admin keys, and read keys granted it). */
export type ApiKeyPrincipal = { keyId: string; workspaceId: string; scope: ApiKeyScopeName; name: string; prefix: string; unmaskedPii: boolean };

/** Resolves a presented secret to its key, or null when unknown or revoked. Marks it used (at most once a minute). */
export async function authenticateApiKey(secret: string, now = new Date()): Promise<ApiKeyPrincipal | null> {
  if (!secret.startsWith(`${API_KEY_PREFIX}_`)) return null;
  const hash = sha256Hex(secret);
  // Hot APIs (the profile API) present the same key many times a second: remember it briefly.
  const k = await principals.get(hash, async () => {
    const row = await db().apiKey.findUnique({ where: { secretHash: hash } });
    return row && !row.revokedAt ? row : null;
  }, now.getTime());
  if (!k) return null;
  if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > 60_000) {
    k.lastUsedAt = now;
    // "Last used" is informational: the request does not wait for it.
    void db().apiKey.update({ where: { id: k.id }, data: { lastUsedAt: now } }).catch((e: Error) => console.error(`[api-keys] last used: ${e.message}`));
  }
  return { keyId: k.id, workspaceId: k.workspaceId, scope: k.scope, name: k.name, prefix: k.prefix, unmaskedPii: k.unmaskedPii || k.scope !== "read" };
}
