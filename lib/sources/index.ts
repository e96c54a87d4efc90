export { createSource, disableSource, listSources, sourceByWriteKey, type SourceAuth, type SourceView } from "./sources";
export { createSourceSchema, type CreateSourceInput } from "./schema";
export { debuggerFeed, sourceStats, sourceVolume, type DebuggerItem, type SourceStats, type VolumePoint } from "./activity";
export { getWebhookConfig, listSamples, previewWebhook, receiveWebhook, replaySample, saveWebhookConfig, saveWebhookSchema, type Preview, type WebhookConfig, type WebhookSample } from "./webhook/store";
export { PRESETS, presetOf, type Preset } from "./webhook/presets";
export { webhookMappingSchema, type WebhookMapping } from "./webhook/mapping";
export { SIGNATURE_SCHEMES, type SignatureConfig } from "./webhook/signature";
export { getTransformations, listQuarantine, previewTransformations, replayQuarantine, saveTransformations, type Held, type PreviewRow, type Transformations } from "./transform/store";
export { stepSchema, stepsSchema, CONDITION_OPS, type Step } from "./transform/steps";
