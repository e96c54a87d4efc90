import { getPageContext, pageCan, requirePagePermission } from "@/app/_server/page-context";
import { EmailSettingsForm } from "@/components/settings/email-settings-form";
import { Card } from "@/components/ui/card";
import { getSmtpSettings } from "@/lib/mail";

export const metadata = { title: "Email settings" };

export default async function EmailSettingsPage() {
  const ctx = await getPageContext();
  requirePagePermission(ctx, "workspace:read");
  const smtp = await getSmtpSettings(ctx.workspace.workspaceId);
  return (
    <Card title="Email sending" description="Journeys send email through this SMTP server (your provider's SMTP relay: SES, Postmark, SendGrid, Mailgun, your own). The password is stored encrypted and never shown again.">
      <EmailSettingsForm initial={smtp} instanceDefault={Boolean(process.env.SMTP_URL)} canWrite={pageCan(ctx, "workspace:write")} />
    </Card>
  );
}
