/**
 * `npm run generate -- --size large --seed 42 [--out db|ndjson|http]`
 *   db (default): COPY straight into the app's database, into the workspace `--workspace`
 *     (default "Generated <size> (seed <seed>)"); `--replace` clears it first.
 *   ndjson: events.ndjson + profiles.ndjson into `--dir` (default .data/generated/<size>-<seed>).
 *   http: Segment /v1/batch requests to `--url` with `--write-key`.
 * Same seed, size, `--end` (default 2026-11-01) and `--days` (default 90) give identical data.
 */
import path from "node:path";
import pg from "pg";
import { clearWorkspaceData, DEFAULT_DAYS, DEFAULT_END, ensureDataWorkspace, isSizeName, loadIntoDatabase, sendSegmentBatches, SIZES, SIZE_NAMES, workspaceHasData, writeNdjson, type GenOptions } from "../lib/demo";
import { openAppDatabase } from "../scripts/app-db";
import { argString, parseArgs } from "./args";
import { fmt, Progress } from "./progress";

export function genOptionsFromArgs(args: ReturnType<typeof parseArgs>): { size: string; gen: GenOptions } {
  const size = argString(args, "size") ?? "tiny";
  if (!isSizeName(size)) throw new Error(`--size must be one of ${SIZE_NAMES.join(", ")} (got "${size}")`);
  const seed = Number(argString(args, "seed") ?? 42);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number ≥ 0 (got "${argString(args, "seed")}")`);
  const endArg = argString(args, "end");
  const endMs = endArg ? Date.parse(endArg) : DEFAULT_END;
  if (Number.isNaN(endMs)) throw new Error(`--end must be a date like 2026-11-01 (got "${endArg}")`);
  const days = Number(argString(args, "days") ?? DEFAULT_DAYS);
  if (!(days >= 1 && days <= 3650)) throw new Error(`--days must be between 1 and 3650`);
  return { size, gen: { seed, ...SIZES[size], endMs, days } };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { size, gen } = genOptionsFromArgs(args);
  const out = argString(args, "out") ?? "db";
  console.log(`Generating ${size}: ${fmt(gen.profiles)} profiles, about ${fmt(gen.events)} events over ${gen.days} days to ${new Date(gen.endMs).toISOString().slice(0, 10)}, seed ${gen.seed}`);
  const started = Date.now();
  const progress = new Progress(out, gen.events, "events");

  if (out === "ndjson") {
    const dir = path.resolve(argString(args, "dir") ?? path.join(".data", "generated", `${size}-${gen.seed}`));
    const r = await writeNdjson({ dir, gen, onProgress: (n) => progress.update(n) });
    progress.done();
    report(started, { profiles: r.profiles, events: r.events, mb: Math.round(r.bytes / 1e6), files: r.files });
    return;
  }
  if (out === "http") {
    const url = argString(args, "url");
    const writeKey = argString(args, "write-key");
    if (!url || !writeKey) throw new Error("--out http needs --url (e.g. http://localhost:3000/v1/batch) and --write-key");
    const r = await sendSegmentBatches({ url, writeKey, gen, concurrency: Number(argString(args, "concurrency") ?? 4), onProgress: (n) => progress.update(n) });
    progress.done();
    report(started, r);
    if (r.failed > 0) process.exitCode = 1;
    return;
  }
  if (out !== "db") throw new Error(`--out must be db, ndjson or http (got "${out}")`);

  const db = await openAppDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const name = argString(args, "workspace") ?? `Generated ${size} (seed ${gen.seed})`;
    const ws = await ensureDataWorkspace(client, name);
    if (!ws.created && (await workspaceHasData(client, ws.id))) {
      if (!args.replace) throw new Error(`Workspace "${name}" already has data. Add --replace to clear it first, or choose another --workspace.`);
      console.log(`Clearing the data of "${name}"…`);
      await clearWorkspaceData(client, ws.id);
    }
    console.log(`Loading into workspace "${name}" in ${db.where}${ws.ownerEmail ? ` (Owner: ${ws.ownerEmail})` : ""}`);
    const r = await loadIntoDatabase({ connectionString: db.url, workspaceId: ws.id, gen, onProgress: (p) => progress.update(p.events, `· ${fmt(p.profiles)} profiles`) });
    progress.done();
    report(started, { profiles: r.profiles, identities: r.identities, events: r.events, rowsPerSecond: Math.round((r.profiles + r.identities + r.events) / (r.ms / 1000)) });
  } finally {
    await client.end();
    await db.close();
  }
}

function report(started: number, figures: Record<string, unknown>) {
  const secs = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ ...figures, seconds: Math.round(secs * 10) / 10 }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`\n✗ ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
