/**
 * The one interface every destination implements, one file per provider. The sync runner diffs
 * membership against what the destination accepted and hands each provider batches of operations.
 */
export type Op = "add" | "update" | "remove";

/** One record to send: the mapped fields (destination field → value) and an idempotency key. */
export type SyncRecord = { op: Op; profileId: string; key: string; fields: Record<string, unknown> };

export type RecordResult = { profileId: string; ok: true } | { profileId: string; ok: false; reason: string };

export type FieldSpec = {
  key: string;
  label: string;
  /** Stored encrypted, never shown again after saving. */
  secret?: boolean;
  required?: boolean;
  type?: "text" | "url" | "number" | "textarea" | "select";
  options?: string[];
  placeholder?: string;
  help?: string;
};

export type DestinationContext = {
  destinationId: string;
  name: string;
  config: Record<string, string>;
  secrets: Record<string, string>;
  /** The segment being synced, for providers that name it (Braze attribute, file name). */
  segment: { id: string; name: string };
  syncId: string;
  /** The destination fields the sync maps, in the mapping's order (absent values are null). */
  fields: string[];
  signal?: AbortSignal;
};

/** Writes a whole audience at once (file drops): the runner streams every eligible record to it. */
export type SnapshotWriter = { write: (records: SyncRecord[]) => Promise<void>; finish: () => Promise<string>; abort: () => Promise<void> };

export type Provider = {
  kind: string;
  label: string;
  category: "Webhooks" | "Advertising" | "Email" | "Files and databases";
  description: string;
  fields: FieldSpec[];
  /** The consent purpose a profile must have granted before it is sent (null: no consent needed). */
  defaultPurpose: string | null;
  /** At most this many records per request. */
  maxBatch: number;
  /** Mapped fields of which at least one must be present for a record to be sendable. */
  requiresAny: string[];
  defaultMapping: { from: string; to: string }[];
  /** Problems with the configuration, in words that say what to fix; empty when it is fine. */
  validate: (config: Record<string, string>, secrets: Record<string, string>) => string[];
  /** Proves the credentials and target work; throws with what went wrong. */
  test: (ctx: DestinationContext) => Promise<string>;
  /** Sends one batch; returns one result per record. Throws only when the whole batch failed. */
  send?: (ctx: DestinationContext, records: SyncRecord[]) => Promise<RecordResult[]>;
  snapshot?: (ctx: DestinationContext) => Promise<SnapshotWriter>;
  /**
   * Deletes people for good (a data subject's erasure), given what was last sent for each. Providers
   * without it have their records removed from the audience with `send` instead.
   */
  erase?: (ctx: DestinationContext, records: SyncRecord[]) => Promise<RecordResult[]>;
};

export function required(config: Record<string, string>, secrets: Record<string, string>, fields: FieldSpec[]): string[] {
  return fields.filter((f) => f.required && !(f.secret ? secrets[f.key] : config[f.key])?.trim()).map((f) => `${f.label} is required.`);
}

export const allOk = (records: SyncRecord[]): RecordResult[] => records.map((r) => ({ profileId: r.profileId, ok: true as const }));
