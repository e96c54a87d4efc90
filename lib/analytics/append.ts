import type pg from "pg";
import { appendBreakdownDeltas } from "./breakdown-rollups";
import { appendEventPeople } from "./people";
import { appendRollupDeltas } from "./rollups";

type Message = { event?: string | null; ts: Date; properties?: Record<string, unknown> | null };

/** Ingestion, in the transaction that stores a batch: everything analytics counts from it. */
export async function appendAnalytics(client: Pick<pg.PoolClient, "query">, workspaceId: string, messages: Message[], profileIds: (number | string)[]): Promise<void> {
  await appendRollupDeltas(client, workspaceId, messages);
  await appendBreakdownDeltas(client, workspaceId, messages);
  await appendEventPeople(client, workspaceId, messages, profileIds);
}
