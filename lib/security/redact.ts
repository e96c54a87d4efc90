/**
 * Keeps secrets out of logs: API keys and write keys, bearer tokens, passwords in connection URLs,
 * webhook signing secrets, and `password` / `secret` / `token` fields, replaced before a line is
 * written. Installed once per process (the web app's instrumentation and the worker entry).
 */
const PATTERNS: [RegExp, string][] = [
  [/("?(?:password|passwd|secret|token|api_?key|apiKey|signingSecret|authorization)"?\s*[:=]\s*)(?:(?:Bearer|Basic)\s+)?("[^"]*"|'[^']*'|[^\s,}]+)/gi, "$1[redacted]"],
  [/\b(nsk|wk|whsec|sk_live|sk_test|rk_live)_[A-Za-z0-9_-]{8,}/g, "$1_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, "$1[redacted]@"],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}

function redactArg(a: unknown): unknown {
  if (typeof a === "string") return redact(a);
  if (a instanceof Error) {
    const e = new Error(redact(a.message));
    e.name = a.name;
    e.stack = a.stack ? redact(a.stack) : undefined;
    return e;
  }
  return a;
}

let installed = false;

/** Wraps console.log / info / warn / error so that every string and error message is redacted. */
export function installLogRedaction(): void {
  if (installed) return;
  installed = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => original(...args.map(redactArg));
  }
}
