import { randomBytes } from "node:crypto";
import type pg from "pg";
import { slugify } from "../workspaces/slug";

type Queryable = Pick<pg.Client, "query">;

/**
 * Finds or creates a workspace for generated data by name. A new one gets the install's first
 * Owner (if any) as its Owner, so it shows up in the app.
 */
export async function ensureDataWorkspace(db: Queryable, name: string): Promise<{ id: string; created: boolean; ownerEmail: string | null }> {
  const found = await db.query<{ id: string }>("SELECT id FROM workspaces WHERE name = $1 ORDER BY created_at LIMIT 1", [name]);
  const owner = await db.query<{ user_id: string; email: string }>(
    "SELECT m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.role = 'owner' ORDER BY m.created_at LIMIT 1",
  );
  if (found.rows[0]) return { id: found.rows[0].id, created: false, ownerEmail: owner.rows[0]?.email ?? null };
  const id = `ws_${randomBytes(10).toString("hex")}`;
  await db.query("INSERT INTO workspaces (id, name, slug, updated_at) VALUES ($1, $2, $3, now())", [id, name, `${slugify(name)}-${randomBytes(3).toString("hex")}`]);
  if (owner.rows[0]) {
    await db.query("INSERT INTO memberships (id, workspace_id, user_id, role) VALUES ($1, $2, $3, 'owner')", [`mb_${randomBytes(10).toString("hex")}`, id, owner.rows[0].user_id]);
    await db.query(
      "INSERT INTO audit_logs (workspace_id, actor_type, actor_label, action, target_type, target_id, summary) VALUES ($1, 'system', 'data generator', 'workspace.created', 'workspace', $1, $2)",
      [id, JSON.stringify({ name })],
    );
  }
  return { id, created: true, ownerEmail: owner.rows[0]?.email ?? null };
}

/** Removes a workspace's profiles, identities and events (before generating into it again). */
export async function clearWorkspaceData(db: Queryable, workspaceId: string): Promise<void> {
  await db.query("DELETE FROM events WHERE workspace_id = $1", [workspaceId]);
  await db.query("DELETE FROM event_people WHERE workspace_id = $1", [workspaceId]);
  await db.query("DELETE FROM identities WHERE workspace_id = $1", [workspaceId]);
  await db.query("DELETE FROM profiles WHERE workspace_id = $1", [workspaceId]);
}

export async function workspaceHasData(db: Queryable, workspaceId: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM profiles WHERE workspace_id = $1 LIMIT 1", [workspaceId]);
  return rows.length > 0;
}
