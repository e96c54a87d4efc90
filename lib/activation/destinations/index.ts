import { braze } from "./braze";
import { csvFile } from "./csv-file";
import { googleAds } from "./google-ads";
import { mailchimp } from "./mailchimp";
import { meta } from "./meta";
import { postgresTable } from "./postgres-table";
import type { Provider } from "./types";
import { webhook } from "./webhook";

/** Every destination kind, in catalogue order. */
export const PROVIDERS: Provider[] = [webhook, meta, googleAds, mailchimp, braze, csvFile, postgresTable];

export function providerOf(kind: string): Provider | undefined {
  return PROVIDERS.find((p) => p.kind === kind);
}

export type { DestinationContext, FieldSpec, Op, Provider, RecordResult, SnapshotWriter, SyncRecord } from "./types";
export { DestinationError, setRetryPolicy, RateLimiter } from "./http";
export { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, batchSizeOf } from "./webhook";

/** What the UI shows of each provider: serializable, no functions or secrets. */
export type ProviderInfo = Pick<Provider, "kind" | "label" | "category" | "description" | "fields" | "defaultPurpose" | "defaultMapping" | "requiresAny" | "maxBatch"> & { writesFiles: boolean };
export function providerCatalog(): ProviderInfo[] {
  return PROVIDERS.map((p) => ({
    kind: p.kind,
    label: p.label,
    category: p.category,
    description: p.description,
    fields: p.fields,
    defaultPurpose: p.defaultPurpose,
    defaultMapping: p.defaultMapping,
    requiresAny: p.requiresAny,
    maxBatch: p.maxBatch,
    writesFiles: Boolean(p.snapshot),
  }));
}
