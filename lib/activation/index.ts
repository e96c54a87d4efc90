export * from "./schema";
export { PROVIDERS, providerCatalog, providerOf, setRetryPolicy, type ProviderInfo, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, type FieldSpec, type Provider } from "./destinations";
export { createDestination, deleteDestination, getDestination, listDestinations, testDestination, updateDestination, type DestinationSummary } from "./store";
export { createSync, deleteSync, getSync, listSyncs, setSyncStatus, updateSync, type SyncSummary } from "./syncs";
export { ACTIVATION_CHANNEL, claimRun, queueDueSyncs, requestRun, requeueStale, type ClaimedRun } from "./queue";
export { executeRun } from "./run";
export { markMembershipChanges, ACTIVATION_CONSUMER } from "./realtime";
export { audienceCsv, listFailures, listRuns, previewSync, sendTestRecord, type ParkedRecord, type SyncPreview, type SyncRun } from "./history";
export { createStarterSyncs } from "./starter";
