import { createHash } from "node:crypto";
import { normalizeEmail } from "../identity/keys";

/** How a data subject is named in a request: one identifier the workspace knows them by. */
export const IDENTIFIER_KINDS = ["email", "user_id", "anonymous_id"] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** The identifier as stored in `identities`: emails lower-cased and trimmed, others trimmed. */
export function normalizeIdentifier(kind: string, value: string): string | null {
  if (kind === "email") return normalizeEmail(value);
  const v = value.trim();
  return v ? v : null;
}

/** The hash kept once the person is erased: SHA-256 of kind and normalized value. */
export function identifierHash(kind: string, value: string): string {
  return createHash("sha256").update(`${kind}\u0000${value}`).digest("hex");
}

/** What the request list shows of an identifier: enough to recognise it, not to read it (o•••@a•••.test, us•••42). */
export function maskIdentifier(kind: string, value: string): string {
  if (kind === "email") {
    const [local = "", domain = ""] = value.split("@");
    const dot = domain.lastIndexOf(".");
    return `${local.slice(0, 1)}•••@${domain.slice(0, 1)}•••${dot > 0 ? domain.slice(dot) : ""}`;
  }
  if (value.length <= 4) return "•".repeat(value.length);
  return `${value.slice(0, 2)}•••${value.slice(-2)}`;
}

/** Removes email addresses from text that will be kept (a destination's error message). */
export const scrubEmails = (text: string) => text.replace(/[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g, "[address]");
