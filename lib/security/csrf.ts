import { AppError } from "../errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for cookie-authenticated changes: a request that changes something and carries
 * the session cookie must come from the app's own pages. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) on every cross-site POST, PUT, PATCH and DELETE: when either says another site,
 * the request is refused. API-key calls (no cookie) and same-site calls pass. The session cookie is
 * also SameSite=Lax, so a cross-site form cannot carry it in the first place.
 */
export function assertSameOrigin(req: Request, allowedOrigin?: string): void {
  if (SAFE.has(req.method.toUpperCase())) return;
  if (req.headers.get("authorization")?.toLowerCase().startsWith("bearer ")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw refused();
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") {
    if (origin === "null") throw refused();
    return;
  }
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw refused();
  }
  const allowed = new Set([host, allowedOrigin ? new URL(allowedOrigin).host : null].filter(Boolean));
  if (!allowed.has(originHost)) throw refused();
}

const refused = () => new AppError("forbidden", "This change came from another site and was refused (CSRF protection). Make it from the Northstar app, or call the API with an API key.");
