import { pool } from "../db/pool";
import { ingestMessages, parseMessage } from "../ingest";
import { createSegment, definitionSchema, processQueue, rebuildNextSegment } from "../segments";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { claimRun } from "./queue";
import { executeRun } from "./run";

/** Integration-test helpers: a workspace of people, a "pro plan" segment built from them, runs executed in-process. */
export const ACTOR = { type: "system" as const, label: "activation test" };

export type Person = { userId: string; email?: string; phone?: string; plan: string; consent?: Record<string, boolean>; first_name?: string };

export async function identify(workspaceId: string, people: Person[]): Promise<void> {
  const messages = people.map((p) =>
    parseMessage(
      {
        type: "identify",
        messageId: uniq("m"),
        userId: p.userId,
        traits: { email: p.email, phone: p.phone, plan: p.plan, first_name: p.first_name ?? p.userId },
        ...(p.consent ? { context: { consent: { categoryPreferences: p.consent } } } : {}),
      },
      { receivedAt: new Date() },
    ),
  );
  await ingestMessages({ workspaceId, sourceId: null, messages });
  await processQueue({ workspaceId });
}

export async function proSegmentWorkspace(people: Person[]) {
  const { workspace } = await makeWorkspace();
  await identify(workspace.id, people);
  const segment = await createSegment({
    workspaceId: workspace.id,
    actor: ACTOR,
    name: "Pro customers",
    description: "",
    definition: definitionSchema.parse({ type: "group", op: "and", conditions: [{ type: "trait", trait: "plan", valueType: "string", op: "eq", value: "pro" }] }),
  });
  while (await rebuildNextSegment({ workspaceId: workspace.id })) {
    // build it
  }
  return { workspaceId: workspace.id, segmentId: segment.id };
}

/** Claims and runs every queued run of the workspace, one after another. */
export async function runQueued(workspaceId: string): Promise<number> {
  let n = 0;
  for (;;) {
    const run = await claimRun({ workspaceId });
    if (!run) return n;
    await executeRun(run);
    n++;
  }
}

export async function lastRun(syncId: string) {
  const { rows } = await pool().query("SELECT * FROM sync_runs WHERE sync_id = $1 ORDER BY id DESC LIMIT 1", [syncId]);
  return rows[0] as { status: string; kind: string; total: number; added: number; updated: number; removed: number; failed: number; skipped_consent: number; skipped_identifier: number; error: string | null; detail: Record<string, unknown> };
}

export async function profileIdOf(workspaceId: string, userId: string): Promise<string> {
  const { rows } = await pool().query<{ profile_id: string }>("SELECT profile_id::text FROM identities WHERE workspace_id = $1 AND kind = 'user_id' AND value = $2", [workspaceId, userId]);
  return rows[0]!.profile_id;
}
