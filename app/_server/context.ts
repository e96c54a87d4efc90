import { authenticateApiKey } from "@/lib/api-keys";
import type { Actor } from "@/lib/audit";
import { can, scopeCan, type ApiKeyScopeName, type Permission, type RoleName } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { clientIp } from "./respond";
import { getCurrentWorkspace, getSessionUser } from "./session";

/** Who is asking, in which workspace, and what they may do: resolved on the server for every request. */
export type WorkspaceContext = {
  workspaceId: string;
  workspaceName: string;
  actor: Actor;
  userId: string | null;
  role: RoleName | null;
  scope: ApiKeyScopeName | null;
  can: (p: Permission) => boolean;
};

const FORBIDDEN_MESSAGES: Partial<Record<Permission, string>> = {
  "members:read": "Only Owners and Admins can open the admin console.",
  "members:write": "Only Owners and Admins can manage members.",
  "apiKeys:read": "Only Owners and Admins can see API keys.",
  "apiKeys:write": "Only Owners and Admins can create or revoke API keys.",
  "auditLog:read": "Only Owners and Admins can read the audit log.",
  "workspace:read": "Only Owners and Admins can see workspace settings.",
  "workspace:write": "Only Owners and Admins can change workspace settings.",
};

export function forbiddenMessage(p: Permission, role: string | null): string {
  return FORBIDDEN_MESSAGES[p] ?? `Your role${role ? ` (${role})` : ""} does not allow this (${p}). Ask an Owner or Admin for access.`;
}

/** Resolves the caller from an API key (`Authorization: Bearer nsk_…`) or the session cookie. */
export async function resolveContext(req: Request): Promise<WorkspaceContext> {
  const ip = clientIp(req);
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    const key = await authenticateApiKey(auth.slice(7).trim());
    if (!key) throw new AppError("unauthorized", "This API key is not valid or was revoked.");
    return {
      workspaceId: key.workspaceId,
      workspaceName: "",
      actor: { type: "api_key", id: key.keyId, label: `API key ${key.name} (${key.prefix}…)`, ip },
      userId: null,
      role: null,
      scope: key.scope,
      can: (p) => scopeCan(key.scope, p) || (p === "pii:read" && key.unmaskedPii),
    };
  }
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in first, or send an API key as `Authorization: Bearer <key>`.");
  const ws = await getCurrentWorkspace(user.id);
  if (!ws) throw new AppError("forbidden", "You are not a member of any workspace. Ask an Admin for an invitation.");
  return {
    workspaceId: ws.workspaceId,
    workspaceName: ws.name,
    actor: { type: "user", id: user.id, label: user.email, ip },
    userId: user.id,
    role: ws.role,
    scope: null,
    can: (p) => can(ws.role, p),
  };
}

export function assertCan(ctx: WorkspaceContext, p: Permission): void {
  if (!ctx.can(p)) throw new AppError("forbidden", forbiddenMessage(p, ctx.role));
}
