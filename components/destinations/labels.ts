/** Words for sync settings and run states, shared by the destination pages. */
export const TRIGGER_CHOICES: { value: string; label: string }[] = [
  { value: "realtime", label: "Real time (changes sent within seconds)" },
  { value: "15", label: "Every 15 minutes" },
  { value: "60", label: "Every hour" },
  { value: "360", label: "Every 6 hours" },
  { value: "1440", label: "Every day" },
];

export function triggerText(trigger: string, everyMinutes: number | null): string {
  if (trigger === "realtime") return "Real time";
  if (!everyMinutes) return "Scheduled";
  if (everyMinutes % 1440 === 0) return everyMinutes === 1440 ? "Daily" : `Every ${everyMinutes / 1440} days`;
  if (everyMinutes % 60 === 0) return everyMinutes === 60 ? "Hourly" : `Every ${everyMinutes / 60} hours`;
  return `Every ${everyMinutes} minutes`;
}

export const MODE_SHORT: Record<string, string> = { mirror: "Mirror", add_only: "Add only", upsert: "Upsert traits" };

export const RUN_KIND: Record<string, string> = { full: "Full diff", incremental: "Changes only", realtime: "Real time", retry: "Retry failed" };

export function runTone(status: string): "green" | "amber" | "red" | "blue" | "gray" {
  return ({ succeeded: "green", partial: "amber", failed: "red", running: "blue", queued: "gray", cancelled: "gray" } as const)[status as "succeeded"] ?? "gray";
}

export const RUN_STATUS: Record<string, string> = { succeeded: "Succeeded", partial: "Some failed", failed: "Failed", running: "Running", queued: "Queued", cancelled: "Stopped" };

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const PURPOSE_LABELS: Record<string, string> = {
  advertising: "Advertising",
  marketing_email: "Marketing email",
  analytics: "Analytics",
  personalization: "Personalization",
};
