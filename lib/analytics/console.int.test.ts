import { afterAll, describe, expect, it } from "vitest";
import { closePool, disconnectDb, pool } from "../db";
import { ingestMessages, parseMessage } from "../ingest";
import { makeWorkspace, uniq } from "../testing/fixtures";
import { runConsoleQuery } from "./console";

afterAll(async () => Promise.all([closePool(), disconnectDb()]));

async function withEvents(n: number) {
  const { workspace } = await makeWorkspace();
  const messages = Array.from({ length: n }, (_, i) => parseMessage({ type: "track", userId: `u${i}`, event: "Order Completed", properties: { revenue: 10 * (i + 1) }, messageId: uniq("m") }, { receivedAt: new Date() }));
  await ingestMessages({ workspaceId: workspace.id, sourceId: null, messages });
  return workspace.id;
}

describe("SQL console", () => {
  it("reads its own workspace's data through the console views, as columns and rows", async () => {
    const mine = await withEvents(3);
    await withEvents(5);
    const r = await runConsoleQuery({ workspaceId: mine, sql: "SELECT event, count(*) AS orders, sum((properties->>'revenue')::numeric) AS revenue FROM events GROUP BY 1;" });
    expect(r.columns).toEqual([{ name: "event", type: "text" }, { name: "orders", type: "number" }, { name: "revenue", type: "number" }]);
    expect(r.rows).toEqual([["Order Completed", "3", "60"]]);
    const profiles = await runConsoleQuery({ workspaceId: mine, sql: "SELECT count(*) FROM profiles" });
    expect(profiles.rows).toEqual([["3"]]);
  });

  it("cannot read the tables themselves, another workspace, or write anything", async () => {
    const mine = await withEvents(1);
    const theirs = await withEvents(2);
    await expect(runConsoleQuery({ workspaceId: mine, sql: "SELECT count(*) FROM public.events" })).rejects.toThrow(/permission denied/);
    await expect(runConsoleQuery({ workspaceId: mine, sql: "SELECT * FROM public.workspaces" })).rejects.toThrow(/permission denied/);
    // The workspace the views show is not something the query can change…
    await expect(runConsoleQuery({ workspaceId: mine, sql: `SELECT count(*) FROM events WHERE (SELECT count(*) FROM (SELECT 1) x WHERE false) = 0 AND EXISTS (SELECT 1 FROM public.console_sessions)` })).rejects.toThrow(/permission denied/);
    const sneaky = await runConsoleQuery({ workspaceId: mine, sql: `SELECT count(*) FROM events WHERE set_config('ns.workspace_id', '${theirs}', true) IS NOT NULL` });
    expect(sneaky.rows).toEqual([["1"]]);
    // …and nothing that is not a single SELECT runs.
    await expect(runConsoleQuery({ workspaceId: mine, sql: "DELETE FROM events" })).rejects.toThrow(/Only one SELECT/);
    await expect(runConsoleQuery({ workspaceId: mine, sql: "SELECT 1; RESET ROLE; SELECT count(*) FROM public.events" })).rejects.toThrow(/Only one SELECT/);
    await expect(runConsoleQuery({ workspaceId: mine, sql: "SELECT 1) x; INSERT INTO public.workspaces (id) VALUES ('x'); SELECT (1" })).rejects.toThrow();
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM events WHERE workspace_id = $1", [mine]);
    expect(rows[0].n).toBe(1);
  });

  it("stops a query at the statement timeout with a message, and caps the rows", async () => {
    const mine = await withEvents(1);
    const big = await runConsoleQuery({ workspaceId: mine, sql: "SELECT g FROM generate_series(1, 5000) g" });
    expect(big.rows).toHaveLength(1000);
    expect(big.truncated).toBe(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(runConsoleQuery({ workspaceId: mine, sql: "SELECT pg_sleep(30)", signal: controller.signal })).rejects.toThrow();
  });
});
