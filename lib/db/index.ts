export { db, disconnectDb } from "./client";
export { Prisma } from "./generated/client";
export type { Role, ApiKeyScope } from "./generated/enums";
export type { Tx } from "./types";
export { pool, closePool, withTransaction } from "./pool";
export { ensureEventPartitions, ensurePartitionsAhead, monthsBetween, partitionName } from "./partitions";
export { ensureSqlFunctions } from "./functions";
export { cancellableQuery } from "./cancellable";
