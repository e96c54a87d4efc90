import { createHash } from "node:crypto";
import type pg from "pg";

/** Most statements one connection keeps prepared through `reusable`; beyond it, statements are planned each time. */
export const MAX_PREPARED_PER_CONNECTION = 200;

const prepared = new WeakMap<object, Set<string>>();

/**
 * A query the connection keeps prepared under a name derived from its text, so that repeating it
 * skips planning: for big generated statements (a live segment pass plans for milliseconds each
 * time) whose text repeats while only the parameters change. Each connection keeps at most
 * MAX_PREPARED_PER_CONNECTION of them (each holds a plan in the server's memory); past that, the
 * same query is sent unnamed and planned as usual. Run such statements under
 * `SET LOCAL plan_cache_mode = force_generic_plan` to plan them once, not five times.
 */
export function reusable(client: object, text: string, values: unknown[]): pg.QueryConfig {
  const name = `ns_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  let names = prepared.get(client);
  if (!names) prepared.set(client, (names = new Set()));
  if (!names.has(name)) {
    if (names.size >= MAX_PREPARED_PER_CONNECTION) return { text, values };
    names.add(name);
  }
  return { name, text, values };
}
