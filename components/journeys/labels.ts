import { Clock, GitBranch, LogOut, Mail, Play, RefreshCw, Sparkles, Split, Target, UserPen, Webhook, type LucideIcon } from "lucide-react";
import type { GraphNode, NodeKind } from "@/lib/journeys/schema";

export type KindInfo = { label: string; hint: string; icon: LucideIcon; tone: string; make: () => Record<string, unknown> };

/** Every node kind: how the palette shows it and the configuration a new one starts with. */
export const KINDS: Record<NodeKind, KindInfo> = {
  trigger: { label: "Trigger", hint: "What starts the journey", icon: Play, tone: "bg-brand-600", make: () => ({ kind: "segment_enter", segmentId: "" }) },
  wait: { label: "Wait", hint: "A delay, a date, a time of day or an event", icon: Clock, tone: "bg-amber-500", make: () => ({ mode: "duration", amount: 1, unit: "days" }) },
  branch: { label: "Branch", hint: "Yes / no on traits, segments or events", icon: GitBranch, tone: "bg-violet-600", make: () => ({ condition: { type: "group", op: "and", conditions: [] } }) },
  split: { label: "A/B split", hint: "Random paths and a holdout", icon: Split, tone: "bg-fuchsia-600", make: () => ({ variants: [{ name: "A", percent: 50 }, { name: "B", percent: 50 }], holdout: 0 }) },
  email: { label: "Send email", hint: "Over your SMTP server", icon: Mail, tone: "bg-sky-600", make: () => ({ subject: "", preheader: "", html: "", text: "", purpose: "marketing_email" }) },
  webhook: { label: "Send webhook", hint: "POST the profile to a URL", icon: Webhook, tone: "bg-slate-700", make: () => ({ url: "", headers: {} }) },
  update_trait: { label: "Update trait", hint: "Set a value on the profile", icon: UserPen, tone: "bg-teal-600", make: () => ({ trait: "", value: "", valueType: "string" }) },
  sync: { label: "Destination sync", hint: "Add to or remove from an audience", icon: RefreshCw, tone: "bg-indigo-600", make: () => ({ syncId: "", action: "add" }) },
  decide: { label: "Next best action", hint: "Pick the best offer for this person", icon: Sparkles, tone: "bg-rose-600", make: () => ({ placement: "journey" }) },
  goal: { label: "Goal", hint: "An event that counts as conversion", icon: Target, tone: "bg-emerald-600", make: () => ({ event: "", filters: [] }) },
  exit: { label: "Exit", hint: "The journey ends here", icon: LogOut, tone: "bg-slate-500", make: () => ({}) },
};

export const PALETTE: NodeKind[] = ["trigger", "wait", "branch", "split", "email", "webhook", "update_trait", "sync", "decide", "goal", "exit"];

export const HANDLE_LABELS: Record<string, string> = { next: "", yes: "Yes", no: "No", event: "Happened", timeout: "Timed out" };

const unitWord = (n: number, unit: string) => `${n} ${n === 1 ? unit.replace(/s$/, "") : unit}`;

/** A template as a reader skims it: `{{ profile.first_name | default: "Hi" }}` shows as ‹first_name›. */
export function readable(template: string): string {
  return template.replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_, path: string) => `‹${path.split(".").pop()}›`);
}

/** One line under the node's title saying what it does. */
export function summary(node: Pick<GraphNode, "type" | "config">, names: { segment: (id: string) => string; sync: (id: string) => string }): string {
  const c = node.config as Record<string, unknown>;
  switch (node.type) {
    case "trigger":
      if (c.kind === "event") return c.event ? `Performs ${c.event}` : "Choose an event";
      return c.segmentId ? `${c.kind === "segment_exit" ? "Leaves" : "Enters"} ${names.segment(String(c.segmentId))}` : "Choose a segment";
    case "wait":
      if (c.mode === "duration") return `Wait ${unitWord(Number(c.amount), String(c.unit))}`;
      if (c.mode === "until_date") return c.at ? `Until ${new Date(String(c.at)).toLocaleString()}` : "Choose a date";
      if (c.mode === "time_of_day") return `Until ${c.time ?? "…"} in their timezone`;
      if (c.mode === "event") {
        const t = c.timeout as { amount?: number; unit?: string } | undefined;
        return c.event ? `Until ${c.event}, at most ${unitWord(Number(t?.amount ?? 1), String(t?.unit ?? "days"))}` : "Choose an event";
      }
      return "";
    case "branch": {
      const n = ((c.condition as { conditions?: unknown[] } | undefined)?.conditions ?? []).length;
      return n ? `${n} condition${n === 1 ? "" : "s"}` : "Add a condition";
    }
    case "split": {
      const v = (c.variants as { name: string; percent: number }[] | undefined) ?? [];
      return [...v.map((x) => `${x.name} ${x.percent}%`), ...(Number(c.holdout) ? [`holdout ${c.holdout}%`] : [])].join(" · ");
    }
    case "email":
      return c.subject ? readable(String(c.subject)) : "Write the email";
    case "webhook":
      return c.url ? String(c.url).replace(/^https?:\/\//, "") : "Enter a URL";
    case "update_trait":
      return c.trait ? `Set ${c.trait}${c.valueType === "now" ? " to now" : ` = ${c.value}`}` : "Choose a trait";
    case "sync":
      return c.syncId ? `${c.action === "remove" ? "Remove from" : "Add to"} ${names.sync(String(c.syncId))}` : "Choose a sync";
    case "decide":
      return `Best offer for ${c.placement ?? "journey"}`;
    case "goal":
      return c.event ? `When ${c.event} happens` : "Choose an event";
    case "exit":
      return "End of the journey";
  }
}

/** Words for trace step kinds. */
export const STEP_WORDS: Record<string, string> = {
  entered: "Entered",
  waited: "Waited",
  branch: "Branched",
  split: "Split",
  sent: "Sent",
  skipped: "Skipped",
  failed: "Failed",
  deferred: "Held",
  unconfirmed: "Unconfirmed",
  updated: "Updated",
  decided: "Decided",
  completed: "Completed",
  exited: "Exited",
  converted: "Converted",
  holdout: "Held out",
  error: "Stopped",
};

export const STATUS_TONES = { draft: "gray", published: "green", paused: "amber", archived: "gray" } as const;

/** Instants in a detail ("held until 2026-11-26T08:00:00.000Z") in the reader's local time. */
export function localTimes(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (iso) => new Date(iso).toLocaleString());
}
