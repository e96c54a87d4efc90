import type { NextResponse } from "next/server";
import type { Permission } from "@/lib/auth";
import { assertCan, resolveContext, type WorkspaceContext } from "./context";
import { errorResponse } from "./respond";
import { getSessionUser } from "./session";
import { AppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/security";
import type { SessionUser } from "@/lib/auth";

type RouteParams = { params: Promise<Record<string, string>> };

/**
 * The one wrapper every workspace route goes through: resolves the caller and workspace, checks the
 * permission on the server, runs the handler, and maps errors to the JSON error shape.
 */
export function withWorkspace(
  permission: Permission,
  handler: (args: { req: Request; ctx: WorkspaceContext; params: Record<string, string> }) => Promise<NextResponse>,
) {
  return async (req: Request, route: RouteParams): Promise<NextResponse> => {
    try {
      assertSameOrigin(req, process.env.NEXTAUTH_URL);
      const ctx = await resolveContext(req);
      assertCan(ctx, permission);
      return await handler({ req, ctx, params: (await route?.params) ?? {} });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** For routes that need a signed-in person but no particular workspace (creating or switching one). */
export function withUser(
  handler: (args: { req: Request; user: SessionUser; params: Record<string, string> }) => Promise<NextResponse>,
) {
  return async (req: Request, route: RouteParams): Promise<NextResponse> => {
    try {
      assertSameOrigin(req, process.env.NEXTAUTH_URL);
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthorized", "Sign in first.");
      return await handler({ req, user, params: (await route?.params) ?? {} });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** For public routes (sign-up, accepting an invitation): only error mapping. */
export function withErrors(handler: (args: { req: Request; params: Record<string, string> }) => Promise<NextResponse>) {
  return async (req: Request, route: RouteParams): Promise<NextResponse> => {
    try {
      assertSameOrigin(req, process.env.NEXTAUTH_URL);
      return await handler({ req, params: (await route?.params) ?? {} });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
