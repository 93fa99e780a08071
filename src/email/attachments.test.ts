import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/harness/smtp.js';
import { type EmailKind, queueEmail } from './index.js';
import { retryOutboxMail } from './outbox.js';
import { sendDueEmails } from './sender.js';
import { createDelivery, type Delivery } from './transport.js';

/** Files sent with a mail: stored with it, sent over SMTP, kept for "send again", gone once sent. */
const testDb = setupTestDatabase();

const note: EmailKind<{ name: string }> = {
  key: 'test_note',
  sample: { name: 'Ana' },
  defaults: {
    en: { subject: 'For {{ name }}', html: '<p>Attached.</p>' },
    'pt-BR': { subject: 'Para {{ name }}', html: '<p>Em anexo.</p>' },
  },
};

let smtp: TestSmtpServer;
let delivery: Delivery;

beforeAll(async () => {
  smtp = await startSmtpServer();
  delivery = createDelivery(smtp.url, { address: 'noreply@parley.test', name: 'Parley' })!;
});
afterAll(async () => {
  delivery.transport.close();
  await smtp.close();
});

const files = () => testDb.db.selectFrom('email_attachments').select(['outbox_id', 'filename']).execute();

describe('e-mail attachments', () => {
  it('keeps the files of a refused mail, sends them again with it, and drops them once sent', async () => {
    const queued = await testDb.db.transaction().execute((trx) =>
      queueEmail(
        trx,
        {
          kind: note,
          locale: 'en',
          to: { address: 'ana@example.org' },
          variables: { name: 'Ana' },
          attachments: [
            { filename: 'rows.csv', contentType: 'text/csv; charset=utf-8', content: 'a,b\r\n1,"ç"\r\n' },
            {
              filename: 'raw.bin',
              contentType: 'application/octet-stream',
              content: Buffer.from([0, 255, 7]),
            },
          ],
        },
        new Date(),
      ),
    );
    expect(await files()).toEqual([
      { outbox_id: queued.id, filename: 'rows.csv' },
      { outbox_id: queued.id, filename: 'raw.bin' },
    ]);
    smtp.setMode({ kind: 'reject' });
    expect(await sendDueEmails(testDb.db, { delivery })).toMatchObject({ failed: 1 });
    expect(await files()).toHaveLength(2);

    smtp.setMode({ kind: 'accept' });
    await retryOutboxMail(testDb.db, queued.id, new Date());
    expect(await sendDueEmails(testDb.db, { delivery })).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    const [csv, raw] = mail!.parsed.attachments;
    expect(csv).toMatchObject({ filename: 'rows.csv', contentType: 'text/csv' });
    expect(csv!.content.toString('utf8')).toBe('a,b\r\n1,"ç"\r\n');
    expect(raw!.filename).toBe('raw.bin');
    expect([...raw!.content]).toEqual([0, 255, 7]);
    expect(await files()).toEqual([]);
  });

  it('deletes the files with their mail', async () => {
    const queued = await testDb.db.transaction().execute((trx) =>
      queueEmail(
        trx,
        {
          kind: note,
          locale: 'en',
          to: { address: 'bia@example.org' },
          variables: { name: 'Bia' },
          attachments: [{ filename: 'x.csv', contentType: 'text/csv', content: 'x' }],
        },
        new Date(),
      ),
    );
    await testDb.db.deleteFrom('email_outbox').where('id', '=', queued.id).execute();
    expect(await files()).toEqual([]);
  });
});
