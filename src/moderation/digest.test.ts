import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePage } from '../../common/api/moderation.js';
import { buildTestApp, type TestApp } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { seedCampaigns } from '../../test/harness/factories.js';
import { seedMessages } from '../../test/harness/moderation.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/harness/smtp.js';
import { createDelivery, type Delivery, sendDueEmails } from '../email/index.js';
import { raiseFlag } from './commands/raise-flag.js';
import { sendModerationDigest } from './digest.js';

const testDb = setupTestDatabase();
let t: TestApp;
let smtp: TestSmtpServer;
let delivery: Delivery;
let moderator: string;

beforeAll(async () => {
  t = await buildTestApp(testDb.db);
  smtp = await startSmtpServer();
  delivery = createDelivery(smtp.url, { address: 'noreply@parley.test', name: 'Parley' })!;
  await seedCampaigns(testDb.db, [{ title: 'Get out the vote', conversations: 3, newest: new Date() }]);
  const messages = await seedMessages(testDb.db, ['Vote <b>or else</b>', 'ok']);
  const { user } = await t.loginAs('moderator', { name: 'Mo Moderator', email: 'mo@example.org' });
  moderator = (await t.loginAs('moderator')).cookie;
  await testDb.db.updateTable('users').set({ language: 'pt-BR' }).where('id', '=', user.id).execute();
  const now = Date.now();
  // Two flagged messages: one 30 hours ago (older than the default 24), one an hour ago.
  await raiseFlag(testDb.db, {
    messageId: messages[0]!.id,
    type: 4,
    flagger: { userId: user.id },
    now: new Date(now - 30 * 3_600_000),
  });
  await raiseFlag(testDb.db, {
    messageId: messages[2]!.id,
    type: 8,
    flagger: { userId: user.id },
    now: new Date(now - 3_600_000),
  });
});
afterAll(async () => {
  delivery.transport.close();
  await smtp.close();
  await t.close();
});

describe('the moderation digest', () => {
  it('highlights items pending longer than the configured age in the queue', async () => {
    const page = (
      await t.app.inject({ method: 'GET', url: '/api/moderation/queue', headers: { cookie: moderator } })
    ).json() as QueuePage;
    expect(page.items.map((i) => [i.types[0], i.stale])).toEqual([
      ['Inappropriate', true],
      ['Spam', false],
    ]);
  });

  it('e-mails every moderator the items waiting too long, in their language, over SMTP', async () => {
    const queued = await sendModerationDigest(testDb.db, {
      publicUrl: 'https://parley.example.org/',
      now: new Date(),
    });
    // Two moderators (no admin in this database).
    expect(queued).toBe(2);
    const result = await sendDueEmails(testDb.db, { delivery });
    expect(result).toMatchObject({ sent: 2, failed: 0 });
    const mails = await smtp.waitFor(2);
    const mo = mails.find((m) => m.envelope.to.includes('mo@example.org'))!;
    expect(mo.parsed.subject).toBe('1 mensagem sinalizada aguarda a moderação');
    expect(mo.parsed.html).toContain('Get out the vote');
    expect(mo.parsed.html).toContain('https://parley.example.org/moderation/items/');
    expect(mo.parsed.html).toContain('Vote &lt;b&gt;or else&lt;/b&gt;');
    expect(mo.parsed.html).not.toContain('Spam');
    const other = mails.find((m) => m !== mo)!;
    expect(other.parsed.subject).toBe('1 flagged message waits for a moderator');
  });

  it('sends nothing when no item is old enough, or when turned off', async () => {
    await sql`update moderation_settings set stale_hours = 48`.execute(testDb.db);
    expect(await sendModerationDigest(testDb.db, { publicUrl: 'https://p.example', now: new Date() })).toBe(
      0,
    );
    await sql`update moderation_settings set stale_hours = 1, digest_enabled = false`.execute(testDb.db);
    expect(await sendModerationDigest(testDb.db, { publicUrl: 'https://p.example', now: new Date() })).toBe(
      0,
    );
  });
});
