import { recordAudit } from "../audit";

/**
 * Unmasked personal data read through the profile API, audit-logged without slowing the API: reads
 * are counted per key in memory and written as one `pii.viewed` entry per key every 10 seconds
 * (and when the process stops).
 */
const FLUSH_MS = 10_000;
type Count = { workspaceId: string; keyId: string; label: string; reads: number; profiles: Set<string>; since: Date };
const pending = new Map<string, Count>();
let timer: NodeJS.Timeout | null = null;

export function noteUnmaskedApiRead(opts: { workspaceId: string; keyId: string; label: string; profileId: string }): void {
  const c = pending.get(opts.keyId) ?? { workspaceId: opts.workspaceId, keyId: opts.keyId, label: opts.label, reads: 0, profiles: new Set<string>(), since: new Date() };
  c.reads++;
  if (c.profiles.size < 1000) c.profiles.add(opts.profileId);
  pending.set(opts.keyId, c);
  if (!timer) {
    timer = setTimeout(() => void flushApiReads().catch((e: Error) => console.error(`[privacy] audit of API reads: ${e.message}`)), FLUSH_MS);
    timer.unref();
  }
}

/** Writes what was counted so far. */
export async function flushApiReads(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const counts = [...pending.values()];
  pending.clear();
  for (const c of counts) {
    await recordAudit({
      workspaceId: c.workspaceId,
      actor: { type: "api_key", id: c.keyId, label: c.label },
      action: "pii.viewed",
      target: { type: "api_key", id: c.keyId },
      summary: { what: "profile API", reads: c.reads, profiles: c.profiles.size, since: c.since.toISOString(), until: new Date().toISOString() },
    });
  }
}
