import { z } from "zod";
import { recordAudit, type Actor } from "../audit";
import { pool } from "../db/pool";
import { AppError } from "../errors";
import { requireTransport, workspaceTransport } from "../mail";
import { MASK, maskPersonal, type PiiPolicy } from "../privacy/mask";
import { findJourneyProfile } from "./profile";
import { htmlToText, renderTemplate, type TemplateVars } from "./template";

export const emailPreviewSchema = z.object({
  subject: z.string().max(200).default(""),
  html: z.string().max(200_000).default(""),
  text: z.string().max(100_000).default(""),
  /** A profile id, user id or email address to render the email for. */
  profile: z.string().trim().max(320).optional(),
  journeyName: z.string().max(120).default("Journey"),
});
export type EmailPreviewInput = z.infer<typeof emailPreviewSchema>;
export const testSendSchema = emailPreviewSchema.extend({ to: z.email("Enter the address to send the test to") });

async function varsFor(workspaceId: string, who: string | undefined, journeyName: string, policy?: PiiPolicy): Promise<{ vars: TemplateVars; profileLabel: string | null }> {
  const base: TemplateVars = { profile: {}, event: {}, journey: { name: journeyName }, unsubscribe_url: "#unsubscribe" };
  if (!who) return { vars: base, profileLabel: null };
  const found = await findJourneyProfile(workspaceId, who);
  // Rendered for someone who sees personal data masked: the email shows masks where personal values go.
  const p = policy ? { ...found, traits: maskPersonal({ traits: found.traits }, policy).traits, email: found.email && MASK } : found;
  const { rows: ev } = await pool().query<{ event: string; properties: unknown; ts: Date }>(
    "SELECT event, properties, ts FROM events WHERE workspace_id = $1 AND profile_id = $2 AND type = 'track' ORDER BY ts DESC LIMIT 1",
    [workspaceId, p.id],
  );
  const last = ev[0] ? { name: ev[0].event, properties: ev[0].properties ?? {}, ts: ev[0].ts.toISOString() } : {};
  return { vars: { ...base, profile: { ...p.traits, id: p.id, email: p.email, user_id: p.user_id }, event: last }, profileLabel: p.email ?? `Profile ${p.id}` };
}

/** The email as a chosen profile would get it (the event is their latest tracked event). */
export async function previewEmail(opts: { workspaceId: string; input: EmailPreviewInput; policy?: PiiPolicy }) {
  const { vars, profileLabel } = await varsFor(opts.workspaceId, opts.input.profile, opts.input.journeyName, opts.policy);
  const html = await renderTemplate(opts.input.html, vars);
  return { subject: await renderTemplate(opts.input.subject, vars), html, text: opts.input.text ? await renderTemplate(opts.input.text, vars) : htmlToText(html), profileLabel };
}

/** Sends the rendered email to one address, marked as a test, through the workspace's SMTP server. */
export async function sendTestEmail(opts: { workspaceId: string; actor: Actor; input: z.infer<typeof testSendSchema> }) {
  const rendered = await previewEmail(opts);
  const t = requireTransport(await workspaceTransport(opts.workspaceId));
  try {
    await t.transporter.sendMail({ from: t.from, replyTo: t.replyTo, to: opts.input.to, subject: `[Test] ${rendered.subject}`, html: rendered.html, text: rendered.text });
  } catch (e) {
    throw new AppError("invalid_input", `The SMTP server refused the test: ${(e as Error).message}`);
  }
  await recordAudit({ workspaceId: opts.workspaceId, actor: opts.actor, action: "journey.test_email", target: { type: "email", id: opts.input.to }, summary: { subject: rendered.subject } });
  return { sent: true, to: opts.input.to };
}
