export { createBoss, ensureQueue, type PgBoss } from "./boss";
