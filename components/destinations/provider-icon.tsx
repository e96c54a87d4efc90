import { Database, FileSpreadsheet, Mail, Megaphone, Webhook, type LucideIcon } from "lucide-react";

const ICONS: Record<string, LucideIcon> = { webhook: Webhook, meta: Megaphone, google_ads: Megaphone, mailchimp: Mail, braze: Mail, csv_file: FileSpreadsheet, postgres: Database };
const COLORS: Record<string, string> = {
  webhook: "bg-slate-100 text-slate-700",
  meta: "bg-blue-50 text-blue-700",
  google_ads: "bg-amber-50 text-amber-700",
  mailchimp: "bg-yellow-50 text-yellow-800",
  braze: "bg-violet-50 text-violet-700",
  csv_file: "bg-emerald-50 text-emerald-700",
  postgres: "bg-sky-50 text-sky-700",
};

export function ProviderIcon({ kind, size = "md" }: { kind: string; size?: "sm" | "md" }) {
  const Icon = ICONS[kind] ?? Webhook;
  const box = size === "sm" ? "h-7 w-7" : "h-10 w-10";
  return (
    <span className={`inline-flex shrink-0 items-center justify-center rounded-lg ${box} ${COLORS[kind] ?? COLORS.webhook}`}>
      <Icon aria-hidden className={size === "sm" ? "h-4 w-4" : "h-5 w-5"} />
    </span>
  );
}
