export { recordAudit, type AuditInput } from "./record";
export { listAuditLog, listAuditFacets, type AuditPage } from "./list";
export { auditQuerySchema, type Actor, type AuditEntry, type AuditQuery } from "./schema";
