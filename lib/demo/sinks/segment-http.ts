import { generateProfiles, toSegmentMessage } from "../generate";
import type { GenOptions } from "../types";

/** Segment's documented limits: 32 KB per message, 500 KB per batch request. */
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;

export type SegmentBatch = { batch: Record<string, unknown>[]; sentAt: string; writeKey?: string };

/**
 * Generated messages grouped as Segment `/v1/batch` bodies of at most `size` messages and
 * 500 KB each, in generation order (each person's events in time order).
 */
export function* segmentBatches(gen: GenOptions, size = 500): Generator<SegmentBatch> {
  let batch: Record<string, unknown>[] = [];
  let bytes = 0;
  for (const p of generateProfiles(gen)) {
    for (const m of p.messages) {
      const msg = toSegmentMessage(m);
      const len = JSON.stringify(msg).length + 1;
      if (batch.length >= size || bytes + len > SEGMENT_MAX_BATCH_BYTES - 1024) {
        yield { batch, sentAt: new Date(gen.endMs).toISOString() };
        batch = [];
        bytes = 0;
      }
      batch.push(msg);
      bytes += len;
    }
  }
  if (batch.length) yield { batch, sentAt: new Date(gen.endMs).toISOString() };
}

/** POSTs batches to a Segment-compatible endpoint with HTTP Basic auth (write key as user name). */
export async function sendSegmentBatches(opts: {
  url: string;
  writeKey: string;
  gen: GenOptions;
  batchSize?: number;
  concurrency?: number;
  onProgress?: (events: number) => void;
}): Promise<{ batches: number; events: number; failed: number }> {
  const auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString("base64")}`;
  const it = segmentBatches(opts.gen, opts.batchSize ?? 500);
  let batches = 0;
  let events = 0;
  let failed = 0;
  const worker = async () => {
    for (;;) {
      const next = it.next();
      if (next.done) return;
      const body = { ...next.value, sentAt: new Date().toISOString() };
      const res = await fetch(opts.url, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      batches++;
      if (res.ok) events += body.batch.length;
      else failed += body.batch.length;
      opts.onProgress?.(events);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  return { batches, events, failed };
}
