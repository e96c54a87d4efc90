import type { IncomingMessage } from "../ingest/message";

export type IdentityKey = { kind: string; value: string };

export const keyString = (k: IdentityKey) => `${k.kind}\u0000${k.value}`;

export function normalizeEmail(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const e = v.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e) ? e : null;
}

/**
 * The identifiers a message carries: its user id and anonymous id, an email from identify traits,
 * and further identifiers from `context.externalIds` ({ id, type }).
 */
export function messageKeys(m: IncomingMessage): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (m.userId) keys.push({ kind: "user_id", value: m.userId });
  if (m.anonymousId) keys.push({ kind: "anonymous_id", value: m.anonymousId });
  // Email from identify traits, or from context.traits on other calls (where Segment carries them).
  const contextTraits = m.context?.traits as Record<string, unknown> | undefined;
  const email = normalizeEmail(m.type === "identify" ? m.traits?.email : contextTraits?.email);
  if (email) keys.push({ kind: "email", value: email });
  const external = m.context?.externalIds;
  if (Array.isArray(external)) {
    for (const x of external.slice(0, 10)) {
      const e = x as { id?: unknown; type?: unknown };
      if (typeof e?.id === "string" && typeof e.type === "string" && e.id && /^[a-z0-9_.-]{1,40}$/i.test(e.type)) {
        keys.push({ kind: `external:${e.type.toLowerCase()}`, value: e.id });
      }
    }
  }
  return keys;
}
