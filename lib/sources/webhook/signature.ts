import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * How senders sign webhooks. `hmac_sha256`: a header holding the HMAC-SHA256 of the raw body (hex or
 * base64, optionally after a prefix such as `sha256=`). `stripe`: `Stripe-Signature: t=<unix>,v1=<hex
 * HMAC of "<t>.<body>">`. `hubspot_v3`: `X-HubSpot-Signature-v3` = base64 HMAC of method + URI + body
 * + `X-HubSpot-Request-Timestamp`. Timestamped schemes refuse requests over 5 minutes old.
 */
export const SIGNATURE_SCHEMES = ["none", "hmac_sha256", "stripe", "hubspot_v3"] as const;
export const signatureSchema = z.object({
  scheme: z.enum(SIGNATURE_SCHEMES).default("none"),
  header: z.string().trim().max(100).default("X-Signature"),
  encoding: z.enum(["hex", "base64"]).default("hex"),
  prefix: z.string().max(40).default(""),
});
export type SignatureConfig = z.infer<typeof signatureSchema>;

const TOLERANCE_MS = 5 * 60_000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type SignedRequest = { method: string; url: string; headers: Headers; body: string };

/** Null when the request is signed as configured; otherwise what is wrong, for the sender's logs. */
export function signatureProblem(cfg: SignatureConfig, secret: string | null, req: SignedRequest, now = Date.now()): string | null {
  if (cfg.scheme === "none") return null;
  if (!secret) return "The source expects signed requests but has no signing secret yet";
  const hmac = () => createHmac("sha256", secret);
  if (cfg.scheme === "hmac_sha256") {
    const got = req.headers.get(cfg.header);
    if (!got) return `Missing the ${cfg.header} header`;
    const expected = cfg.prefix + hmac().update(req.body).digest(cfg.encoding);
    return same(got.trim(), expected) ? null : `The ${cfg.header} signature does not match`;
  }
  if (cfg.scheme === "stripe") {
    const header = req.headers.get("stripe-signature");
    if (!header) return "Missing the Stripe-Signature header";
    const parts = header.split(",").map((p) => p.trim().split("="));
    const t = parts.find(([k]) => k === "t")?.[1];
    const v1 = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
    if (!t || v1.length === 0) return "Stripe-Signature needs t= and v1=";
    if (Math.abs(now - Number(t) * 1000) > TOLERANCE_MS) return "The Stripe-Signature timestamp is more than 5 minutes off";
    const expected = hmac().update(`${t}.${req.body}`).digest("hex");
    return v1.some((v) => same(v, expected)) ? null : "The Stripe-Signature does not match";
  }
  const sig = req.headers.get("x-hubspot-signature-v3");
  const ts = req.headers.get("x-hubspot-request-timestamp");
  if (!sig || !ts) return "Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp";
  if (Math.abs(now - Number(ts)) > TOLERANCE_MS) return "The X-HubSpot-Request-Timestamp is more than 5 minutes off";
  const expected = hmac().update(`${req.method}${decodeURIComponent(req.url)}${req.body}${ts}`).digest("base64");
  return same(sig, expected) ? null : "The X-HubSpot-Signature-v3 does not match";
}
