export { catalogEntrySchema, detectPii, listCatalog, PII_CLASSES, saveCatalogEntry, type CatalogEntryInput, type CatalogItem, type CatalogKind, type PiiClass } from "./catalog";
