import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { generateProfiles, toSegmentMessage } from "../generate";
import type { GenOptions } from "../types";

export type NdjsonResult = { profiles: number; events: number; files: string[]; bytes: number };

async function write(stream: NodeJS.WritableStream, chunk: string) {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/**
 * Writes `events.ndjson` (one Segment-format message per line) and `profiles.ndjson` (identifiers,
 * traits and consent per person) into `dir`.
 */
export async function writeNdjson(opts: { dir: string; gen: GenOptions; onProgress?: (events: number) => void }): Promise<NdjsonResult> {
  mkdirSync(opts.dir, { recursive: true });
  const files = [path.join(opts.dir, "events.ndjson"), path.join(opts.dir, "profiles.ndjson")];
  const events = createWriteStream(files[0]!);
  const profiles = createWriteStream(files[1]!);
  let count = 0;
  let people = 0;
  let bytes = 0;
  let buf = "";
  for (const p of generateProfiles(opts.gen)) {
    people++;
    const line = JSON.stringify({ index: p.index, userId: p.userId, anonymousIds: p.anonymousIds, email: p.email, traits: p.traits, consent: p.consent, firstSeen: new Date(p.firstSeen).toISOString(), lastSeen: new Date(p.lastSeen).toISOString() }) + "\n";
    bytes += line.length;
    await write(profiles, line);
    for (const m of p.messages) {
      buf += JSON.stringify(toSegmentMessage(m)) + "\n";
      count++;
    }
    if (buf.length > 1 << 20) {
      bytes += buf.length;
      await write(events, buf);
      buf = "";
      opts.onProgress?.(count);
    }
  }
  bytes += buf.length;
  await write(events, buf);
  await Promise.all([events, profiles].map((s) => new Promise((r) => s.end(r))));
  opts.onProgress?.(count);
  return { profiles: people, events: count, files, bytes };
}
