import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KindTemplates, OutboxMail, OutboxPage, PreviewView } from '../../common/api/email.js';
import { buildTestApp, type TestApp, testConfig } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/harness/smtp.js';
import { renderEmail, testMessageEmail } from './index.js';
import { runEmailSender } from './run.js';

const testDb = setupTestDatabase();
let smtp: TestSmtpServer;
let t: TestApp;
let held: TestApp;
let admin: string;
let auditor: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await buildTestApp(testDb.db, {
    config: testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Parley Ajuda <ajuda@parley.test>' }),
  });
  held = await buildTestApp(testDb.db);
  admin = (await t.loginAs('admin', { name: 'Zoë Admin', email: 'zoe@example.org' })).cookie;
  auditor = (await t.loginAs('auditor')).cookie;
});
afterAll(async () => {
  await t.close();
  await held.close();
  await smtp.close();
});

const get = (app: TestApp, url: string, cookie = admin) =>
  app.app.inject({ method: 'GET', url, headers: { cookie } });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie } });

describe('Mail page API', () => {
  it('is for admins only', async () => {
    expect((await get(t, '/api/email/outbox', auditor)).statusCode).toBe(403);
    expect((await send('POST', '/api/email/test', {}, auditor)).statusCode).toBe(403);
    expect((await get(t, '/api/email/kinds', auditor)).statusCode).toBe(403);
  });

  it('sends a test e-mail to the admin, shown as sent with the server answer', async () => {
    const queued = await send('POST', '/api/email/test', { locale: 'pt-BR' });
    expect(queued.statusCode).toBe(201);
    const { id } = queued.json() as { id: number };
    await runEmailSender(testDb.db, t.deps.config.email);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.subject).toBe('E-mail de teste do Parley');
    expect(mail!.envelope.to).toEqual(['zoe@example.org']);
    expect(mail!.parsed.from?.text).toContain('Parley Ajuda');
    const shown = (await get(t, `/api/email/outbox/${id}`)).json() as OutboxMail;
    expect(shown).toMatchObject({ status: 'sent', attempts: 1, to_name: 'Zoë Admin' });
    expect(shown.last_response).toMatch(/^250/);
    expect(shown.html).toContain('Zoë Admin');
    expect(shown.text).toContain('e-mail de teste');
  });

  it('shows a mail refused with 5xx as failed with the answer, and sends it again on retry', async () => {
    smtp.setMode({ kind: 'reject', code: 554, message: 'Message refused' });
    const { id } = (await send('POST', '/api/email/test', {})).json() as { id: number };
    await runEmailSender(testDb.db, t.deps.config.email);
    const page = (await get(t, '/api/email/outbox?status=failed')).json() as OutboxPage;
    expect(page.smtp_configured).toBe(true);
    expect(page.items.map((item) => item.id)).toEqual([id]);
    expect(page.items[0]!.last_response).toContain('554 Message refused');
    smtp.setMode({ kind: 'accept' });
    const retried = await send('POST', `/api/email/outbox/${id}/retry`);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    await runEmailSender(testDb.db, t.deps.config.email);
    expect(((await get(t, `/api/email/outbox/${id}`)).json() as OutboxMail).status).toBe('sent');
    expect((await send('POST', `/api/email/outbox/${id}/retry`)).json()).toMatchObject({
      error: { code: 'email_not_retryable' },
    });
  });

  it('holds mail without SMTP_URL and says so', async () => {
    const { id } = (
      await held.app.inject({
        method: 'POST',
        url: '/api/email/test',
        payload: {},
        headers: { cookie: admin },
      })
    ).json() as { id: number };
    await runEmailSender(testDb.db, held.deps.config.email);
    const page = (await get(held, '/api/email/outbox?limit=1')).json() as OutboxPage;
    expect(page.smtp_configured).toBe(false);
    expect(page.items[0]).toMatchObject({ id, status: 'held' });
    expect(page.next_before).toBe(id);
    const mail = (await get(held, `/api/email/outbox/${id}`)).json() as OutboxMail;
    expect(mail.html).toContain('<!DOCTYPE html>');
  });

  it('pages by keyset', async () => {
    const first = (await get(t, '/api/email/outbox?limit=2')).json() as OutboxPage;
    expect(first.items).toHaveLength(2);
    const next = (await get(t, `/api/email/outbox?limit=2&before=${first.next_before}`)).json() as OutboxPage;
    expect(next.items[0]!.id).toBeLessThan(first.items[1]!.id);
    expect((await get(t, '/api/email/outbox?status=nope')).statusCode).toBe(400);
  });
});

describe('Templates API', () => {
  const html = '<p>Hi {{ user.name }}</p>\n<p>{{ user.nmae }}</p>\n{{ nothing }}';

  it('lists every kind in both languages', async () => {
    const { kinds } = (await get(t, '/api/email/kinds')).json() as { kinds: { key: string }[] };
    expect(kinds.map((kind) => kind.key)).toEqual(expect.arrayContaining(['layout', 'test_message']));
  });

  it('answers 404 for an unknown kind or template, 400 for a bad language', async () => {
    expect((await get(t, '/api/email/kinds/nope/en')).json()).toMatchObject({
      error: { code: 'email_kind_unknown' },
    });
    expect((await get(t, '/api/email/kinds/test_message/fr')).statusCode).toBe(400);
    expect((await send('DELETE', '/api/email/templates/999999')).json()).toMatchObject({
      error: { code: 'email_template_not_found' },
    });
  });

  it('refuses a template with unknown variables, each listed with its line', async () => {
    const saved = await send('POST', '/api/email/kinds/test_message/en/templates', {
      subject: 'Hello {{ user.name }',
      html,
      text: '',
    });
    expect(saved.statusCode).toBe(400);
    const { error } = saved.json() as { error: { code: string; details: unknown[] } };
    expect(error.code).toBe('invalid_email_template');
    expect(error.details).toEqual([
      expect.objectContaining({ part: 'subject', line: 1, problem: 'syntax' }),
      expect.objectContaining({ part: 'html', line: 2, problem: 'unknown_variable', detail: 'user.nmae' }),
      expect.objectContaining({ part: 'html', line: 3, problem: 'unknown_variable', detail: 'nothing' }),
    ]);
  });

  it('previews, saves, uses and resets a template', async () => {
    const source = { subject: 'Teste: {{ user.name }}', html: '<p>Oi <b>{{ user.name }}</b></p>', text: '' };
    const preview = (
      await send('POST', '/api/email/kinds/test_message/pt-BR/preview', source)
    ).json() as PreviewView;
    expect(preview.problems).toEqual([]);
    expect(preview.rendered?.subject).toBe('Teste: Ana Souza');
    expect(preview.rendered?.text).toContain('Oi Ana Souza');
    const created = await send('POST', '/api/email/kinds/test_message/pt-BR/templates', source);
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: number };
    const variables = { user: { name: 'João', email: 'j@x.org' }, site: { url: 'http://x' } };
    const rendered = await renderEmail(testDb.db, { kind: testMessageEmail, locale: 'pt-BR', variables });
    expect(rendered.subject).toBe('Teste: João');
    const listed = (await get(t, '/api/email/kinds/test_message/pt-BR')).json() as KindTemplates;
    expect(listed.templates.map((row) => row.id)).toEqual([id]);
    expect(listed.templates[0]!.updated_by).toBe('Zoë Admin');
    expect((await send('PUT', `/api/email/templates/${id}`, { ...source, html: '{{ x' })).statusCode).toBe(
      400,
    );
    expect((await send('DELETE', `/api/email/templates/${id}`)).statusCode).toBe(204);
    const back = await renderEmail(testDb.db, { kind: testMessageEmail, locale: 'pt-BR', variables });
    expect(back.subject).toBe('E-mail de teste do Parley');
  });
});
