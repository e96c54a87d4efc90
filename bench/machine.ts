import os from "node:os";
import pg from "pg";

/** What the figures were measured on. */
export async function machineInfo(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: rows[0]?.v ?? "unknown",
      platform: `${os.platform()} ${os.release()}`,
    };
  } finally {
    await client.end();
  }
}
