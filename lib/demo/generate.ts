import { generateProfile } from "./profile";
import type { GenOptions, GenProfile } from "./types";

/** Every profile of a data set, one at a time: the large size never sits in memory at once. */
export function* generateProfiles(opts: GenOptions, from = 0, to = opts.profiles): Generator<GenProfile> {
  for (let i = from; i < to; i++) yield generateProfile(opts, i);
}

/** A message in Segment's wire format (ISO timestamps, only the fields that are set). */
export function toSegmentMessage(m: GenProfile["messages"][number]): Record<string, unknown> {
  const out: Record<string, unknown> = { type: m.type, messageId: m.messageId, timestamp: new Date(m.ts).toISOString() };
  if (m.anonymousId) out.anonymousId = m.anonymousId;
  if (m.userId) out.userId = m.userId;
  if (m.event) out.event = m.event;
  if (m.name) out.name = m.name;
  if (m.properties) out.properties = m.properties;
  if (m.traits) out.traits = m.traits;
  if (m.context) out.context = m.context;
  return out;
}
