import { afterAll, describe, expect, it } from "vitest";
import { closePool, pool } from "./pool";

afterAll(async () => closePool());

describe("the shared pool", () => {
  it("survives the server closing an idle connection, and the next query gets a new one", async () => {
    const { rows } = await pool().query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const killed = rows[0]!.pid;
    // Another session ends the pooled (now idle) connection, as a server restart would.
    const other = new (await import("pg")).default.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    await other.query("SELECT pg_terminate_backend($1)", [killed]);
    await other.end();
    await new Promise((r) => setTimeout(r, 200));
    const again = await pool().query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    expect(again.rows[0]!.pid).not.toBe(killed);
  });
});
