import { randomUUID } from "node:crypto";

/** The Segment message types the HTTP API accepts. */
export const MESSAGE_TYPES = ["track", "identify", "page", "screen", "group", "alias"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Segment's documented limits. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

type Json = Record<string, unknown>;

/** A validated message, timestamps corrected for client clock skew. */
export type IncomingMessage = {
  type: MessageType;
  messageId: string;
  anonymousId: string | null;
  userId: string | null;
  /** Event name for track, page or screen name for page/screen. */
  event: string | null;
  properties: Json | null;
  traits: Json | null;
  context: Json | null;
  groupId: string | null;
  previousId: string | null;
  ts: Date;
  originalTimestamp: Date | null;
  sentAt: Date | null;
  receivedAt: Date;
};

export class MessageError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function id(raw: Json, field: string): string | null {
  const v = raw[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") throw new MessageError(field, `${field} must be a string`);
  if (v.length > 512) throw new MessageError(field, `${field} must be at most 512 characters`);
  if (v.includes("\u0000")) throw new MessageError(field, `${field} must not contain the NUL character`);
  return v;
}

function object(raw: Json, field: string): Json | null {
  const v = raw[field];
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new MessageError(field, `${field} must be a JSON object`);
  return v;
}

function date(raw: Json, field: string): Date | null {
  const v = raw[field];
  if (v === undefined || v === null || v === "") return null;
  const d = typeof v === "string" || typeof v === "number" ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new MessageError(field, `${field} must be an ISO 8601 date, like 2026-11-25T10:00:00.000Z`);
  return d;
}

/**
 * The event time, as Segment computes it: when the client sent `sentAt`, its clock skew is
 * removed (timestamp = receivedAt − (sentAt − timestamp)); the original is kept alongside.
 * Times in the future are brought back to the time of receipt.
 */
export function correctedTime(timestamp: Date | null, sentAt: Date | null, receivedAt: Date): Date {
  if (!timestamp) return receivedAt;
  const ts = sentAt ? new Date(receivedAt.getTime() - (sentAt.getTime() - timestamp.getTime())) : timestamp;
  return ts.getTime() > receivedAt.getTime() ? receivedAt : ts;
}

/**
 * Validates one message of the given type (for /v1/batch, the message's own `type`). Errors name
 * the field and say what is expected.
 */
export function parseMessage(raw: unknown, opts: { type?: MessageType; receivedAt: Date; batchSentAt?: Date | null }): IncomingMessage {
  if (!isObject(raw)) throw new MessageError("(body)", "the message must be a JSON object");
  const type = (opts.type ?? raw.type) as MessageType;
  if (!MESSAGE_TYPES.includes(type)) {
    throw new MessageError("type", `type must be one of ${MESSAGE_TYPES.join(", ")}${raw.type === undefined ? " (it is missing)" : ` (got "${String(raw.type)}")`}`);
  }
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > MAX_EVENT_BYTES) throw new MessageError("(size)", `the message is ${Math.ceil(size / 1024)} KB; each message may be at most 32 KB`);

  const userId = id(raw, "userId");
  const anonymousId = id(raw, "anonymousId");
  const previousId = id(raw, "previousId");
  const groupId = id(raw, "groupId");
  if (type === "alias") {
    if (!previousId) throw new MessageError("previousId", "alias needs previousId (the old id) and userId (the new one)");
    if (!userId) throw new MessageError("userId", "alias needs userId (the new id) and previousId (the old one)");
  } else if (!userId && !anonymousId) {
    throw new MessageError("userId", "every message needs a userId or an anonymousId");
  }
  let event: string | null = null;
  if (type === "track") {
    if (typeof raw.event !== "string" || raw.event.trim() === "") throw new MessageError("event", "track needs event: the name of what happened, like \"Order Completed\"");
    if (raw.event.length > 200) throw new MessageError("event", "event must be at most 200 characters");
    event = raw.event.replace(/\u0000/g, "");
  } else if (type === "page" || type === "screen") {
    if (raw.name !== undefined && raw.name !== null && typeof raw.name !== "string") throw new MessageError("name", "name must be a string");
    event = ((raw.name as string | undefined) || "").replace(/\u0000/g, "") || null;
  }
  if (type === "group" && !groupId) throw new MessageError("groupId", "group needs groupId");

  const messageIdRaw = id(raw, "messageId");
  const timestamp = date(raw, "timestamp");
  const originalTimestamp = date(raw, "originalTimestamp") ?? timestamp;
  const sentAt = date(raw, "sentAt") ?? opts.batchSentAt ?? null;
  const properties = object(raw, "properties");
  const traits = object(raw, "traits");
  const context = object(raw, "context");
  return {
    type,
    messageId: messageIdRaw ?? `srv-${randomUUID()}`,
    anonymousId,
    userId,
    event,
    properties: type === "group" ? { ...(properties ?? {}), groupId } : properties,
    traits: traits ?? (type === "identify" && context && isObject(context.traits) ? (context.traits as Json) : null),
    context,
    groupId,
    previousId,
    ts: correctedTime(originalTimestamp, sentAt, opts.receivedAt),
    originalTimestamp,
    sentAt,
    receivedAt: opts.receivedAt,
  };
}
