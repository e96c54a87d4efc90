export { createSource, disableSource, listSources, sourceByWriteKey, type SourceAuth, type SourceView } from "./sources";
