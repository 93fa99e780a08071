import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/harness/smtp.js';
import type { EmailKind } from './index.js';
import { queueEmail } from './index.js';
import { trimOutbox } from './retention.js';
import { type Backoff, sendDueEmails } from './sender.js';
import { emailTasks } from './tasks.js';
import { createDelivery, type Delivery } from './transport.js';

const testDb = setupTestDatabase();

interface Vars {
  name: string;
  note: string;
}

const greeting: EmailKind<Vars> = {
  key: 'test_greeting',
  sample: { name: 'Ana', note: 'n' },
  defaults: {
    en: { subject: 'Olá, {{ name }} — ação', html: '<p>Hello {{ name }}</p><p>{{ note }}</p>' },
    'pt-BR': { subject: 'Olá, {{ name }}', html: '<p>Olá {{ name }}</p><p>{{ note }}</p>' },
  },
};

// Tries are due again at once: the back-off is tested by its numbers, not by waiting.
const NO_WAIT: Backoff = { baseMs: 0, maxMs: 0 };

let smtp: TestSmtpServer;
let delivery: Delivery;

beforeAll(async () => {
  smtp = await startSmtpServer();
  delivery = createDelivery(smtp.url, { address: 'noreply@parley.test', name: 'Parley Ajuda' })!;
});
afterAll(async () => {
  delivery.transport.close();
  await smtp.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.setMode({ kind: 'accept' });
  await testDb.db.deleteFrom('email_outbox').execute();
});

async function queue(vars: Partial<Vars> = {}, extra: { secret?: boolean; to?: string } = {}) {
  return testDb.db.transaction().execute((trx) =>
    queueEmail(
      trx,
      {
        kind: greeting,
        locale: 'en',
        to: { address: extra.to ?? 'joao@example.org', name: 'João Ninguém' },
        variables: { name: 'João', note: 'ok', ...vars },
        secret: extra.secret,
      },
      new Date(),
    ),
  );
}

async function row(id: number) {
  return testDb.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('e-mail delivery over SMTP', () => {
  it('sends headers, both parts, non-ASCII names and subject, escaped variables', async () => {
    const { id } = await queue({ note: '<script>alert(1)</script>' });
    const result = await sendDueEmails(testDb.db, { delivery });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('Olá, João — ação');
    expect(parsed.from?.value[0]).toEqual({ address: 'noreply@parley.test', name: 'Parley Ajuda' });
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : null).toEqual({
      address: 'joao@example.org',
      name: 'João Ninguém',
    });
    expect(mail!.envelope.to).toEqual(['joao@example.org']);
    expect(parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).toContain('Parley');
    expect(parsed.text).toContain('Hello João');
    expect(parsed.text).toContain('<script>alert(1)</script>');
    const sent = await row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, message_id: parsed.messageId });
    expect(sent.last_response).toMatch(/^250 /);
    expect(sent.sent_at).toBeInstanceOf(Date);
  });

  it('tries again after a 4xx answer, then sends', async () => {
    smtp.setMode({ kind: 'tempfail', times: 2 });
    const { id } = await queue();
    let waited = await sendDueEmails(testDb.db, { delivery, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    expect(waited).toMatchObject({ sent: 0, retrying: 1 });
    const later = await row(id);
    expect(later).toMatchObject({ status: 'queued', attempts: 1 });
    expect(later.last_response).toMatch(/^451 /);
    // Not due yet: nothing happens.
    expect(await sendDueEmails(testDb.db, { delivery })).toMatchObject({ sent: 0, retrying: 0 });
    const future = () => new Date(Date.now() + 120_000);
    waited = await sendDueEmails(testDb.db, { delivery, now: future, backoff: NO_WAIT });
    expect(waited).toMatchObject({ sent: 1, retrying: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.received).toHaveLength(1);
  });

  it('fails at once on a 5xx answer, keeping it', async () => {
    smtp.setMode({ kind: 'reject', code: 550, message: 'No such user here' });
    const { id } = await queue();
    expect(await sendDueEmails(testDb.db, { delivery, backoff: NO_WAIT })).toMatchObject({ failed: 1 });
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_response).toContain('550 No such user here');
    expect(failed.failed_at).toBeInstanceOf(Date);
  });

  it('gives up after the last try of 4xx answers', async () => {
    smtp.setMode({ kind: 'tempfail', times: 100 });
    const { id } = await queue();
    const result = await sendDueEmails(testDb.db, { delivery, backoff: NO_WAIT, maxAttempts: 3 });
    expect(result).toMatchObject({ retrying: 2, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('tries again when the server cannot be reached', async () => {
    const nowhere = createDelivery('smtp://127.0.0.1:1', { address: 'a@parley.test', name: '' })!;
    const { id } = await queue();
    expect(await sendDueEmails(testDb.db, { delivery: nowhere })).toMatchObject({ retrying: 1 });
    const later = await row(id);
    expect(later).toMatchObject({ status: 'queued', attempts: 1 });
    expect(later.last_response).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(later.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
    nowhere.transport.close();
  });

  it('is sent by the email_send job that queueEmail adds in the same transaction', async () => {
    await testDb.db
      .transaction()
      .execute(async (trx) => {
        await queueEmail(
          trx,
          {
            kind: greeting,
            locale: 'en',
            to: { address: 'x@example.org' },
            variables: { name: 'X', note: '' },
          },
          new Date(),
        );
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const { id } = await queue();
    const email = {
      smtpUrl: smtp.url,
      from: { address: 'noreply@parley.test', name: '' },
      retentionDays: 30,
    };
    const silent = new Logger(() => () => undefined);
    await runOnce({
      pgPool: testDb.pool,
      taskList: emailTasks(testDb.db, email),
      noHandleSignals: true,
      logger: silent,
    });
    expect(await row(id)).toMatchObject({ status: 'sent' });
    expect(smtp.received.map((mail) => mail.envelope.to[0])).toEqual(['joao@example.org']);
    expect(await testDb.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(1);
  });

  it('takes again a mail whose sender died while sending it, once its lease ran out', async () => {
    const { id } = await queue();
    await testDb.db
      .updateTable('email_outbox')
      .set({ status: 'sending', attempts: 1, next_attempt_at: new Date(Date.now() + 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await sendDueEmails(testDb.db, { delivery })).toMatchObject({ sent: 0 });
    const later = () => new Date(Date.now() + 61_000);
    expect(await sendDueEmails(testDb.db, { delivery, now: later })).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('holds mail when no SMTP server is configured', async () => {
    const { id } = await queue();
    expect(await sendDueEmails(testDb.db, { delivery: null })).toMatchObject({ held: 1 });
    expect(await row(id)).toMatchObject({ status: 'held', attempts: 0 });
    expect(await sendDueEmails(testDb.db, { delivery })).toMatchObject({ sent: 0 });
  });

  it('never sends one mail twice with two senders at once', async () => {
    for (let i = 0; i < 30; i++) await queue({ note: String(i) }, { to: `t${i}@example.org` });
    const second = createDelivery(smtp.url, { address: 'noreply@parley.test', name: '' })!;
    const results = await Promise.all([
      sendDueEmails(testDb.db, { delivery, batch: 3 }),
      sendDueEmails(testDb.db, { delivery: second, batch: 3 }),
    ]);
    second.transport.close();
    expect(results[0]!.sent + results[1]!.sent).toBe(30);
    const received = await smtp.waitFor(30);
    const recipients = received.map((mail) => mail.envelope.to[0]);
    expect(new Set(recipients).size).toBe(30);
    expect(received).toHaveLength(30);
  });

  it('erases secret bodies once sent, and old mail after the retention', async () => {
    const { id } = await queue({}, { secret: true });
    const kept = await queue();
    await sendDueEmails(testDb.db, { delivery });
    expect(await row(id)).toMatchObject({ status: 'sent', html: '', text: '' });
    expect((await row(id)).erased_at).toBeInstanceOf(Date);
    expect((await row(kept.id)).html).toContain('Hello');
    const trimmed = await trimOutbox(testDb.db, new Date(Date.now() + 31 * 86_400_000), 30);
    expect(trimmed.deleted).toBe(2);
  });

  it('erases the body of a held secret mail after 72 hours', async () => {
    const { id } = await queue({}, { secret: true });
    await sendDueEmails(testDb.db, { delivery: null });
    expect(await trimOutbox(testDb.db, new Date(), 30)).toEqual({ erased: 0, deleted: 0 });
    expect(await trimOutbox(testDb.db, new Date(Date.now() + 73 * 3_600_000), 30)).toEqual({
      erased: 1,
      deleted: 0,
    });
    expect(await row(id)).toMatchObject({ status: 'held', html: '', text: '' });
  });
});
