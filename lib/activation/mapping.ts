import type { Mapping } from "./schema";

/**
 * Mapped payloads computed in SQL, so a sync's diff (payload hash against what the destination
 * accepted) runs in the database and only changed records reach Node. `p` is the profile row.
 */
export function payloadSql(mapping: Mapping, params: unknown[]): string {
  const add = (v: unknown) => `$${params.push(v)}`;
  const identity = (kind: string) => `(SELECT to_jsonb(min(i.value)) FROM identities i WHERE i.profile_id = p.id AND i.kind = '${kind}')`;
  const parts = mapping.map(({ from, to }) => {
    let expr: string;
    if (from === "profile_id") expr = "to_jsonb(p.id::text)";
    else if (from === "user_id") expr = identity("user_id");
    else if (from === "anonymous_id") expr = identity("anonymous_id");
    else if (from === "email_identity") expr = identity("email");
    else expr = `(p.traits #> ${add(from.slice("traits.".length).split("."))}::text[])`;
    return `${add(to)}::text, ${expr}`;
  });
  // jsonb_build_object takes at most 100 arguments: 50 fields at most (the schema's limit).
  return `jsonb_strip_nulls(jsonb_build_object(${parts.join(", ")}))`;
}

/** Consent as the segment engine reads it: granted for the purpose, or no purpose needed. */
export function consentSql(purpose: string | null, params: unknown[]): string {
  if (!purpose) return "true";
  return `coalesce(lower(p.consent -> $${params.push(purpose)} ->> 'granted') = 'true', false)`;
}

/** At least one of the fields a destination matches on is present and not empty. */
export function identifierSql(requiresAny: string[], payload: string, params: unknown[]): string {
  if (requiresAny.length === 0) return "true";
  return `EXISTS (SELECT 1 FROM jsonb_each_text(${payload}) f WHERE f.key = ANY($${params.push(requiresAny)}::text[]) AND btrim(f.value) <> '')`;
}
