import { z } from "zod";
import { ROLES } from "../auth/permissions";
import { emailSchema } from "../auth/schema";

export const roleSchema = z.enum(ROLES, { message: `Choose a role: ${ROLES.join(", ")}` });

export const createWorkspaceSchema = z.object({
  name: z.string().trim().min(1, "Name the workspace").max(80, "Use at most 80 characters"),
});

const timezones = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const workspaceSettingsSchema = z.object({
  name: z.string().trim().min(1, "Name the workspace").max(80, "Use at most 80 characters"),
  timezone: z.string().refine((tz) => timezones.has(tz), "Choose a time zone from the list, like Europe/Berlin"),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code, like USD or EUR"),
  locale: z.string().refine((l) => {
    try {
      return Intl.NumberFormat.supportedLocalesOf([l]).length === 1;
    } catch {
      return false;
    }
  }, "Use a locale like en-US or de-DE"),
  identityTraits: z
    .array(z.string().trim().regex(/^[a-z][a-z0-9_]{0,59}$/, "Identifying traits are trait names like phone or crm_id (lower case, digits, underscores)"))
    .max(10, "At most 10 identifying traits")
    .default([]),
});
export type WorkspaceSettingsInput = z.infer<typeof workspaceSettingsSchema>;

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export const changeRoleSchema = z.object({ role: roleSchema });
