import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function walk(p: string, out: string[]) {
  if (!existsSync(p)) return;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name), out);
  } else if (!/\.(test|int\.test)\.tsx?$/.test(p)) out.push(p);
}

/** A digest of everything the production build depends on. */
export function sourceDigest(root: string): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const f of files) hash.update(path.relative(root, f)).update("\0").update(readFileSync(f)).update("\0");
  return hash.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "northstar-build-stamp");

/** True when `.next` holds a production build of exactly the current sources. */
export function buildIsFresh(root: string): boolean {
  const f = stampFile(root);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(f) && readFileSync(f, "utf8") === sourceDigest(root);
}

export function writeBuildStamp(root: string): void {
  writeFileSync(stampFile(root), sourceDigest(root));
}
