import { z } from "zod";

const origin = z
  .string()
  .trim()
  .refine((o) => o === "*" || /^https?:\/\/[^/\s]+$/.test(o), "Each allowed origin is a scheme and host, like https://shop.example.com (no path), or * for any");

export const createSourceSchema = z.object({
  name: z.string().trim().min(1, "Name the source after what sends the data, like “Website”").max(80, "Use at most 80 characters"),
  allowedOrigins: z.array(origin).max(50).default([]),
  /** http: the Segment-compatible API with a write key; webhook: JSON or form posts from another system, mapped; database: a table of another PostgreSQL read on a schedule. */
  kind: z.enum(["http", "webhook", "database"]).default("http"),
  preset: z.string().max(40).nullish(),
});
export type CreateSourceInput = z.infer<typeof createSourceSchema>;
