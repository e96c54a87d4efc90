import { recordAudit, type Actor } from "@/lib/audit";
import { can } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { maskUnless, piiPolicy } from "@/lib/privacy";
import type { WorkspaceContext } from "./context";
import type { PageContext } from "./page-context";

/** The same view by the same person within this window is one audit entry, not one per reload. */
const QUIET_MS = 5 * 60_000;
const recent = new Map<string, number>();

async function logView(workspaceId: string, actor: Actor, what: string, target?: { type: string; id: string }): Promise<void> {
  const key = `${workspaceId}|${actor.id ?? actor.label}|${what}|${target?.id ?? ""}`;
  const now = Date.now();
  if ((recent.get(key) ?? 0) > now - QUIET_MS) return;
  if (recent.size > 10_000) recent.clear();
  recent.set(key, now);
  await recordAudit({ workspaceId, actor, action: "pii.viewed", target, summary: { what } });
}

/**
 * Personal data on its way out of a route: masked for callers without `pii:read` (Analysts,
 * Viewers, read-only API keys), and the view audit-logged for those who see it unmasked.
 */
export async function personalData<T>(ctx: WorkspaceContext, data: T, view: { what: string; target?: { type: string; id: string } }): Promise<T> {
  if (!ctx.can("pii:read")) return maskUnless(false, ctx.workspaceId, data);
  await logView(ctx.workspaceId, ctx.actor, view.what, view.target);
  return data;
}

/** The same for server-rendered pages. */
export async function pagePersonalData<T>(ctx: PageContext, data: T, view: { what: string; target?: { type: string; id: string } }): Promise<T> {
  if (!can(ctx.role, "pii:read")) return maskUnless(false, ctx.workspace.workspaceId, data);
  await logView(ctx.workspace.workspaceId, { type: "user", id: ctx.user.id, label: ctx.user.email }, view.what, view.target);
  return data;
}

/** Whether CSV exports and downloads should be masked for this caller (they log an export when not). */
export async function exportIsMasked(ctx: WorkspaceContext, what: string, target?: { type: string; id: string }): Promise<boolean> {
  if (!ctx.can("pii:read")) return true;
  await recordAudit({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "pii.exported", target, summary: { what } });
  return false;
}

/** An insight broken down by a personal field would list personal values: refused for callers who see them masked. */
export async function assertBreakdownAllowed(ctx: WorkspaceContext, insight: { breakdown?: { kind: string; property?: string; trait?: string } | null; of?: string; property?: string }): Promise<void> {
  const b = insight.breakdown;
  // The values of one property (top values) list it the way a breakdown does.
  const field = insight.of === "values" ? insight.property : b?.kind === "property" ? b.property : b?.kind === "trait" ? b.trait : undefined;
  if (!field || ctx.can("pii:read")) return;
  if ((await piiPolicy(ctx.workspaceId)).isPersonal(field)) {
    throw new AppError("forbidden", `Breaking down by “${field}” would list personal data, which your role sees masked. Break down by a field that is not personal, or ask an Admin to reclassify it in the data catalog.`);
  }
}
