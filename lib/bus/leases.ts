import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import { assignedPartitions } from "./partition";

const REFRESH_MS = 1_000;

/**
 * Which partitions of a group this process works on (NATS consumer partitions, segment lanes). Members are rows in `bus_members` naming their
 * own PostgreSQL session; a member whose session is gone (the process died) is dropped by the
 * next refresh of any other, and its partitions are taken over. A partition is read only under
 * a session advisory lock held on this member's connection, so even while members disagree about
 * who has what (one joining, one leaving) no partition has two readers.
 */
export class Leases {
  readonly member = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  readonly owned = new Set<number>();
  private client: pg.Client | null = null;
  private refreshedAt = 0;
  private inflight: Promise<number[]> | null = null;

  constructor(
    readonly group: string,
    readonly partitions: number,
    private readonly databaseUrl = process.env.DATABASE_URL,
  ) {}

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `northstar ${this.group}`.slice(0, 63) });
    // A lost connection has lost its locks too: forget them and join again on the next refresh.
    client.on("error", (e) => {
      console.error(`[leases] connection of ${this.group} lost: ${e.message}`);
      this.drop();
    });
    await client.connect();
    await client.query(
      `INSERT INTO bus_members (group_name, member, backend_pid, backend_start)
       SELECT $1, $2, pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      [this.group, this.member],
    );
    this.client = client;
    return client;
  }

  private drop() {
    this.owned.clear();
    const c = this.client;
    this.client = null;
    this.refreshedAt = 0;
    void c?.end().catch(() => undefined);
  }

  /**
   * Takes and lets go of partitions to match the live members (at most once a second unless
   * forced; callers at the same moment share one refresh); returns the partitions newly taken.
   */
  refresh(force = false): Promise<number[]> {
    if (this.inflight) return this.inflight;
    if (!force && Date.now() - this.refreshedAt < REFRESH_MS && this.client) return Promise.resolve([]);
    this.inflight = this.rebalance().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async rebalance(): Promise<number[]> {
    try {
      const client = await this.connect();
      this.refreshedAt = Date.now();
      // Members whose session ended are removed by whoever looks first, in every group (a group nobody
      // joins any more, after SEGMENT_LANES changed, is emptied too); another role's sessions show no
      // start time: the pid decides.
      const { rows } = await client.query<{ member: string }>(
        `WITH gone AS (
           DELETE FROM bus_members m
            WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = m.backend_pid AND (a.backend_start IS NULL OR a.backend_start = m.backend_start))
           RETURNING group_name, member)
         SELECT member FROM bus_members WHERE group_name = $1 AND (group_name, member) NOT IN (SELECT group_name, member FROM gone)`,
        [this.group],
      );
      const want = new Set(assignedPartitions(this.member, rows.map((r) => r.member), this.partitions));
      for (const p of [...this.owned]) {
        if (want.has(p)) continue;
        await client.query("SELECT pg_advisory_unlock(hashtext($1), $2)", [this.group, p]);
        this.owned.delete(p);
      }
      const gained: number[] = [];
      for (const p of want) {
        if (this.owned.has(p)) continue;
        const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1), $2) AS ok", [this.group, p]);
        if (r.rows[0]?.ok) {
          this.owned.add(p);
          gained.push(p);
        }
      }
      return gained;
    } catch (e) {
      this.drop();
      throw e;
    }
  }

  /** Leaves the group: the session's locks go with it, the others take the partitions on their next refresh. */
  async close(): Promise<void> {
    const c = this.client;
    if (!c) return;
    await c.query("DELETE FROM bus_members WHERE group_name = $1 AND member = $2", [this.group, this.member]).catch(() => undefined);
    this.client = null;
    this.owned.clear();
    await c.end().catch(() => undefined);
  }
}
