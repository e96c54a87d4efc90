import { MASK } from "@/lib/privacy/classify";

/** Dates as people read them, in the browser's locale. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, "second");
  if (abs < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86400), "day");
}

/** How a profile is named everywhere: name, email, user id, or an anonymous visitor by number. */
export function profileLabel(p: { id: string; name?: string | null; email?: string | null; userId?: string | null }): string {
  const shown = (v: string | null | undefined) => (v && v !== MASK ? v : null);
  return shown(p.name) ?? shown(p.email) ?? p.userId ?? (p.name || p.email ? `Profile #${p.id}` : `Anonymous visitor #${p.id}`);
}
