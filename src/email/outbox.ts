import type { EmailStatus } from '../../common/api/email.js';
import type { Db } from '../db/index.js';
import { Conflict, NotFound } from '../errors.js';
import { wakeSender } from './queue.js';

export interface OutboxFilter {
  status?: EmailStatus;
  before?: number;
  limit: number;
}

const COLUMNS = [
  'id',
  'kind',
  'locale',
  'to_address',
  'to_name',
  'subject',
  'status',
  'attempts',
  'next_attempt_at',
  'last_response',
  'message_id',
  'created_at',
  'sent_at',
  'failed_at',
  'secret',
  'erased_at',
] as const;

/** The outbox, newest first, a page at a time (keyset on id). */
export async function listOutbox(db: Db, filter: OutboxFilter) {
  let query = db
    .selectFrom('email_outbox')
    .select(COLUMNS)
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  return { items, nextBefore: more ? items[items.length - 1]!.id : null };
}

export type OutboxRow = Awaited<ReturnType<typeof listOutbox>>['items'][number];

/** One mail with its bodies. */
export async function findOutboxMail(db: Db, id: number) {
  const row = await db
    .selectFrom('email_outbox')
    .select([...COLUMNS, 'html', 'text'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFound('E-mail');
  return row;
}

/**
 * Sends a failed or held mail again, with a fresh count of tries. A secret mail whose body was
 * erased cannot be: its link is gone (the cause sends a new one).
 */
export async function retryOutboxMail(db: Db, id: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('email_outbox')
      .select(['status', 'erased_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFound('E-mail');
    if (!['failed', 'held'].includes(row.status) || row.erased_at !== null)
      throw new Conflict(
        'Only a failed or held e-mail whose body is kept can be sent again.',
        'email_not_retryable',
      );
    await trx
      .updateTable('email_outbox')
      .set({ status: 'queued', attempts: 0, next_attempt_at: now, failed_at: null })
      .where('id', '=', id)
      .execute();
    await wakeSender(trx);
  });
}
