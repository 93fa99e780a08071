import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { Delivery } from './transport.js';

/** Tries before a mail that only ever got "try later" answers is given up (failed). */
export const MAX_ATTEMPTS = 8;

export interface Backoff {
  /** The wait after the first failed try; doubled after each further one. */
  baseMs: number;
  maxMs: number;
}

/** 1, 2, 4… 64 minutes: eight tries span about two hours. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 60_000, maxMs: 6 * 3_600_000 };

export interface SendOptions {
  /** null: no SMTP server configured, queued mail is held. */
  delivery: Delivery | null;
  now?: () => Date;
  backoff?: Backoff;
  maxAttempts?: number;
  /** How long a claimed row is ours; a process that died sending it leaves it to be taken again. */
  leaseMs?: number;
  /** Rows claimed at once. */
  batch?: number;
  signal?: AbortSignal;
}

export interface SendResult {
  sent: number;
  retrying: number;
  failed: number;
  held: number;
}

interface Claimed {
  id: number;
  attempts: number;
  to_address: string;
  to_name: string;
  subject: string;
  html: string;
  text: string;
}

interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What the SMTP server (or the network) answered to one try. */
interface Outcome {
  ok: boolean;
  /** A 5xx answer: the server refuses the mail for good. */
  permanent: boolean;
  response: string;
  messageId: string | null;
}

/** The wait before try `attempts + 1`: exponential, capped, ±25% so retries do not arrive together. */
export function backoffMs(attempts: number, backoff: Backoff, random = Math.random()): number {
  const exact = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exact * (0.75 + random * 0.5));
}

/**
 * Takes due rows for this process: marks them `sending` with a lease and counts the try. SKIP
 * LOCKED lets senders in other processes take other rows; the lease keeps them off these.
 */
async function claim(db: Db, now: Date, leaseMs: number, batch: number): Promise<Claimed[]> {
  const result = await sql<Claimed>`
    update email_outbox o
       set status = 'sending', attempts = o.attempts + 1,
           next_attempt_at = ${new Date(now.getTime() + leaseMs)}
     where o.id in (select id from email_outbox
                     where status in ('queued', 'sending') and next_attempt_at <= ${now}
                     order by next_attempt_at, id
                     limit ${batch}
                     for update skip locked)
    returning o.id, o.attempts, o.to_address, o.to_name, o.subject, o.html, o.text`.execute(db);
  return result.rows;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'parley.invalid';
}

function asOutcome(error: unknown): Outcome {
  const failure = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof failure.responseCode === 'number' ? failure.responseCode : null;
  const answer = typeof failure.response === 'string' ? failure.response : null;
  const response =
    answer ??
    [failure.code, failure.message]
      .filter((part) => typeof part === 'string')
      .join(': ')
      .slice(0, 1000);
  return { ok: false, permanent: code !== null && code >= 500 && code < 600, response, messageId: null };
}

/** The files of the claimed mails, by mail (most have none). */
async function attachmentsOf(db: Db, rows: readonly Claimed[]): Promise<Map<number, Attachment[]>> {
  const files = await db
    .selectFrom('email_attachments')
    .select(['outbox_id', 'filename', 'content_type', 'content'])
    .where(
      'outbox_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('id')
    .execute();
  const byMail = new Map<number, Attachment[]>();
  for (const file of files) {
    const list = byMail.get(file.outbox_id) ?? [];
    list.push({ filename: file.filename, contentType: file.content_type, content: file.content });
    byMail.set(file.outbox_id, list);
  }
  return byMail;
}

async function sendOne(delivery: Delivery, row: Claimed, attachments: Attachment[] = []): Promise<Outcome> {
  const messageId = `<${row.id}.${randomBytes(8).toString('hex')}@${domainOf(delivery.from.address)}>`;
  try {
    const info = await delivery.transport.sendMail({
      from: delivery.from.name
        ? { name: delivery.from.name, address: delivery.from.address }
        : delivery.from.address,
      to: row.to_name ? { name: row.to_name, address: row.to_address } : row.to_address,
      subject: row.subject,
      html: row.html,
      text: row.text,
      messageId,
      attachments,
    });
    return {
      ok: true,
      permanent: false,
      response: String(info.response ?? ''),
      messageId: info.messageId ?? messageId,
    };
  } catch (error) {
    return asOutcome(error);
  }
}

type Status = 'sent' | 'retrying' | 'failed';

/** Records one try; only while the row is still ours (same try, still `sending`). */
async function record(
  db: Db,
  row: Claimed,
  outcome: Outcome,
  options: Required<Pick<SendOptions, 'backoff' | 'maxAttempts'>> & { now: Date },
): Promise<Status> {
  const status: Status = outcome.ok
    ? 'sent'
    : outcome.permanent || row.attempts >= options.maxAttempts
      ? 'failed'
      : 'retrying';
  const base = db
    .updateTable('email_outbox')
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts);
  // A one-time link is no one's to read once its mail is done with.
  const erase = {
    html: sql<string>`case when secret then '' else html end`,
    text: sql<string>`case when secret then '' else text end`,
    erased_at: sql<Date | null>`case when secret then ${options.now}::timestamptz else erased_at end`,
  };
  if (status === 'sent') {
    const updated = await base
      .set({
        status: 'sent',
        sent_at: options.now,
        message_id: outcome.messageId,
        last_response: outcome.response,
        ...erase,
      })
      .executeTakeFirst();
    // The recipient has the files; held and failed mail keep theirs to be sent again.
    if (Number(updated.numUpdatedRows) > 0)
      await db.deleteFrom('email_attachments').where('outbox_id', '=', row.id).execute();
  } else if (status === 'failed')
    await base
      .set({ status: 'failed', failed_at: options.now, last_response: outcome.response, ...erase })
      .execute();
  else
    await base
      .set({
        status: 'queued',
        last_response: outcome.response,
        next_attempt_at: new Date(options.now.getTime() + backoffMs(row.attempts, options.backoff)),
      })
      .execute();
  return status;
}

/** Without an SMTP server, queued mail is held: shown on the Mail page, never sent. */
async function holdQueued(db: Db): Promise<number> {
  const held = await db
    .updateTable('email_outbox')
    .set({ status: 'held' })
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(held.numUpdatedRows);
}

/**
 * Sends every due mail of the outbox, a batch at a time, until none is due (or `signal` aborts).
 * A 5xx answer fails the mail at once; a 4xx or a network error tries it again later with
 * back-off, up to `maxAttempts` tries.
 */
export async function sendDueEmails(db: Db, options: SendOptions): Promise<SendResult> {
  const result: SendResult = { sent: 0, retrying: 0, failed: 0, held: 0 };
  if (options.delivery === null) {
    result.held = await holdQueued(db);
    return result;
  }
  const now = options.now ?? (() => new Date());
  const settings = {
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
  };
  for (;;) {
    if (options.signal?.aborted) break;
    const rows = await claim(db, now(), options.leaseMs ?? 300_000, options.batch ?? 10);
    if (rows.length === 0) break;
    const files = await attachmentsOf(db, rows);
    for (const row of rows) {
      const outcome = await sendOne(options.delivery, row, files.get(row.id));
      const status = await record(db, row, outcome, { ...settings, now: now() });
      result[status === 'retrying' ? 'retrying' : status] += 1;
    }
  }
  return result;
}
