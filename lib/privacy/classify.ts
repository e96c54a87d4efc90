/** How personal a trait or property is: PII (identifies a person), sensitive (special categories), or normal. */
export const PII_CLASSES = ["pii", "sensitive", "normal"] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

/** The patterns as text, for SQL (the console's masking views use the same rules). */
export const PII_PATTERN = "(^|[_.])(e?mail|phone|mobile|first_?name|last_?name|full_?name|fname|lname|name|address|street|zip|postal|postcode|ip|birth|dob|ssn)([_.]|$)";
export const SENSITIVE_PATTERN = "(^|[_.])(ssn|passport|national_id|health|medical|religion|ethnicity|sexual|political|password|card_number|iban)([_.]|$)";
const PII = new RegExp(PII_PATTERN, "i");
const SENSITIVE = new RegExp(SENSITIVE_PATTERN, "i");
/** A field's PII class from its name: email, phone, names, addresses are PII; health, ids and the like are sensitive. */
export function detectPii(field: string): PiiClass {
  if (SENSITIVE.test(field)) return "sensitive";
  if (PII.test(field)) return "pii";
  return "normal";
}


/** What a masked value shows instead of the personal data. */
export const MASK = "••••••";
