import { spawn } from "node:child_process";
import path from "node:path";
import { buildIsFresh, writeBuildStamp } from "./build-stamp";

const root = path.resolve(__dirname, "..");
export const NEXT_BIN = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** Builds the production app when the build is missing or stale; resolves with whether it built. */
export function buildIfStale(env: NodeJS.ProcessEnv, output: "inherit" | "ignore" = "inherit"): Promise<boolean> {
  if (buildIsFresh(root)) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build"], { cwd: root, env: { ...env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", output, "inherit"] });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`next build exited with code ${code}`));
      writeBuildStamp(root);
      resolve(true);
    });
  });
}

/** Waits until `url` answers 2xx; gives up after `timeoutMs`, or at once when `stopped()` turns true. */
export async function waitForHttp(url: string, timeoutMs: number, stopped: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopped()) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
