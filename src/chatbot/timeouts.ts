import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { type ConversationState, resume } from './engine/index.js';
import { type RevisionCache, revisionCache } from './revisions.js';
import { storeTurn } from './turn-store.js';

export interface SweepOptions {
  readonly now: Date;
  /** Conversations per transaction. */
  readonly batchSize?: number;
  /** Upper bound of transactions per sweep. */
  readonly maxBatches?: number;
  readonly revisions?: RevisionCache;
  readonly onError?: (conversationId: number, error: unknown) => void;
}

/**
 * Times out every conversation whose deadline has passed (docs/chatbot.md, "Timeouts"): takes due rows in
 * deadline order from the partial index of active conversations, `FOR UPDATE SKIP LOCKED` (a row
 * being answered right now, or taken by another sweeper, is skipped), resumes each with
 * `{kind: 'timeout'}` — the engine queues the timeout message, appends QUESTIONNAIRE_TIMEOUT and
 * ends it — and commits per batch. Returns how many conversations were timed out.
 *
 * A conversation that fails is logged, loses its deadline and is left alone (its savepoint is
 * rolled back), so one broken state never blocks the sweep.
 */
export async function sweepTimeouts(db: Db, options: SweepOptions): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 50;
  const revisions = options.revisions ?? revisionCache;
  const now = options.now;
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const taken = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('bot_conversations')
        .selectAll()
        .where('ended_at', 'is', null)
        .where('deadline', '<=', now)
        .orderBy('deadline')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        await sql`savepoint bot_timeout`.execute(trx);
        try {
          const { bundle } = await revisions.load(trx, row.revision_id);
          const result = resume(
            bundle.bot,
            bundle.questionnaires,
            row.state as ConversationState,
            { kind: 'timeout' },
            now.getTime(),
          );
          const key = { botId: row.bot_id, channel: row.channel, userKey: row.user_key };
          await storeTurn(trx, key, { row, revisionId: row.revision_id, result });
          if (result.ended.length === 0)
            throw new Error('the engine did not end a conversation past its deadline');
          await sql`release savepoint bot_timeout`.execute(trx);
          total++;
        } catch (error) {
          await sql`rollback to savepoint bot_timeout`.execute(trx);
          await trx
            .updateTable('bot_conversations')
            .set({ deadline: null })
            .where('id', '=', row.id)
            .execute();
          options.onError?.(row.id, error);
        }
      }
      return rows.length;
    });
    if (taken < batchSize) break;
  }
  return total;
}

export interface SweepLoopOptions {
  /** Stop after this long (the cron job starts a new loop every minute). */
  readonly durationMs: number;
  /** Pause between sweeps. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  readonly log?: { info(message: string): void; error(message: string): void };
}

/**
 * The sweep as a loop: graphile-worker's cron starts `chatbot_timeouts` every minute (one job per
 * minute for the whole cluster), and the job sweeps every `intervalMs` for about a minute, so a
 * deadline is honoured within a few seconds without a job per message. Several loops at once
 * (a slow job overlapping the next, several workers) are safe: SKIP LOCKED keeps them apart.
 */
export async function sweepTimeoutsFor(db: Db, options: SweepLoopOptions): Promise<number> {
  const clock = options.clock ?? (() => new Date());
  const until = Date.now() + options.durationMs;
  let total = 0;
  while (!options.signal?.aborted) {
    const count = await sweepTimeouts(db, {
      now: clock(),
      onError: (id, error) =>
        options.log?.error(
          `conversation ${id} could not be timed out: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    if (count > 0) options.log?.info(`timed out ${count} chatbot conversation(s)`);
    total += count;
    const wait = Math.min(options.intervalMs ?? 2000, until - Date.now());
    if (wait <= 0) break;
    try {
      await sleep(wait, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      break;
    }
  }
  return total;
}
