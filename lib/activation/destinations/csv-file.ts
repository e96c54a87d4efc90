import { copyFile, mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { csvCell } from "../../csv";
import { required, type FieldSpec, type Provider, type SyncRecord } from "./types";

/**
 * CSV file drop: each run writes the whole audience (profile id and the mapped fields) to a folder,
 * as <prefix>-<UTC time>.csv written under a temporary name and renamed when complete, so a reader
 * never sees half a file; <prefix>-latest.csv is replaced the same way.
 */
const fields: FieldSpec[] = [
  { key: "folder", label: "Folder", required: true, placeholder: "/var/exports/northstar", help: "An absolute path on the machine that runs the workers." },
  { key: "prefix", label: "File name prefix", placeholder: "the segment's name" },
];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "audience";

export function csvRows(records: SyncRecord[], columns: string[]): string {
  return records.map((r) => [r.profileId, ...columns.map((c) => r.fields[c])].map(csvCell).join(",")).join("\n") + (records.length ? "\n" : "");
}

export const csvFile: Provider = {
  kind: "csv_file",
  label: "CSV file drop",
  category: "Files and databases",
  description: "Write the audience as a CSV file into a folder on a schedule, for tools that pick up files.",
  fields,
  defaultPurpose: null,
  maxBatch: 5000,
  requiresAny: [],
  defaultMapping: [
    { from: "traits.email", to: "email" },
    { from: "user_id", to: "user_id" },
    { from: "traits.first_name", to: "first_name" },
  ],
  validate(config, secrets) {
    const problems = required(config, secrets, fields);
    if (config.folder && !path.isAbsolute(config.folder)) problems.push("Folder must be an absolute path, like /var/exports/northstar.");
    return problems;
  },
  async test(ctx) {
    await mkdir(ctx.config.folder!, { recursive: true });
    const probe = path.join(ctx.config.folder!, `.northstar-test-${process.pid}`);
    const f = await open(probe, "w");
    await f.close();
    await rm(probe);
    return `The folder ${ctx.config.folder} is writable.`;
  },
  async snapshot(ctx) {
    const folder = ctx.config.folder!;
    await mkdir(folder, { recursive: true });
    const prefix = slug(ctx.config.prefix || ctx.segment.name);
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    const final = path.join(folder, `${prefix}-${stamp}.csv`);
    const temp = `${final}.partial`;
    let file: FileHandle | null = await open(temp, "w");
    const columns = ctx.fields;
    await file.write(["profile_id", ...columns].map(csvCell).join(",") + "\n");
    return {
      async write(records) {
        if (file && records.length > 0) await file.write(csvRows(records, columns));
      },
      async finish() {
        await file!.close();
        file = null;
        await rename(temp, final);
        const latest = path.join(folder, `${prefix}-latest.csv`);
        await copyFile(final, `${latest}.partial`);
        await rename(`${latest}.partial`, latest);
        return final;
      },
      async abort() {
        await file?.close().catch(() => undefined);
        await rm(temp, { force: true });
      },
    };
  },
};
