import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type LocalSecrets = { NEXTAUTH_SECRET: string; ENCRYPTION_KEY: string; EMBEDDED_PG_PASSWORD: string; DEMO_OWNER_PASSWORD: string };

/**
 * Secrets generated into `<dataDir>/secrets.json` on first start when not given in the environment.
 * Kept with the data: losing ENCRYPTION_KEY makes stored credentials unreadable, so back them up together.
 */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secrets.json");
  const existing: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: LocalSecrets = {
    NEXTAUTH_SECRET: existing.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: existing.ENCRYPTION_KEY ?? randomBytes(32).toString("hex"),
    EMBEDDED_PG_PASSWORD: existing.EMBEDDED_PG_PASSWORD ?? randomBytes(18).toString("base64url"),
    DEMO_OWNER_PASSWORD: existing.DEMO_OWNER_PASSWORD ?? randomBytes(9).toString("base64url"),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) {
    writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  }
  return secrets;
}
