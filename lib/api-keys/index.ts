export { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey, API_KEY_PREFIX, type ApiKeyPrincipal, type ApiKeyView } from "./keys";
export { createApiKeySchema, type CreateApiKeyInput } from "./schema";
