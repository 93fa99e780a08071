import type { Delivered, InboundEvent, RuntimeDeps } from './runtime.js';
import { receiveAll, threadIdOf, threadKeyOf } from './runtime.js';
import type { ThreadKey } from './turn-store.js';

interface Waiting {
  readonly event: InboundEvent;
  readonly key: ThreadKey;
  /** bot, channel and user: one person's events run one at a time, in arrival order. */
  readonly thread: string;
  readonly resolve: (delivered: Delivered) => void;
  readonly reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Events in one transaction at most. */
  readonly maxBatch?: number;
  /** Transactions at once (each holds a pooled connection). */
  readonly concurrency?: number;
}

/**
 * Group commit for chatbot turns: events that arrive while transactions are running wait and go
 * together in the next one (runtime.ts `receiveAll`: one BEGIN with every user's lock, one read,
 * one write, one COMMIT), so the round trips per event fall as the load rises; a lone event goes
 * at once. A person's next event never joins a transaction while one of theirs is running, and
 * waits in arrival order. One batcher per process.
 */
export class TurnBatcher {
  private readonly queue: Waiting[] = [];
  private readonly running = new Set<string>();
  private transactions = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly deps: RuntimeDeps,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.concurrency = options.concurrency ?? 4;
  }

  submit(event: InboundEvent): Promise<Delivered> {
    return new Promise((resolve, reject) => {
      const key = threadKeyOf(this.deps, event);
      this.queue.push({ event, key, thread: threadIdOf(key), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.transactions < this.concurrency) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.transactions++;
      for (const item of batch) this.running.add(item.thread);
      void this.run(batch).finally(() => {
        this.transactions--;
        for (const item of batch) this.running.delete(item.thread);
        this.pump();
      });
    }
  }

  /** The first waiting event of each person not already in a transaction, in arrival order. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch; ) {
      const item = this.queue[i] as Waiting;
      if (this.running.has(item.thread) || taken.has(item.thread)) {
        // A later event of this person must wait behind the earlier one.
        taken.add(item.thread);
        i++;
        continue;
      }
      taken.add(item.thread);
      batch.push(item);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await receiveAll(
        this.deps,
        batch.map((item) => item.event),
        batch.map((item) => item.key),
      );
      outcomes.forEach((outcome, index) => {
        const item = batch[index] as Waiting;
        if (outcome.status === 'fulfilled') item.resolve(outcome.value);
        else item.reject(outcome.reason);
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
