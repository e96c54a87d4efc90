import { z } from "zod";
import { API_KEY_SCOPES } from "../auth/permissions";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it, like “Warehouse sync”").max(80, "Use at most 80 characters"),
  scope: z.enum(API_KEY_SCOPES, { message: `Choose a scope: ${API_KEY_SCOPES.join(", ")}` }),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
