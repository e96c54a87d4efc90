export { resolveProfiles, MAX_ANONYMOUS_IDS_PER_PROFILE, type Merge, type Resolution } from "./resolve";
export { messageKeys, normalizeEmail, type IdentityKey } from "./keys";
export { unmergeProfiles } from "./unmerge";
