import { createHash } from "node:crypto";
import { normalizeEmail as normalizeIdentityEmail } from "../identity";

/** Identifier normalisation and hashing the ad and email platforms document. */
export const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
export const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

/** Trimmed and lower-cased, as Meta, Google and Mailchimp match on; null when it is no email. */
export const normalizeEmail = normalizeIdentityEmail;

/** Google's Customer Match rule: also drop the dots of the local part of gmail.com / googlemail.com addresses. */
export function normalizeEmailForGoogle(value: unknown): string | null {
  const e = normalizeEmail(value);
  if (!e) return null;
  const [local, domain] = e.split("@") as [string, string];
  return domain === "gmail.com" || domain === "googlemail.com" ? `${local.replace(/\./g, "")}@${domain}` : e;
}

/**
 * E.164 digits with the country code: "+1 (650) 253-1234" → "16502531234". A number written with a
 * leading 00 keeps its country code; a national number (leading 0) gets the default country code.
 * Null when fewer than 8 digits remain.
 */
export function phoneDigits(value: unknown, defaultCountryCode = "1"): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const raw = String(value).trim();
  let digits = raw.replace(/\D/g, "");
  if (raw.startsWith("+")) {
    // already international
  } else if (digits.startsWith("00")) digits = digits.slice(2);
  else if (digits.startsWith("0")) digits = defaultCountryCode + digits.replace(/^0+/, "");
  else if (digits.length === 10 && defaultCountryCode === "1") digits = `1${digits}`;
  digits = digits.replace(/^0+/, "");
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

/** Meta: digits only, with country code, no leading zeros or plus. */
export const normalizePhoneForMeta = (value: unknown, cc?: string) => phoneDigits(value, cc);
/** Google: E.164 with the plus sign. */
export function normalizePhoneForGoogle(value: unknown, cc?: string): string | null {
  const d = phoneDigits(value, cc);
  return d ? `+${d}` : null;
}

/** Mailchimp's subscriber hash: MD5 of the lower-cased email. */
export const subscriberHash = (email: string) => md5(email.toLowerCase());
