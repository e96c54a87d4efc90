/** PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes. */
const SPECIAL = /[\\\t\n\r]/;

export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (!SPECIAL.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export function copyJson(value: unknown): string {
  return value === undefined || value === null ? "\\N" : copyText(JSON.stringify(value));
}

export function copyTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "\\N" : new Date(ms).toISOString();
}
