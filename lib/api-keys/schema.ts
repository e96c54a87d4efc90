import { z } from "zod";
import { API_KEY_SCOPES } from "../auth/permissions";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it, like “Warehouse sync”").max(80, "Use at most 80 characters"),
  scope: z.enum(API_KEY_SCOPES, { message: `Choose a scope: ${API_KEY_SCOPES.join(", ")}` }),
  /** A read key that may see personal data unmasked (personalisation from a trusted server); write and admin keys always may. */
  unmaskedPii: z.boolean().default(false),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
