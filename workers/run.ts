/**
 * Runs worker roles: `npm run worker -- maintenance [other roles…]`; with no role, all of them.
 * Any number of processes may run the same role: pg-boss shares the jobs among them.
 */
import { getConfig, ConfigError } from "../lib/config";
import { closeNats, closeReaders } from "../lib/bus";
import { closePool, disconnectDb } from "../lib/db";
import { createBoss } from "../lib/jobs";
import { installLogRedaction } from "../lib/security/redact";
import { defaultRoles, ROLES } from "./registry";

export async function runWorkers(names: string[]): Promise<void> {
  installLogRedaction();
  const unknown = names.filter((n) => !ROLES[n]);
  if (unknown.length) throw new Error(`Unknown worker role ${unknown.join(", ")}; choose from: ${Object.keys(ROLES).join(", ")}`);
  const roles = (names.length ? names : defaultRoles()).map((n) => ROLES[n]!);
  const config = getConfig();
  const boss = createBoss(config.DATABASE_URL);
  await boss.start();
  for (const role of roles) await role.start(boss);
  console.log(`[workers] running: ${roles.map((r) => r.name).join(", ")}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const role of roles) await role.stop?.();
    await boss.stop({ graceful: true, timeout: 10_000 });
    await closeReaders();
    await closeNats();
    await Promise.all([disconnectDb(), closePool()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

if (require.main === module) {
  runWorkers(process.argv.slice(2)).catch((e) => {
    console.error(`[workers] ${e instanceof ConfigError || e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
