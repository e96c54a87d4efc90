/**
 * `npm run import -- --file customers.csv --kind profiles|events --workspace "Demo Store"`
 * Imports a CSV into a workspace of the app's database through the ingest pipeline, guessing the
 * column mapping from the header (`--mapping mapping.json` to give it). Rejected rows go to
 * `<file>-rejected-rows.csv` with the reason for each.
 */
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import pg from "pg";
import { argString, parseArgs } from "../bench/args";
import { Progress } from "../bench/progress";
import { closePool } from "../lib/db";
import { guessMapping, importMappingSchema, rejectionReport, runImport } from "../lib/imports";
import { openAppDatabase } from "./app-db";

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const file = argString(args, "file");
  if (!file) throw new Error("--file is missing: the CSV to import");
  const kind = (argString(args, "kind") ?? "profiles") as "profiles" | "events";
  const workspaceArg = argString(args, "workspace") ?? "Demo Store";
  const text = readFileSync(file, "utf8");
  // The header and a sample of rows decide the guessed mapping (identifiers, consent, value types).
  const sample = parseCsv(text.split(/\r?\n/).slice(0, 51).join("\n"), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const headers = sample[0] ? Object.keys(sample[0]) : [];
  const mappingFile = argString(args, "mapping");
  const mapping = importMappingSchema.parse(mappingFile ? JSON.parse(readFileSync(mappingFile, "utf8")) : guessMapping(headers, kind, sample));
  const lines = text.split("\n").filter(Boolean).length - 1;

  const db = await openAppDatabase();
  process.env.DATABASE_URL = db.url;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const ws = await client.query<{ id: string; name: string }>("SELECT id, name FROM workspaces WHERE id = $1 OR name = $1 OR slug = $1 ORDER BY created_at LIMIT 1", [workspaceArg]);
    if (!ws.rows[0]) throw new Error(`No workspace named "${workspaceArg}": give --workspace a workspace name, slug or id`);
    console.log(`Importing ${lines.toLocaleString()} rows of ${path.basename(file)} as ${kind} into "${ws.rows[0].name}" (${db.where})`);
    const progress = new Progress("import", lines, "rows");
    const outcome = await runImport({
      workspaceId: ws.rows[0].id,
      importId: `cli-${randomBytes(6).toString("hex")}`,
      input: createReadStream(file),
      mapping,
      onProgress: (p) => progress.update(p.rows),
    });
    progress.done();
    if (outcome.rejected) {
      const report = file.replace(/\.csv$/i, "") + "-rejected-rows.csv";
      writeFileSync(report, rejectionReport(outcome.headers, outcome.rejectedRows));
      console.log(`${outcome.rejected} rows rejected: see ${report}`);
    }
    console.log(JSON.stringify({ rows: outcome.rows, imported: outcome.imported, duplicates: outcome.duplicates, rejected: outcome.rejected, seconds: outcome.ms / 1000, rowsPerSecond: Math.round(outcome.rows / (outcome.ms / 1000)) }));
  } finally {
    await client.end();
    await closePool();
    await db.close();
  }
}

main().catch((e) => {
  console.error(`✗ ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
