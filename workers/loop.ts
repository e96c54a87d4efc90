import type { WorkerRole } from "./role";
import { Wakeup } from "./wakeup";

/**
 * A worker role that repeats one pass of work: again at once while the pass finds work, otherwise
 * asleep until a NOTIFY on its channels or the idle time it names (a next timer, at most a few
 * seconds). An error is logged and retried a second later. Stopping lets the pass in flight finish.
 */
export function loopRole(opts: {
  name: string;
  channels: string[];
  pass: () => Promise<boolean>;
  idleMs: () => Promise<number> | number;
  /** Other ways to be woken (a NATS subject): called at start with the poke, returns how to stop. */
  wakeOn?: (poke: () => void) => Promise<() => Promise<void>>;
  /** Called once the loop has stopped. */
  close?: () => Promise<void>;
}): WorkerRole {
  const wakeup = new Wakeup(opts.name, opts.channels);
  let running = true;
  let done: Promise<void> = Promise.resolve();
  let unsubscribe: (() => Promise<void>) | null = null;
  return {
    name: opts.name,
    async start() {
      await wakeup.listen();
      unsubscribe = opts.wakeOn ? await opts.wakeOn(() => wakeup.poke()) : null;
      const loop = async () => {
        while (running) {
          try {
            wakeup.reset();
            if (await opts.pass()) continue;
            await wakeup.sleep(Math.max(0, await opts.idleMs()));
          } catch (e) {
            console.error(`[${opts.name}] ${(e as Error).message}`);
            await wakeup.sleep(1000);
          }
        }
      };
      done = loop();
    },
    async stop() {
      running = false;
      wakeup.poke();
      await done;
      await unsubscribe?.();
      await wakeup.close();
      await opts.close?.();
    },
  };
}
