import { z } from "zod";

/**
 * All configuration, validated once. A wrong or missing value stops start-up with a message that
 * names the variable and says what is expected. Defaults make the default install work.
 */
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce
  .number({ message: "expected a port number" })
  .int("expected a whole number")
  .min(1, "expected a port between 1 and 65535")
  .max(65535, "expected a port between 1 and 65535");

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, "expected a URL like postgresql://user:password@host:5432/database");

export const startupSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: port.default(54329),
  NEXTAUTH_SECRET: z.string().min(32, "expected at least 32 characters (leave it unset to generate one into .data/)").optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal characters (32 bytes); leave it unset to generate one into .data/")
    .optional(),
  NEXTAUTH_URL: z.url({ message: "expected the public URL of the app, like https://northstar.example.com" }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "expected a URL like smtp://user:password@mail.example.com:587")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Northstar <no-reply@localhost>"),
  SEED_DEMO: bool.default(true),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive("expected a positive number of hours").default(12),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Live segment work runs in this many lanes side by side (profiles split by id); one per core is a good start. */
  SEGMENT_LANES: z.coerce.number({ message: "expected a number of lanes" }).int("expected a whole number").min(1, "expected 1 to 16 lanes").max(16, "expected 1 to 16 lanes").default(2),
  /** The event bus: `postgres` (default, nothing else to run) or `nats` (JetStream, for several machines). */
  BUS: z.enum(["postgres", "nats"], { message: "expected postgres or nats" }).default("postgres"),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+(,(nats|tls):\/\/[^\s]+)*$/, "expected a URL like nats://127.0.0.1:4222 (several separated by commas)")
    .default("nats://127.0.0.1:4222"),
  /** Stream names start with this (several installations can share one NATS cluster). */
  NATS_STREAM_PREFIX: z.string().regex(/^[A-Z][A-Z0-9_]{0,30}$/, "expected capital letters, digits and _ (like NS)").default("NS"),
  /** Subjects per stream: profiles are spread over this many, each handled by one worker at a time. Fix it before the first start. */
  BUS_PARTITIONS: z.coerce.number({ message: "expected a number of partitions" }).int("expected a whole number").min(1, "expected 1 to 256 partitions").max(256, "expected 1 to 256 partitions").default(16),
  /** Copies JetStream keeps of each message (3 on a cluster of three or more servers). */
  NATS_REPLICAS: z.coerce.number({ message: "expected a number of replicas" }).int("expected a whole number").min(1, "expected 1 to 5 replicas").max(5, "expected 1 to 5 replicas").default(1),
  /** How long a worker may hold bus messages without acknowledging them before they go to another. */
  BUS_ACK_WAIT_MS: z.coerce.number({ message: "expected milliseconds" }).int("expected a whole number").min(1000, "expected at least 1000 ms").default(30_000),
});

export const runtimeSchema = startupSchema.extend({
  DATABASE_URL: postgresUrl,
  NEXTAUTH_SECRET: z.string().min(32, "expected at least 32 characters"),
  ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "expected 64 hexadecimal characters (32 bytes)"),
});

export type StartupConfig = z.infer<typeof startupSchema>;
export type Config = z.infer<typeof runtimeSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function parseWith<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const name = i.path.join(".");
    const missing = i.code === "invalid_type" && cleaned[name] === undefined;
    return missing ? `${name} is missing: ${i.message}` : `${name} is invalid: ${i.message}`;
  });
  throw new ConfigError(problems);
}

export function parseStartupConfig(env: Record<string, string | undefined> = process.env): StartupConfig {
  return parseWith(startupSchema, env);
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseWith(runtimeSchema, env);
}

let cached: Config | undefined;

/** The validated runtime configuration of this process (web app or worker). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
