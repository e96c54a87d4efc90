import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../../db";
import { makeWorkspace } from "../../testing/fixtures";
import { createSource } from "../sources";
import { databaseConfigSchema, getDatabaseSource, runDatabaseSource, saveDatabaseSource } from "./sync";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));
const ACTOR = { type: "system" as const, label: "database source test" };

describe("database sources", () => {
  it("read only new and changed rows into traits by their cursor, list invalid rows, and report a connection failure", async () => {
    const { workspace } = await makeWorkspace();
    const ws = workspace.id;
    // "Another database": a schema of its own on the same server, read through a connection URL like any other.
    const schema = `crm_${Math.random().toString(36).slice(2, 8)}`;
    await pool().query(`CREATE SCHEMA ${schema}`);
    await pool().query(`CREATE TABLE ${schema}.customers (id serial PRIMARY KEY, email text, plan text, seats int, updated_at timestamptz NOT NULL)`);
    await pool().query(`INSERT INTO ${schema}.customers (email, plan, seats, updated_at) VALUES ('Ann@Example.com', 'pro', 5, '2026-11-01T10:00:00Z'), ('bob@example.com', 'basic', 1, '2026-11-02T10:00:00Z'), (NULL, 'pro', 2, '2026-11-03T10:00:00Z')`);
    const source = await createSource({ workspaceId: ws, actor: ACTOR, name: "CRM", kind: "database" });
    const config = databaseConfigSchema.parse({ query: `${schema}.customers`, kind: "identify", cursorColumn: "updated_at", emailColumn: "email" });
    await saveDatabaseSource({ workspaceId: ws, actor: ACTOR, sourceId: source.id, input: { config, connection: process.env.DATABASE_URL! } });

    expect(await runDatabaseSource(source.id)).toBe("partial");
    let view = await getDatabaseSource({ workspaceId: ws, sourceId: source.id });
    expect(view.runs[0]).toMatchObject({ status: "partial", rowsRead: 3, accepted: 2, errors: [{ row: 3, error: expect.stringMatching(/userId or an anonymousId/) }] });
    expect(view.connectionSet).toBe(true);
    const traitsOf = async (email: string) =>
      (await pool().query<{ traits: Record<string, unknown> }>("SELECT p.traits FROM profiles p JOIN identities i ON i.profile_id = p.id WHERE i.workspace_id = $1 AND i.kind = 'email' AND i.value = $2", [ws, email])).rows[0]?.traits;
    expect(await traitsOf("ann@example.com")).toMatchObject({ plan: "pro", seats: 5, email: "ann@example.com" });

    // Ann upgrades and Cy arrives: the next run reads those two rows only.
    await pool().query(`UPDATE ${schema}.customers SET plan = 'enterprise', updated_at = '2026-11-10T10:00:00Z' WHERE email = 'Ann@Example.com'`);
    await pool().query(`INSERT INTO ${schema}.customers (email, plan, seats, updated_at) VALUES ('cy@example.com', 'basic', 1, '2026-11-11T10:00:00Z')`);
    expect(await runDatabaseSource(source.id)).toBe("succeeded");
    view = await getDatabaseSource({ workspaceId: ws, sourceId: source.id });
    expect(view.runs[0]).toMatchObject({ status: "succeeded", rowsRead: 2, accepted: 2, cursorFrom: "2026-11-03T10:00:00.000Z", cursorTo: "2026-11-11T10:00:00.000Z" });
    expect((await traitsOf("ann@example.com"))!.plan).toBe("enterprise");
    expect(await runDatabaseSource(source.id)).toBe("succeeded");
    expect((await getDatabaseSource({ workspaceId: ws, sourceId: source.id })).runs[0]!.rowsRead).toBe(0);

    // Events from a query, by a numeric cursor.
    await pool().query(`CREATE TABLE ${schema}.orders (id bigint PRIMARY KEY, customer_email text, total numeric, placed_at timestamptz)`);
    await pool().query(`INSERT INTO ${schema}.orders VALUES (9, 'bob@example.com', 20.5, '2026-11-05T09:00:00Z'), (10, 'bob@example.com', 7, '2026-11-06T09:00:00Z')`);
    const orders = await createSource({ workspaceId: ws, actor: ACTOR, name: "Orders", kind: "database" });
    await saveDatabaseSource({
      workspaceId: ws,
      actor: ACTOR,
      sourceId: orders.id,
      input: { config: databaseConfigSchema.parse({ query: `SELECT id, customer_email, total::float8 AS total, placed_at FROM ${schema}.orders`, kind: "track", event: "Order Placed", cursorColumn: "id", emailColumn: "customer_email", timestampColumn: "placed_at" }), connection: process.env.DATABASE_URL! },
    });
    expect(await runDatabaseSource(orders.id)).toBe("succeeded");
    const { rows } = await pool().query<{ event: string; total: number }>("SELECT event, (properties ->> 'total')::float8 AS total FROM events WHERE workspace_id = $1 AND source_id = $2 ORDER BY ts", [ws, orders.id]);
    expect(rows).toEqual([{ event: "Order Placed", total: 20.5 }, { event: "Order Placed", total: 7 }]);

    // A database that cannot be reached: the run says why.
    await saveDatabaseSource({ workspaceId: ws, actor: ACTOR, sourceId: orders.id, input: { config: databaseConfigSchema.parse({ ...config, query: `${schema}.orders`, cursorColumn: "id", emailColumn: "customer_email" }), connection: "postgresql://nobody@127.0.0.1:1/none" } });
    expect(await runDatabaseSource(orders.id)).toBe("failed");
    expect((await getDatabaseSource({ workspaceId: ws, sourceId: orders.id })).runs[0]!.error).toMatch(/^The database answered: /);
    await pool().query(`DROP SCHEMA ${schema} CASCADE`);
  });
});
