export { CONSENT_PURPOSES, LEGAL_BASES, consentChangeSchema, consentCoverage, consentHistory, recordConsentChanges, setConsent, type ConsentChange } from "./consent";
export { IDENTIFIER_KINDS, identifierHash, maskIdentifier, normalizeIdentifier } from "./identifiers";
export { DEADLINE_DAYS, PRIVACY_CHANNEL, downloadExport, fileRequest, getRequest, listRequests, privacyRequestSchema, processPrivacyRequest, pruneExports, retryRequest, type PrivacyRequest, type PrivacyRequestInput } from "./requests";
export { MESSAGE_TYPES, deletePolicy, enforceRetention, listPolicies, listRuns, retentionDue, retentionPolicySchema, savePolicy, type RetentionPolicy, type RetentionRun } from "./retention";
export { dropSuppressed, suppressionStats } from "./suppress";
export { findSubject, type Subject } from "./subject";
export { MASK, explicitPiiLists, forgetPiiClasses, maskPersonal, maskUnless, piiPolicy, type PiiPolicy } from "./mask";
export { flushApiReads, noteUnmaskedApiRead } from "./api-reads";
