import nodemailer, { type Transporter } from "nodemailer";

export type Mail = { to: string; subject: string; text: string; html?: string };

let transport: { url: string; transporter: Transporter } | undefined;

/** True when an SMTP server is configured (SMTP_URL). */
export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

/** Sends one message through the configured SMTP server. Returns false when none is configured. */
export async function sendMail(mail: Mail): Promise<boolean> {
  const url = process.env.SMTP_URL;
  if (!url) return false;
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  await transport.transporter.sendMail({ from: process.env.MAIL_FROM ?? "Northstar <no-reply@localhost>", ...mail });
  return true;
}
