import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Raw PostgreSQL COPY speed on this machine, as a reference for machine-dependent figures: the
 * same rows into an unindexed, unpartitioned copy of `events` on the same server.
 */
export async function rawCopyRowsPerSecond(databaseUrl: string, lines: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("DROP TABLE IF EXISTS bench_copy_reference");
    await client.query("CREATE TABLE bench_copy_reference (LIKE events INCLUDING DEFAULTS)");
    await client.query("SET synchronous_commit = off");
    const started = process.hrtime.bigint();
    const stream = client.query(
      copyFrom("COPY bench_copy_reference (workspace_id, source_id, message_id, type, event, profile_id, anonymous_id, user_id, ts, original_timestamp, sent_at, received_at, properties, traits, context) FROM STDIN"),
    );
    for (let i = 0; i < lines.length; i += 5000) {
      if (!stream.write(lines.slice(i, i + 5000).join(""))) await once(stream, "drain");
    }
    const finished = once(stream, "finish");
    stream.end();
    await finished;
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query("DROP TABLE bench_copy_reference");
    return Math.round(lines.length / secs);
  } finally {
    await client.end();
  }
}

/** Median and percentiles of a list of numbers. */
export function percentiles(values: number[]): { p50: number; p95: number; p99: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), min: s[0] ?? 0, max: s[s.length - 1] ?? 0 };
}
