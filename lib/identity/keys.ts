import type { IncomingMessage } from "../ingest/message";

export type IdentityKey = { kind: string; value: string };

export const keyString = (k: IdentityKey) => `${k.kind}\u0000${k.value}`;

export function normalizeEmail(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const e = v.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e) ? e : null;
}

/** Phone numbers compare by digits (and a leading +); other identifying traits by their trimmed text. */
export function normalizeTraitIdentifier(name: string, v: unknown): string | null {
  if (typeof v !== "string" && typeof v !== "number") return null;
  const s = String(v).trim();
  if (!s) return null;
  if (/phone|mobile/i.test(name)) {
    const digits = s.replace(/[^\d+]/g, "").replace(/(?!^)\+/g, "");
    return digits.replace(/\D/g, "").length >= 5 ? digits : null;
  }
  return s.length <= 256 ? s : null;
}

/**
 * The identifiers a message carries: its user id and anonymous id, an email from identify traits,
 * the workspace's identifying traits (`identityTraits`, e.g. phone or crm_id), and further
 * identifiers from `context.externalIds` ({ id, type }).
 */
export function messageKeys(m: IncomingMessage, identityTraits: readonly string[] = []): IdentityKey[] {
  const keys: IdentityKey[] = [];
  if (m.userId) keys.push({ kind: "user_id", value: m.userId });
  if (m.anonymousId) keys.push({ kind: "anonymous_id", value: m.anonymousId });
  // Email from identify traits, or from context.traits on other calls (where Segment carries them).
  const contextTraits = m.context?.traits as Record<string, unknown> | undefined;
  const email = normalizeEmail(m.type === "identify" ? m.traits?.email : contextTraits?.email);
  if (email) keys.push({ kind: "email", value: email });
  const traits = m.type === "identify" ? m.traits : contextTraits;
  for (const name of identityTraits) {
    const value = normalizeTraitIdentifier(name, traits?.[name]);
    if (value) keys.push({ kind: `trait:${name}`, value });
  }
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
