import pg from "pg";
import { db } from "../db";
import { hashPassword } from "../auth/password";
import { createWorkspace } from "../workspaces/create";
import { DEFAULT_DAYS, SIZES } from "./sizes";
import { loadIntoDatabase } from "./sinks/database";
import { workspaceHasData } from "./workspace";
import { createStarterSyncs } from "../activation/starter";
import { createStarterDashboard } from "../analytics/starter";
import { createStarterModels, createStarterOffers } from "../ml/models/starter";
import { createStarterJourneys } from "../journeys/starter";
import { createStarterSegments } from "../segments/starter";

export const DEMO_OWNER_EMAIL = "owner@demo.northstar.local";
export const DEMO_WORKSPACE_NAME = "Demo Store";
export const DEMO_SEED = 42;

export type SeedResult = { created: boolean; email: string; workspaceId: string; events: number };

async function ensureDemoOwnerAndWorkspace(password: string): Promise<{ created: boolean; workspaceId: string }> {
  const existing = await db().user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, include: { memberships: { orderBy: { createdAt: "asc" } } } });
  if (existing?.memberships[0]) return { created: false, workspaceId: existing.memberships[0].workspaceId };
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7428191)`;
    const again = await tx.user.findUnique({ where: { email: DEMO_OWNER_EMAIL }, include: { memberships: { orderBy: { createdAt: "asc" } } } });
    if (again?.memberships[0]) return { created: false, workspaceId: again.memberships[0].workspaceId };
    const user = again ?? (await tx.user.create({ data: { email: DEMO_OWNER_EMAIL, name: "Demo Owner", passwordHash } }));
    const ws = await createWorkspace({ userId: user.id, name: DEMO_WORKSPACE_NAME, actor: { type: "system", label: "demo seed" } }, tx);
    return { created: true, workspaceId: ws.id };
  });
}

/**
 * Seeds the demo workspace once: its Owner, and the generator's tiny data set (about 2,000 people
 * and 100,000 events over the last 90 days, ending now). A second run finds both and changes nothing.
 */
export async function seedDemoWorkspace(opts: { password: string; connectionString: string; now?: Date; exportsDir?: string }): Promise<SeedResult> {
  const { created, workspaceId } = await ensureDemoOwnerAndWorkspace(opts.password);
  const client = new pg.Client({ connectionString: opts.connectionString });
  await client.connect();
  try {
    // One seeder at a time; whoever comes second finds the data there.
    await client.query("SELECT pg_advisory_lock(7428192)");
    if (await workspaceHasData(client, workspaceId)) return { created, email: DEMO_OWNER_EMAIL, workspaceId, events: 0 };
    const now = opts.now ?? new Date();
    const endMs = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    const r = await loadIntoDatabase({ connectionString: opts.connectionString, workspaceId, gen: { seed: DEMO_SEED, ...SIZES.tiny, endMs, days: DEFAULT_DAYS }, consentHistory: true });
    // Built from this history by the segments worker as soon as it runs.
    await createStarterSegments({ workspaceId, actor: { type: "system", label: "demo seed" } });
    await createStarterDashboard({ workspaceId, actor: { type: "system", label: "demo seed" } });
    await createStarterJourneys({ workspaceId, actor: { type: "system", label: "demo seed" } });
    await createStarterModels({ workspaceId, actor: { type: "system", label: "demo seed" } });
    await createStarterOffers({ workspaceId, actor: { type: "system", label: "demo seed" } });
    if (opts.exportsDir) await createStarterSyncs({ workspaceId, actor: { type: "system", label: "demo seed" }, exportsDir: opts.exportsDir });
    return { created: true, email: DEMO_OWNER_EMAIL, workspaceId, events: r.events };
  } finally {
    await client.query("SELECT pg_advisory_unlock(7428192)").catch(() => undefined);
    await client.end();
  }
}
