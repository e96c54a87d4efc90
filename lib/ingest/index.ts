export { acceptPayload, endpointOf, isEndpoint, writeKeyFrom, type AcceptOutcome, type Endpoint, type Rejected } from "./accept";
export { correctedTime, MAX_BATCH_BYTES, MAX_EVENT_BYTES, MESSAGE_TYPES, parseMessage, type IncomingMessage, type MessageType } from "./message";
export { ingestMessages, type IngestResult } from "./write";
export { DEDUP_WINDOW_DAYS, pruneDedup } from "./dedup";
export { pruneRejections, recordRejections } from "./rejections";
