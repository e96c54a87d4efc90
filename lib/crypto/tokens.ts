import { createHash, randomBytes } from "node:crypto";

/** A URL-safe random secret with the given prefix, e.g. `inv_…` or `nsk_…`. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}_${randomBytes(bytes).toString("base64url")}`;
}

/** Secrets are stored as SHA-256 digests: high-entropy tokens need no slow hash, only irreversibility. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
