import type { Actor } from "../audit";
import { pool } from "../db/pool";
import { saveDestinationSchema, saveSyncSchema } from "./schema";
import { createDestination } from "./store";
import { createSync } from "./syncs";

/**
 * The demo workspace's starter activation: a CSV file drop (the one destination that works with no
 * outside service) fed daily with "High-value customers" who allow marketing email.
 */
export async function createStarterSyncs(opts: { workspaceId: string; actor: Actor; exportsDir: string }): Promise<number> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM segments WHERE workspace_id = $1 AND name = 'High-value customers'", [opts.workspaceId]);
  if (!rows[0]) return 0;
  const destination = await createDestination({
    workspaceId: opts.workspaceId,
    actor: opts.actor,
    input: saveDestinationSchema.parse({ kind: "csv_file", name: "Daily CSV drop", config: { folder: opts.exportsDir, prefix: "high-value-customers" }, purpose: "marketing_email" }),
  });
  await createSync({
    workspaceId: opts.workspaceId,
    actor: opts.actor,
    input: saveSyncSchema.parse({
      segmentId: rows[0].id,
      destinationId: destination.id,
      mode: "mirror",
      trigger: "schedule",
      everyMinutes: 1440,
      mapping: [
        { from: "traits.email", to: "email" },
        { from: "traits.first_name", to: "first_name" },
        { from: "traits.plan", to: "plan" },
        { from: "user_id", to: "user_id" },
      ],
    }),
  });
  return 1;
}
