import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, MESSAGE_TYPES, MessageError, parseMessage, type IncomingMessage, type MessageType } from "./message";
import { pool } from "../db/pool";
import { recordRejections } from "./rejections";
import { ingestMessages, type IngestResult } from "./write";
import { applySteps } from "../sources/transform/steps";
import { quarantine, stepsForSource } from "../sources/transform/store";
import { applyPlan } from "../quality/plans";
import { natsOptions } from "../bus/nats/client";
import { publishEvents } from "./stream";

export type Rejected = { index: number; messageId?: string; field: string; error: string };
export type AcceptOutcome = { status: number; body: Record<string, unknown>; result?: IngestResult };

const ENDPOINTS = [...MESSAGE_TYPES, "batch", "import"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
export const isEndpoint = (s: string): s is Endpoint => (ENDPOINTS as readonly string[]).includes(s);

/** analytics.js posts to one-letter paths: /v1/t, /v1/p, /v1/i, /v1/g, /v1/a, /v1/s, and /v1/b when batching. */
const SHORT_PATHS: Record<string, Endpoint> = { t: "track", p: "page", i: "identify", g: "group", a: "alias", s: "screen", b: "batch" };

export function endpointOf(path: string): Endpoint | null {
  const e = SHORT_PATHS[path] ?? path;
  return isEndpoint(e) ? e : null;
}

/** The write key from HTTP Basic (user name) or from the body, as Segment accepts it. */
export function writeKeyFrom(authorization: string | null, body: unknown): string | null {
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const user = decoded.split(":")[0];
    if (user) return user;
  }
  const fromBody = (body as { writeKey?: unknown } | null)?.writeKey;
  return typeof fromBody === "string" && fromBody ? fromBody : null;
}

const bad = (error: string, field?: string): AcceptOutcome => ({ status: 400, body: { success: false, error, ...(field ? { field } : {}) } });

/**
 * Validates a request body for one endpoint and stores what is valid. Single messages: 400 naming
 * the field when invalid. Batches: valid messages are kept, each rejected one is reported.
 * `via: "stream"` (the HTTP API with BUS=nats) stores them in the JetStream events stream, for the
 * ingest workers to write behind; otherwise they are committed to PostgreSQL before this returns.
 */
export async function acceptPayload(opts: { workspaceId: string; sourceId: string; endpoint: Endpoint; body: unknown; bytes: number; receivedAt?: Date; via?: "database" | "stream" }): Promise<AcceptOutcome> {
  const receivedAt = opts.receivedAt ?? new Date();
  const isBatch = opts.endpoint === "batch" || opts.endpoint === "import";
  if (opts.bytes > (isBatch ? MAX_BATCH_BYTES : MAX_EVENT_BYTES)) {
    return bad(isBatch ? `The request is ${Math.ceil(opts.bytes / 1024)} KB; a batch may be at most 500 KB. Send fewer messages per request.` : `The message is ${Math.ceil(opts.bytes / 1024)} KB; a message may be at most 32 KB.`, "(size)");
  }
  const messages: IncomingMessage[] = [];
  /** Each message as it was sent (what quarantine holds, to replay through the steps again). */
  const originals: unknown[] = [];
  const rejected: Rejected[] = [];
  // The source's transformations run on each message as sent, before validation: a message a step
  // drops on purpose is counted; one a step cannot handle is quarantined with the reason (kept, not lost).
  const steps = opts.sourceId ? await stepsForSource(opts.sourceId) : [];
  let dropped = 0;
  const held: { payload: unknown; reason: string }[] = [];
  const transform = (raw: unknown): unknown | null => {
    if (steps.length === 0 || !raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const typed = opts.endpoint !== "batch" && opts.endpoint !== "import" && !(raw as { type?: unknown }).type ? { ...(raw as object), type: opts.endpoint } : raw;
    const out = applySteps(steps, typed as Record<string, unknown>);
    if (out.kind === "keep") return out.message;
    if (out.kind === "drop") dropped++;
    // Held with its type, so that a replay (always as a batch) knows what kind of call it was.
    else held.push({ payload: typed, reason: out.reason });
    return null;
  };
  const transformed = (): Record<string, unknown> => ({ ...(dropped ? { dropped } : {}), ...(held.length ? { quarantined: held.length } : {}) });
  if (isBatch) {
    const body = opts.body as { batch?: unknown; sentAt?: unknown } | null;
    if (!body || !Array.isArray(body.batch)) return bad("A batch request needs `batch`: an array of messages.", "batch");
    const sentAtRaw = body.sentAt;
    const batchSentAt = typeof sentAtRaw === "string" && !Number.isNaN(Date.parse(sentAtRaw)) ? new Date(sentAtRaw) : null;
    body.batch.forEach((original, index) => {
      const raw = transform(original);
      if (raw === null) return;
      try {
        messages.push(parseMessage(raw, { receivedAt, batchSentAt }));
        originals.push(original);
      } catch (e) {
        if (!(e instanceof MessageError)) throw e;
        const messageId = (raw as { messageId?: unknown } | null)?.messageId;
        rejected.push({ index, ...(typeof messageId === "string" ? { messageId } : {}), field: e.field, error: e.message });
      }
    });
    if (rejected.length > 0) await recordRejections({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, rejected, payloads: body.batch, receivedAt });
    if (messages.length === 0 && rejected.length > 0) {
      await quarantine(pool(), opts.workspaceId, opts.sourceId, held);
      return { status: 400, body: { success: false, error: "No message in the batch is valid.", accepted: 0, rejected, ...transformed() } };
    }
  } else {
    const raw = transform(opts.body);
    if (raw === null) {
      await quarantine(pool(), opts.workspaceId, opts.sourceId, held);
      return { status: 200, body: { success: true, accepted: 0, ...transformed() } };
    }
    try {
      messages.push(parseMessage(raw, { type: opts.endpoint as MessageType, receivedAt }));
      originals.push(opts.body && typeof opts.body === "object" && !Array.isArray(opts.body) ? { type: opts.endpoint, ...(opts.body as object) } : opts.body);
    } catch (e) {
      if (e instanceof MessageError) {
        const messageId = (opts.body as { messageId?: unknown } | null)?.messageId;
        await recordRejections({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, rejected: [{ index: 0, ...(typeof messageId === "string" ? { messageId } : {}), field: e.field, error: e.message }], payloads: [opts.body], receivedAt });
        return bad(e.message, e.field);
      }
      throw e;
    }
  }
  // The source's tracking plan: violating messages are flagged, quarantined or dropped as it says.
  const planned = opts.sourceId ? await applyPlan({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, messages, originals }) : { keep: messages, held: [], dropped: 0 };
  held.push(...planned.held);
  dropped += planned.dropped;
  await quarantine(pool(), opts.workspaceId, opts.sourceId, held);
  const body = { success: true, accepted: planned.keep.length, ...(isBatch ? { rejected } : {}), ...transformed() };
  if (opts.via === "stream") {
    await publishEvents(natsOptions(), opts.workspaceId, opts.sourceId, planned.keep);
    return { status: 200, body };
  }
  const result = await ingestMessages({ workspaceId: opts.workspaceId, sourceId: opts.sourceId, messages: planned.keep });
  return { status: 200, body, result };
}
