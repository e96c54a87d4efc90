import type { Msg } from "@nats-io/transport-node";
import { nats, pullNow, settle, unacknowledged, type NatsOptions, type StreamKind } from "./client";
import { Leases } from "../leases";

/** Partitions read side by side within one process (each partition itself strictly one batch after another). */
const PARALLEL = 4;

/**
 * One durable consumer of a partitioned stream, read by any number of processes: each reads the
 * partitions it holds (see Leases), a batch at a time per partition, and acknowledges a batch only
 * after its handler has finished (at least once: handlers must be idempotent). A batch whose
 * handler fails is handed back at once, ahead of anything newer. A partition taken over from a
 * process that died holding messages is left alone until their acknowledgement wait has run out,
 * so they are redelivered before anything newer: one profile's messages stay in order.
 */
export class PartitionedReader {
  readonly leases: Leases;
  private holdUntil = new Map<number, number>();

  constructor(
    readonly options: NatsOptions,
    readonly kind: StreamKind,
    readonly durable: string,
    databaseUrl?: string,
  ) {
    this.leases = new Leases(`${options.prefix}:${kind}:${durable}`, options.partitions, databaseUrl);
  }

  /** Reads what waits in the held partitions once; returns how many messages were handled (a batch whose handler failed is logged and handed back). */
  async read(limit: number, handle: (msgs: Msg[], partition: number) => Promise<void>): Promise<number> {
    for (const p of await this.leases.refresh()) {
      if ((await unacknowledged(this.options, this.kind, this.durable, p)) > 0) this.holdUntil.set(p, Date.now() + this.options.ackWaitMs + 250);
    }
    const ready = [...this.leases.owned].filter((p) => (this.holdUntil.get(p) ?? 0) <= Date.now());
    let handled = 0;
    const work = async (p: number) => {
      const msgs = await pullNow(this.options, this.kind, this.durable, p, limit);
      if (msgs.length === 0) return;
      const { nc } = await nats(this.options.url);
      try {
        await handle(msgs, p);
      } catch (e) {
        console.error(`[bus] ${this.kind}/${this.durable} partition ${p}: ${(e as Error).message}; ${msgs.length} messages handed back for another try`);
        await settle(nc, msgs, "nak");
        return;
      }
      await settle(nc, msgs, "ack");
      handled += msgs.length;
    };
    for (let i = 0; i < ready.length; i += PARALLEL) await Promise.all(ready.slice(i, i + PARALLEL).map(work));
    return handled;
  }

  /** Milliseconds until a held-back partition may be read again (null when none is held back). */
  nextHoldEndsIn(): number | null {
    const ends = [...this.holdUntil.values()].filter((t) => t > Date.now());
    return ends.length ? Math.min(...ends) - Date.now() : null;
  }

  close(): Promise<void> {
    return this.leases.close();
  }
}
