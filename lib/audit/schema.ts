import { z } from "zod";

/** Who did something: a signed-in person, an API key, or the system itself (workers, seeds). */
export type Actor =
  | { type: "user"; id: string; label: string; ip?: string | null }
  | { type: "api_key"; id: string; label: string; ip?: string | null }
  | { type: "system"; id?: null; label: string; ip?: null };

export const auditQuerySchema = z.object({
  actorId: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  from: z.coerce.date({ message: "from must be a date like 2026-11-01" }).optional(),
  to: z.coerce.date({ message: "to must be a date like 2026-11-30" }).optional(),
  cursor: z.string().regex(/^\d+$/, "cursor must be the id of the last row of the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditEntry = {
  id: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  ip: string | null;
  createdAt: string;
};
