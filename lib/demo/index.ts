export { generateProfile } from "./profile";
export { generateProfiles, toSegmentMessage } from "./generate";
export { eventCopyLines, loadIntoDatabase, type LoadProgress, type LoadResult } from "./sinks/database";
export { writeNdjson } from "./sinks/ndjson";
export { segmentBatches, sendSegmentBatches, SEGMENT_MAX_BATCH_BYTES } from "./sinks/segment-http";
export { clearWorkspaceData, ensureDataWorkspace, workspaceHasData } from "./workspace";
export { DEFAULT_DAYS, DEFAULT_END, SIZES, SIZE_NAMES, isSizeName, type SizeName } from "./sizes";
export type { GenMessage, GenOptions, GenProfile } from "./types";
