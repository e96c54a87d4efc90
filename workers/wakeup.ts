import pg from "pg";

/**
 * How a worker loop waits: until a timeout, a NOTIFY on one of its channels, or a poke from inside
 * the process. A notification that arrives while the loop is busy is kept, so the next wait returns
 * at once. The listening connection reconnects by itself; meanwhile the loop polls on its timeout.
 */
export class Wakeup {
  private wake: (() => void) | null = null;
  private notified = false;
  private client: pg.Client | null = null;
  private closed = false;

  constructor(private readonly name: string, private readonly channels: string[]) {}

  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on("notification", () => this.poke());
    client.on("error", (e) => {
      console.error(`[${this.name}] listener: ${e.message}; polling until it reconnects`);
      this.client = null;
      setTimeout(() => !this.closed && void this.listen().catch(() => undefined), 2_000);
    });
    await client.connect();
    for (const c of this.channels) await client.query(`LISTEN ${c}`);
    this.client = client;
  }

  poke(): void {
    if (this.wake) this.wake();
    else this.notified = true;
  }

  /** Forgets notifications so far: call before doing the work they asked for. */
  reset(): void {
    this.notified = false;
  }

  sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.client?.end().catch(() => undefined);
  }
}
