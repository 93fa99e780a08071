import { Logger, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskList } from '../../src/jobs/tasks.js';
import { buildTestApp, TEST_PASSWORD, type TestApp, testConfig } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { startSmtpServer, type TestSmtpServer } from '../harness/smtp.js';

/**
 * Invitation and password reset e-mails arrive at a real SMTP server on loopback, in the account's
 * language, with a link that works.
 */
const testDb = setupTestDatabase();
const PUBLIC_URL = 'https://parley.example.org';
let smtp: TestSmtpServer;
let t: TestApp;
let adminCookie: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const config = testConfig({
    PUBLIC_URL,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Parley <noreply@parley.test>',
  });
  t = await buildTestApp(testDb.db, { config });
  adminCookie = (await t.loginAs('admin', { email: 'lead@example.org', name: 'Lia Lead' })).cookie;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Runs the queued jobs (the e-mail sender among them) as a worker configured with the SMTP server would. */
async function runWorker(): Promise<void> {
  await runOnce({
    pgPool: testDb.pool,
    taskList: taskList({ db: testDb.db, pool: testDb.pool, email: t.deps.config.email }),
    noHandleSignals: true,
    logger: new Logger(() => () => undefined),
  });
}

function linkIn(text: string, path: string): string {
  const match = text.match(new RegExp(`${PUBLIC_URL}/${path}/([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no /${path}/ link in: ${text}`);
  return match[1]!;
}

describe('account e-mails over SMTP', () => {
  it('delivers an invitation in the language the admin chose, and its link sets the password', async () => {
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: adminCookie },
      payload: { email: 'joana@example.org', name: 'Joana Araújo', role: 'auditor', language: 'pt-BR' },
    });
    expect(invited.statusCode).toBe(201);
    await runWorker();
    const [mail] = await smtp.waitFor(1);
    const parsed = mail!.parsed;
    expect(mail!.envelope.to).toEqual(['joana@example.org']);
    expect(parsed.subject).toBe('Lia Lead convidou você para o Parley');
    expect(parsed.text).toContain('Olá, Joana Araújo!');
    expect(parsed.text).toContain('72 horas');
    const token = linkIn(parsed.text ?? '', 'invite');
    expect(parsed.html).toContain(`${PUBLIC_URL}/invite/${token}`);

    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitation/accept',
      payload: { token, password: 'minha senha nova 1' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'joana@example.org', language: 'pt-BR' });
  });

  it('delivers a password reset link in the account language that works once', async () => {
    const { cookie } = await t.loginAs('moderator', { email: 'max@example.org', name: 'Max' });
    // The user's own choice on the account page.
    await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie },
      payload: { language: 'pt-BR' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      remoteAddress: '10.3.3.3',
      payload: { email: 'MAX@example.org' },
    });
    await runWorker();
    const received = await smtp.waitFor(2);
    const parsed = received[1]!.parsed;
    expect(received[1]!.envelope.to).toEqual(['max@example.org']);
    expect(parsed.subject).toBe('Crie uma nova senha para o Parley');
    expect(parsed.text).toContain('60 minutos');
    const token = linkIn(parsed.text ?? '', 'reset-password');

    const complete = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/complete',
        payload: { token, password },
      });
    expect((await complete('a new password 77')).statusCode).toBe(204);
    expect((await complete('another password 78')).json().error.code).toBe('token_invalid');
    const login = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'max@example.org', password },
      });
    expect((await login(TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login('a new password 77')).statusCode).toBe(200);
  });
});
