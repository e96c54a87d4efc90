/** How personal a trait or property is: PII (identifies a person), sensitive (special categories), or normal. */
export const PII_CLASSES = ["pii", "sensitive", "normal"] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

/**
 * The patterns as text, for SQL (the console's masking views use the same rules). A trait called
 * `name` is a person's name; an event property called `name` (a product's, a page's) is not.
 */
const PII_WORDS = "e?mail|phone|mobile|first_?name|last_?name|full_?name|fname|lname|address|street|zip|postal|postcode|ip|birth|dob|ssn";
export const PII_PATTERN = `(^|[_.])(${PII_WORDS}|name)([_.]|$)`;
export const PROPERTY_PII_PATTERN = `(^|[_.])(${PII_WORDS})([_.]|$)`;
/** Names that start like personal data but describe a product or a setting: phone_service, email_opt_in, address_verified. */
export const ATTRIBUTE_PATTERN = `(^|[_.])(${PII_WORDS})[_.](service|plan|model|type|brand|os|count|verified|opt_?in|opt_?out|status|provider|carrier|domain|bounced|opens|clicks)$`;
export const SENSITIVE_PATTERN = "(^|[_.])(ssn|passport|national_id|health|medical|religion|ethnicity|sexual|political|password|card_number|iban)([_.]|$)";
const PII = new RegExp(PII_PATTERN, "i");
const PROPERTY_PII = new RegExp(PROPERTY_PII_PATTERN, "i");
const SENSITIVE = new RegExp(SENSITIVE_PATTERN, "i");
const ATTRIBUTE = new RegExp(ATTRIBUTE_PATTERN, "i");
export type FieldKind = "trait" | "property";

/** A field's PII class from its name: email, phone, names, addresses are PII; health, ids and the like are sensitive. */
export function detectPii(field: string, kind: FieldKind = "trait"): PiiClass {
  if (SENSITIVE.test(field)) return "sensitive";
  if ((kind === "trait" ? PII : PROPERTY_PII).test(field) && !ATTRIBUTE.test(field)) return "pii";
  return "normal";
}


/** What a masked value shows instead of the personal data. */
export const MASK = "••••••";
