import { segmentBatches, type GenOptions } from "../lib/demo";

const PREPARED_BATCHES = 800;

function* takeBatches<T>(it: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = it.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Generated 500-event Segment batches, made before the clock starts so that clients only send. */
export function prepareBatches(gen: GenOptions): { batch: Record<string, unknown>[] }[] {
  return [...takeBatches(segmentBatches({ ...gen, profiles: Math.max(gen.profiles, 20_000), events: Math.max(gen.events, 1_000_000) }, 500), PREPARED_BATCHES)];
}

/**
 * Concurrent clients POST the prepared batches to /v1/batch for a fixed time. When the run outlasts
 * them they are sent again with new message ids (returning customers, not retries).
 */
export async function sendBatches(opts: { url: string; auth: string; prepared: { batch: Record<string, unknown>[] }[]; clients: number; seconds: number; tag?: string }) {
  const { prepared } = opts;
  let sent = 0;
  const nextBody = () => {
    const i = sent++;
    const b = prepared[i % prepared.length]!;
    const pass = Math.floor(i / prepared.length);
    const prefix = `${opts.tag ?? ""}${pass === 0 ? "" : `r${pass}-`}`;
    const batch = prefix ? b.batch.map((m) => ({ ...m, messageId: `${prefix}${m.messageId as string}` })) : b.batch;
    return { body: JSON.stringify({ batch, sentAt: new Date().toISOString() }), count: batch.length };
  };
  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < deadline) {
        const { body, count } = nextBody();
        const t = performance.now();
        const res = await fetch(`${opts.url}/v1/batch`, { method: "POST", headers: { "content-type": "application/json", authorization: opts.auth }, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.ok) events += count;
        else failures++;
      }
    }),
  );
  return { events, failures, latencies, elapsedSeconds: (performance.now() - started) / 1000 };
}
