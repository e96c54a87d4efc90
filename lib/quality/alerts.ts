import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { workspaceTransport } from "../mail/workspace";

/** Where anomaly alerts go besides the data quality page: a webhook (JSON POST) and email addresses. */
export const alertSettingsSchema = z.object({
  webhookUrl: z.union([z.url({ message: "The webhook must be a URL, like https://hooks.example.com/northstar" }), z.literal("")]).default(""),
  emails: z.array(z.email("Each alert address must be an email address")).max(20, "At most 20 addresses").default([]),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

export async function getAlertSettings(workspaceId: string): Promise<AlertSettings> {
  const { rows } = await pool().query<{ webhook_url: string | null; emails: string[] }>("SELECT webhook_url, emails FROM quality_alerts WHERE workspace_id = $1", [workspaceId]);
  return { webhookUrl: rows[0]?.webhook_url ?? "", emails: rows[0]?.emails ?? [] };
}

export async function saveAlertSettings(opts: { workspaceId: string; actor: Actor; input: unknown }): Promise<AlertSettings> {
  const parsed = alertSettingsSchema.safeParse(opts.input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  await pool().query(
    `INSERT INTO quality_alerts (workspace_id, webhook_url, emails, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id) DO UPDATE SET webhook_url = excluded.webhook_url, emails = excluded.emails, updated_by = excluded.updated_by, updated_at = now()`,
    [opts.workspaceId, parsed.data.webhookUrl || null, parsed.data.emails, opts.actor.label],
  );
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "quality.alerts_saved", summary: { webhook: !!parsed.data.webhookUrl, emails: parsed.data.emails.length } });
  return parsed.data;
}

/** `title`: what happened in a few words (by default "<event> volume <spike|drop>"). */
type Opened = { id: string; subject: string; direction: string; hour: Date; observed: number; expected: number; kind?: string; title?: string };

/**
 * Tells the webhook and the addresses about an anomaly that just opened; what happened is kept on
 * the anomaly (`alerted`), and a failure never stops detection.
 */
export async function sendAnomalyAlert(workspaceId: string, a: Opened, appUrl: string): Promise<{ webhook?: string; email?: string }> {
  const settings = await getAlertSettings(workspaceId);
  const outcome: { webhook?: string; email?: string } = {};
  const title = a.title ?? `${a.subject} volume ${a.direction}`;
  const when = a.hour.toISOString().slice(0, 16).replace("T", " ");
  const text = a.title ? `${a.title}, in the hour of ${when} UTC.` : `${a.subject}: volume ${a.direction} in the hour of ${when} UTC — ${Math.round(a.observed)} events, ${Math.round(a.expected)} expected.`;
  const link = `${appUrl.replace(/\/$/, "")}/data-quality`;
  if (settings.webhookUrl) {
    try {
      const res = await fetch(settings.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "anomaly.opened", anomaly: { id: a.id, kind: a.kind ?? "volume", subject: a.subject, direction: a.direction, hour: a.hour.toISOString(), observed: a.observed, expected: a.expected }, text, link }),
        signal: AbortSignal.timeout(10_000),
      });
      outcome.webhook = res.ok ? "sent" : `refused (${res.status})`;
    } catch (e) {
      outcome.webhook = `failed: ${(e as Error).message}`;
    }
  }
  if (settings.emails.length) {
    const t = await workspaceTransport(workspaceId);
    if (!t) outcome.email = "no SMTP server: set one in Settings → Email";
    else {
      try {
        await t.transporter.sendMail({ from: t.from, to: settings.emails, subject: `[Northstar] Data anomaly: ${title}`, text: `${text}\n\nSee the chart: ${link}\n` });
        outcome.email = "sent";
      } catch (e) {
        outcome.email = `failed: ${(e as Error).message}`;
      }
    }
  }
  await pool().query("UPDATE anomalies SET alerted = $2 WHERE id = $1", [a.id, JSON.stringify({ ...outcome, at: new Date().toISOString() })]);
  return outcome;
}
