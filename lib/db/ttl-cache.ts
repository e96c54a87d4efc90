/**
 * A small in-process cache whose entries live `ttlMs`: for settings the ingest hot path reads on
 * every request. Other processes see a change within `ttlMs`; this one at once after `delete`.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: now, value });
    return value;
  }

  /** The live entry, without loading one. */
  peek(key: string, now = Date.now()): T | undefined {
    const hit = this.entries.get(key);
    return hit && now - hit.at < this.ttlMs ? hit.value : undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
