import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closePool, pool } from "../db";
import { Leases } from "./leases";

afterAll(() => closePool());

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe("Leases", () => {
  it("splits partitions between live members, never one partition to two, and hands a dead member's over", async () => {
    const group = `test:${randomBytes(4).toString("hex")}`;
    const a = new Leases(group, 4);
    const b = new Leases(group, 4);
    await a.refresh(true);
    expect(sorted(a.owned)).toEqual([0, 1, 2, 3]);
    // B joins: it can take nothing A still holds until A has let go on its own refresh.
    await b.refresh(true);
    const early = sorted(b.owned);
    for (const p of early) expect(a.owned.has(p)).toBe(false);
    await a.refresh(true);
    await b.refresh(true);
    expect(a.owned.size).toBe(2);
    expect(b.owned.size).toBe(2);
    expect(sorted(new Set([...a.owned, ...b.owned]))).toEqual([0, 1, 2, 3]);

    // B's process dies: its session ends, and A's next refresh takes every partition.
    const { rows } = await pool().query<{ backend_pid: number }>("SELECT backend_pid FROM bus_members WHERE group_name = $1 AND member = $2", [group, b.member]);
    await pool().query("SELECT pg_terminate_backend($1)", [rows[0]!.backend_pid]);
    await new Promise((r) => setTimeout(r, 200));
    await a.refresh(true);
    expect(sorted(a.owned)).toEqual([0, 1, 2, 3]);
    const members = await pool().query("SELECT member FROM bus_members WHERE group_name = $1", [group]);
    expect(members.rows.map((r) => r.member)).toEqual([a.member]);

    // Leaving cleanly removes the member at once.
    await a.close();
    expect((await pool().query("SELECT 1 FROM bus_members WHERE group_name = $1", [group])).rowCount).toBe(0);
    await b.close();
  });
});
