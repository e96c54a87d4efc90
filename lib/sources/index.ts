export { createSource, disableSource, listSources, sourceByWriteKey, type SourceAuth, type SourceView } from "./sources";
export { createSourceSchema, type CreateSourceInput } from "./schema";
export { debuggerFeed, sourceStats, sourceVolume, type DebuggerItem, type SourceStats, type VolumePoint } from "./activity";
