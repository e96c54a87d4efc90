import { pool } from "../db/pool";
import { AppError } from "../errors";

/** Refuses (404) a source that is not this workspace's: the tenancy check of every per-source operation. */
export async function assertSourceInWorkspace(workspaceId: string, sourceId: string): Promise<void> {
  const { rowCount } = await pool().query("SELECT 1 FROM sources WHERE id = $1 AND workspace_id = $2", [sourceId, workspaceId]);
  if (!rowCount) throw new AppError("not_found", "That source does not exist in this workspace.");
}
