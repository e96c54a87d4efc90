import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { getConfig } from "../config";
import { decryptSecret, encryptSecret } from "../crypto/encryption";
import { pool } from "../db/pool";
import { AppError } from "../errors";

/**
 * Each workspace sends through its own SMTP server (Settings → Email); without one, through the
 * server in SMTP_URL. Transports are pooled and rebuilt when the settings change.
 */
export const smtpSettingsSchema = z.object({
  host: z.string().trim().min(1, "Enter the SMTP server's host name, like smtp.example.com").max(255),
  port: z.number({ error: "Enter the port, like 587" }).int().min(1).max(65535),
  secure: z.boolean().default(false),
  username: z.string().trim().max(255).default(""),
  password: z.string().max(1000).optional(),
  fromEmail: z.email("Enter the address emails come from, like news@example.com"),
  fromName: z.string().trim().max(120).default(""),
  replyTo: z.union([z.email("Enter a valid reply-to address"), z.literal("")]).default(""),
  /** Messages in flight at once: each SMTP round trip takes tens of milliseconds, so throughput grows with connections. */
  maxConnections: z.number().int().min(1, "Use at least 1 connection").max(50, "Use at most 50 connections").default(16),
});
export type SmtpSettingsInput = z.infer<typeof smtpSettingsSchema>;
export type SmtpSettings = Omit<SmtpSettingsInput, "password"> & { passwordSet: boolean; updatedAt: string };

type Row = { host: string; port: number; secure: boolean; username: string | null; password: string | null; from_email: string; from_name: string; reply_to: string | null; max_connections: number; updated_at: Date };

const key = () => getConfig().ENCRYPTION_KEY;
const transports = new Map<string, { stamp: string; transporter: Transporter; from: string; replyTo?: string }>();

async function row(workspaceId: string): Promise<Row | undefined> {
  return (await pool().query<Row>("SELECT * FROM workspace_smtp WHERE workspace_id = $1", [workspaceId])).rows[0];
}

export async function getSmtpSettings(workspaceId: string): Promise<SmtpSettings | null> {
  const r = await row(workspaceId);
  if (!r) return null;
  return { host: r.host, port: r.port, secure: r.secure, username: r.username ?? "", fromEmail: r.from_email, fromName: r.from_name, replyTo: r.reply_to ?? "", maxConnections: r.max_connections, passwordSet: !!r.password, updatedAt: r.updated_at.toISOString() };
}

/** Saves the settings; a blank password keeps the one stored. */
export async function saveSmtpSettings(opts: { workspaceId: string; actor: Actor; input: SmtpSettingsInput }): Promise<SmtpSettings> {
  const i = opts.input;
  const password = i.password ? encryptSecret(i.password, key()) : null;
  await pool().query(
    `INSERT INTO workspace_smtp (workspace_id, host, port, secure, username, password, from_email, from_name, reply_to, max_connections, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
     ON CONFLICT (workspace_id) DO UPDATE SET host = excluded.host, port = excluded.port, secure = excluded.secure, username = excluded.username,
       password = coalesce(excluded.password, workspace_smtp.password), from_email = excluded.from_email, from_name = excluded.from_name,
       reply_to = excluded.reply_to, max_connections = excluded.max_connections, updated_at = now()`,
    [opts.workspaceId, i.host, i.port, i.secure, i.username || null, password, i.fromEmail, i.fromName, i.replyTo || null, i.maxConnections],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "email_settings.saved", target: { type: "smtp", id: `${i.host}:${i.port}` }, summary: { host: i.host, port: i.port, fromEmail: i.fromEmail } });
  return (await getSmtpSettings(opts.workspaceId))!;
}

type Transport = { transporter: Transporter; from: string; replyTo?: string };

/** The workspace's pooled transport, or the instance-wide one; null when neither is configured. */
export async function workspaceTransport(workspaceId: string): Promise<Transport | null> {
  const r = await row(workspaceId);
  const stamp = r ? `ws:${r.updated_at.toISOString()}` : `env:${process.env.SMTP_URL ?? ""}`;
  const cached = transports.get(workspaceId);
  if (cached?.stamp === stamp) return cached;
  cached?.transporter.close();
  let t: Transport | null = null;
  if (r) {
    const auth = r.username ? { user: r.username, pass: r.password ? decryptSecret(r.password, key()) : "" } : undefined;
    const transporter = nodemailer.createTransport({ host: r.host, port: r.port, secure: r.secure, auth, pool: true, maxConnections: r.max_connections, maxMessages: Infinity, connectionTimeout: 15_000, socketTimeout: 30_000 });
    t = { transporter, from: r.from_name ? `"${r.from_name.replace(/"/g, "")}" <${r.from_email}>` : r.from_email, replyTo: r.reply_to ?? undefined };
  } else if (process.env.SMTP_URL) {
    const url = new URL(process.env.SMTP_URL);
    url.searchParams.set("pool", "true");
    t = { transporter: nodemailer.createTransport(url.toString()), from: process.env.MAIL_FROM ?? "Northstar <no-reply@localhost>" };
  }
  if (t) transports.set(workspaceId, { stamp, ...t });
  else transports.delete(workspaceId);
  return t;
}

/** Checks the connection and login to the workspace's SMTP server. */
export async function testSmtp(workspaceId: string): Promise<{ ok: boolean; message: string }> {
  const t = await workspaceTransport(workspaceId);
  if (!t) return { ok: false, message: "No SMTP server is set for this workspace: fill in the form and save first." };
  try {
    await t.transporter.verify();
    return { ok: true, message: "Connected and logged in." };
  } catch (e) {
    return { ok: false, message: `The SMTP server refused: ${(e as Error).message}` };
  }
}

/** A refusal the server means for good (5xx): retrying will not help. */
export function isPermanentMailError(e: unknown): boolean {
  const code = (e as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500;
}

export function closeWorkspaceTransports(): void {
  for (const t of transports.values()) t.transporter.close();
  transports.clear();
}

export function requireTransport(t: Transport | null): Transport {
  if (!t) throw new AppError("invalid_input", "No SMTP server is set: add one in Settings → Email, or set SMTP_URL");
  return t;
}
