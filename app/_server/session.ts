import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { getUser, type SessionUser } from "@/lib/auth";
import { resolveWorkspaceForUser, type WorkspaceAccess } from "@/lib/workspaces";
import { authOptions } from "./auth-options";

export const WORKSPACE_COOKIE = "ns_workspace";

/** The workspace cookie: httpOnly, SameSite=Lax, and Secure when the app is served over HTTPS. */
export function workspaceCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: 365 * 86400, secure: (process.env.NEXTAUTH_URL ?? "").startsWith("https://") };
}

/** The signed-in user, checked against the database (a deleted account has no session). */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return getUser(id);
}

/** The workspace the user is working in: the cookie's choice when they belong to it, else their first. */
export async function getCurrentWorkspace(userId: string): Promise<WorkspaceAccess | null> {
  const requested = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  return resolveWorkspaceForUser(userId, requested);
}
