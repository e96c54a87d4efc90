export { createImport, getImport, getImportReport, listImports, processNextImport, MAX_IMPORT_BYTES, type ImportView } from "./jobs";
export { columnRoleSchema, guessMapping, importMappingSchema, type ColumnRole, type ImportMapping } from "./mapping";
export { rejectionReport, runImport, MAX_REPORTED_REJECTIONS, type ImportOutcome, type ImportProgress, type RejectedRow } from "./run";
export { convert, rowToMessage } from "./rows";
