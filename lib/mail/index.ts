export { sendMail, mailConfigured, type Mail } from "./send";
export { closeWorkspaceTransports, getSmtpSettings, isPermanentMailError, requireTransport, saveSmtpSettings, smtpSettingsSchema, testSmtp, workspaceTransport, type SmtpSettings, type SmtpSettingsInput } from "./workspace";
