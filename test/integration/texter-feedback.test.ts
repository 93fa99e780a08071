import { quickAddJob } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmailSender } from '../../src/email/run.js';
import { buildTestApp, type TestApp, testConfig } from '../harness/app.js';
import { setupTestDatabase } from '../harness/db.js';
import { seedCampaigns } from '../harness/factories.js';
import { runQueuedJobs } from '../harness/jobs.js';
import { startSmtpServer, type TestSmtpServer } from '../harness/smtp.js';

/**
 * Feedback to texters end to end (docs/feedback.md): an admin reviews a texter's audits, previews
 * and bulk-sends the period's feedback, the e-mails arrive at a real SMTP server on loopback, and
 * nothing is ever sent twice for the same texter and period by accident.
 */
const testDb = setupTestDatabase();
let t: TestApp;
let smtp: TestSmtpServer;
let cookie: string;
let texters: { joao: number; zoe: number; nomail: number };

const PERIOD = { from: '2026-12-01', to: '2026-12-07' };
const HOSTILE = '<img src=x onerror=alert(1)> STOP & "bye"';

async function post(url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
}

async function get(url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}

/** Audits every conversation of the three texters on `day`; João's first one fails opt-out, with a note. */
async function audit(day: string, auditorId: number) {
  await sql`
    insert into audits (conversation_id, texter_id, campaign_id, auditor_id, rubric_id, scores, passed, score, note,
                        created_at)
    select c.id, c.texter_id, c.campaign_id, ${auditorId}, (select id from audit_rubrics order by version desc limit 1),
           case when c.id = f.id then '{"question":true,"tag":true,"optout":false,"tone":true}'::jsonb
                else '{"question":true,"tag":true,"optout":true,"tone":true}'::jsonb end,
           c.id <> f.id, case when c.id = f.id then 0.75 else 1 end,
           case when c.id = f.id then 'Quando alguém disser PARE, agradeça e encerre. Ótimo começo!' else '' end,
           ${`${day}T12:00:00Z`}::timestamptz
      from conversations c,
           (select min(id) as id from conversations where texter_id = ${texters.joao}) f
     where c.texter_id = any(${[texters.joao, texters.zoe, texters.nomail]}::int[])
    on conflict do nothing`.execute(testDb.db);
  await sql`
    insert into audit_failed_items (audit_id, item, created_at, score)
    select a.id, s.key, a.created_at, a.score from audits a cross join lateral jsonb_each(a.scores) s
     where s.value = 'false'::jsonb
    on conflict do nothing`.execute(testDb.db);
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await buildTestApp(testDb.db, {
    config: testConfig({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Parley <parley@test.example>',
      PUBLIC_URL: 'https://parley.test',
    }),
  });
  ({ cookie } = await t.loginAs('admin'));
  await seedCampaigns(testDb.db, [
    { title: 'Eleição 2026', conversations: 6, newest: new Date('2026-11-30T10:00:00Z') },
  ]);
  const rows = await testDb.db.selectFrom('texters').select('id').orderBy('id').execute();
  const [joao, zoe, nomail] = rows.map((r) => r.id) as [number, number, number];
  texters = { joao, zoe, nomail };
  await sql`update texters set first_name = 'João', last_name = 'Conceição', email = 'joao@example.org' where id = ${joao}`.execute(
    testDb.db,
  );
  await sql`update texters set first_name = 'Zoë', last_name = 'Ng', email = 'zoe@example.org' where id = ${zoe}`.execute(
    testDb.db,
  );
  await sql`update texters set email = null where id = ${nomail}`.execute(testDb.db);
  await sql`
    insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
    select c.id, 'm' || n, n % 2 = 0, case when n % 2 = 0 then ${HOSTILE} else 'Oi! Você vai votar?' end,
           timestamptz '2026-11-30T09:00:00Z' + make_interval(mins => n)
      from conversations c, generate_series(1, 5) n
     where c.texter_id = ${joao}`.execute(testDb.db);
  const auditor = await t.loginAs('auditor');
  await audit('2026-12-02', auditor.user.id);
});

afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('feedback to texters', () => {
  it('previews, bulk-sends once per texter and period, and the mails arrive with the right content', async () => {
    const review = await get(`/api/texters/${texters.joao}/review`);
    expect(review.statusCode).toBe(200);
    expect(review.json()).toMatchObject({ texter: { id: texters.joao }, total: 2, passed: 1 });

    const preview = await post('/api/feedback/preview', PERIOD);
    expect(preview.statusCode).toBe(200);
    const items = preview.json().items as {
      texter: { id: number };
      skip: string | null;
      email: { subject: string; html: string; text: string } | null;
    }[];
    const byId = new Map(items.map((i) => [i.texter.id, i]));
    expect(byId.get(texters.joao)).toMatchObject({ skip: null, counts: { audited: 2, passed: 1 } });
    expect(byId.get(texters.zoe)).toMatchObject({ skip: null });
    expect(byId.get(texters.nomail)).toMatchObject({ skip: 'no_email' });
    const joaoPreview = byId.get(texters.joao)?.email;
    expect(joaoPreview?.subject).toContain('João');
    expect(joaoPreview?.html).not.toContain('<img src=x');
    expect(joaoPreview?.html).toContain('&lt;img src=x');

    const sent = await post('/api/feedback/send', PERIOD);
    expect(sent.statusCode).toBe(200);
    expect(
      sent
        .json()
        .sent.map((s: { texter: { id: number } }) => s.texter.id)
        .sort(),
    ).toEqual([texters.joao, texters.zoe].sort());
    expect(sent.json().skipped).toEqual([expect.objectContaining({ reason: 'no_email' })]);

    await runEmailSender(testDb.db, t.deps.config.email);
    const mails = await smtp.waitFor(2);
    const joao = mails.find((m) => m.envelope.to.includes('joao@example.org'));
    expect(joao).toBeDefined();
    const parsed = joao?.parsed;
    expect(parsed?.subject).toBe('Thank you, João: your conversations from Dec 1, 2026 to Dec 7, 2026');
    expect(parsed?.to).toMatchObject({ value: [{ address: 'joao@example.org', name: 'João Conceição' }] });
    const text = parsed?.text ?? '';
    expect(text).toContain('Hi João,');
    expect(text).toMatch(/We read 2 of your conversations/);
    expect(text).toContain('What went well');
    expect(text).toContain('Eleição 2026');
    expect(text).toContain('Opt-out');
    expect(text).toContain('Quando alguém disser PARE, agradeça e encerre. Ótimo começo!');
    expect(text).toContain(HOSTILE);
    expect(text).toMatch(/https:\/\/parley\.test\/feedback\/stop\/\d+-[A-Za-z0-9_-]{22}/);
    const html = parsed?.html || '';
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Opt-out');
    expect(html).toMatch(/href="https:\/\/parley\.test\/feedback\/stop\/\d+-[A-Za-z0-9_-]{22}"/);
    // The texter who passed everything hears only what went well.
    const zoe = mails.find((m) => m.envelope.to.includes('zoe@example.org'));
    expect(zoe?.parsed.text).toContain('Hi Zoë,');
    expect(zoe?.parsed.text).not.toContain('A few ideas for next time');

    const again = await post('/api/feedback/send', PERIOD);
    expect(again.json().sent).toEqual([]);
    expect(
      again
        .json()
        .skipped.map((s: { reason: string }) => s.reason)
        .sort(),
    ).toEqual(['already_sent', 'already_sent', 'no_email']);
    await runEmailSender(testDb.db, t.deps.config.email);
    expect(smtp.received).toHaveLength(2);

    const log = await get('/api/feedback/sends');
    expect(log.statusCode).toBe(200);
    expect(log.json().items).toHaveLength(2);
    expect(log.json().items[0]).toMatchObject({
      from: PERIOD.from,
      to: PERIOD.to,
      resend_of: null,
      delivery: { status: 'sent', attempts: 1 },
    });
    expect(
      log.json().items.find((s: { to_address: string }) => s.to_address === 'joao@example.org').text,
    ).toContain('Opt-out');
  });

  it('resends only when asked to on purpose', async () => {
    const log = await get(`/api/feedback/sends?texter_id=${texters.zoe}`);
    const first = log.json().items[0];
    const unconfirmed = await post(`/api/feedback/sends/${first.id}/resend`, {});
    expect(unconfirmed.statusCode).toBe(400);
    const resent = await post(`/api/feedback/sends/${first.id}/resend`, { confirm: true });
    expect(resent.statusCode).toBe(201);
    const after = await get(`/api/feedback/sends?texter_id=${texters.zoe}`);
    expect(after.json().items[0]).toMatchObject({ id: resent.json().send_id, resend_of: first.id });
    await runEmailSender(testDb.db, t.deps.config.email);
    await smtp.waitFor(3);
  });

  it('never double-sends when two bulk sends run at once', async () => {
    const period = { from: '2026-12-02', to: '2026-12-02' };
    const [a, b] = await Promise.all([
      post('/api/feedback/send', period),
      post('/api/feedback/send', period),
    ]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const sentIds = [...a.json().sent, ...b.json().sent].map((s: { texter: { id: number } }) => s.texter.id);
    expect(sentIds.sort()).toEqual([texters.joao, texters.zoe].sort());
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from feedback_sends s join email_outbox o on o.id = s.outbox_id
       where s.period_from = '2026-12-02' and s.period_to = '2026-12-02'`.execute(testDb.db);
    expect(rows[0]?.n).toBe(2);
  });

  it('stops feedback by the signed link in the e-mail, and an admin can let it through again', async () => {
    const text = smtp.received.find((m) => m.envelope.to.includes('joao@example.org'))?.parsed.text ?? '';
    const token = /\/feedback\/stop\/([^\s]+)/.exec(text)?.[1] ?? '';
    const forged = await t.app.inject({
      method: 'GET',
      url: `/api/feedback/stop/${texters.zoe}-${token.split('-')[1]}`,
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.json().error.code).toBe('feedback_link_invalid');

    // Opening the link changes nothing (mail scanners follow links); the confirmation does.
    const opened = await t.app.inject({ method: 'GET', url: `/api/feedback/stop/${token}` });
    expect(opened.json()).toEqual({ stopped: false });
    const stopped = await t.app.inject({
      method: 'POST',
      url: `/api/feedback/stop/${token}`,
      headers: { origin: 'https://parley.test' },
      payload: {},
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toEqual({ stopped: true });

    const optouts = await get('/api/feedback/optouts');
    expect(optouts.json().items).toEqual([
      expect.objectContaining({ texter: expect.objectContaining({ id: texters.joao }), via: 'link' }),
    ]);
    const period = { from: '2026-12-02', to: '2026-12-03' };
    const preview = await post('/api/feedback/preview', period);
    expect(
      preview.json().items.find((i: { texter: { id: number } }) => i.texter.id === texters.joao).skip,
    ).toBe('opted_out');
    const send = await post('/api/feedback/send', period);
    expect(send.json().skipped).toContainEqual(
      expect.objectContaining({ texter: expect.objectContaining({ id: texters.joao }), reason: 'opted_out' }),
    );
    const log = await get(`/api/feedback/sends?texter_id=${texters.joao}`);
    const resend = await post(`/api/feedback/sends/${log.json().items[0].id}/resend`, { confirm: true });
    expect(resend.statusCode).toBe(409);
    expect(resend.json().error.code).toBe('feedback_opted_out');

    const enabled = await t.app.inject({
      method: 'DELETE',
      url: `/api/feedback/optouts/${texters.joao}`,
      headers: { cookie },
    });
    expect(enabled.statusCode).toBe(204);
    const later = await post('/api/feedback/send', period);
    expect(later.json().sent).toContainEqual(
      expect.objectContaining({ texter: expect.objectContaining({ id: texters.joao }) }),
    );
  });

  it('renders with a saved template in its language', async () => {
    const template = await testDb.db
      .insertInto('email_templates')
      .values({
        kind: 'texter_feedback',
        locale: 'pt-BR',
        name: 'Curto',
        is_default: false,
        subject: 'Valeu, {{ texter.first_name }}! ({{ period.from }})',
        html: '<p>{{ counts.passed }} de {{ counts.audited }}. {% for s in suggestions %}{{ s.note }}{% endfor %}</p><a href="{{ stop_url }}">parar</a>',
        text: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const period = {
      from: '2026-12-01',
      to: '2026-12-02',
      template_id: template.id,
      texter_ids: [texters.joao],
    };
    const preview = await post('/api/feedback/preview', period);
    expect(preview.json().items[0].email.subject).toBe('Valeu, João! (1 de dez. de 2026)');
    const sent = await post('/api/feedback/send', period);
    expect(sent.json().sent).toHaveLength(1);
    const row = await testDb.db
      .selectFrom('feedback_sends')
      .innerJoin('email_outbox', 'email_outbox.id', 'feedback_sends.outbox_id')
      .select([
        'feedback_sends.template_id',
        'feedback_sends.locale',
        'email_outbox.text',
        'email_outbox.template_id as outbox_template',
      ])
      .where('feedback_sends.id', '=', sent.json().sent[0].send_id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ template_id: template.id, outbox_template: template.id, locale: 'pt-BR' });
    expect(row.text).toContain('1 de 2. Quando alguém disser PARE');
    const other = await post('/api/feedback/preview', { ...period, template_id: 999_999 });
    expect(other.statusCode).toBe(404);
  });

  it('sends to the address an admin corrected', async () => {
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/texters/${texters.nomail}`,
      headers: { cookie },
      payload: { email: 'fixed@example.org' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ email: 'fixed@example.org', imported_email: null });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/texters/${texters.nomail}`,
      headers: { cookie },
      payload: { email: 'not an address' },
    });
    expect(bad.statusCode).toBe(400);
    const sent = await post('/api/feedback/send', { ...PERIOD, texter_ids: [texters.nomail] });
    expect(sent.json().sent).toHaveLength(1);
    expect(sent.json().sent[0].texter.email).toBe('fixed@example.org');
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const bad = await post('/api/feedback/preview', { from: '2026-12-07', to: '2026-12-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'bad_period', details: { field: 'to' } });
    const long = await post('/api/feedback/preview', { from: '2020-01-01', to: '2026-12-01' });
    expect(long.json().error).toMatchObject({ code: 'period_too_long', details: { field: 'to', max: 366 } });
    const malformed = await post('/api/feedback/preview', { from: 'yesterday', to: '2026-12-01' });
    expect(malformed.statusCode).toBe(400);
    // A well-formed day PostgreSQL has no such thing as: refused as input, not a database error.
    const yearZero = await post('/api/feedback/preview', { from: '0000-01-01', to: '0000-01-02' });
    expect(yearZero.statusCode).toBe(400);
    expect(yearZero.json().error.code).toBe('validation_failed');
  });

  it('erases the rendered text of sends past the data-retention period, keeping the rest of the log', async () => {
    await sql`update audit_settings set data_retention_days = 30`.execute(testDb.db);
    await sql`update feedback_sends set sent_at = now() - interval '40 days'
               where id = (select min(id) from feedback_sends)`.execute(testDb.db);
    await quickAddJob({ pgPool: testDb.pool }, 'audit_trim', {});
    await runQueuedJobs(testDb);
    const log = (await get('/api/feedback/sends?limit=200')).json().items as {
      id: number;
      subject: string;
      text: string;
    }[];
    const oldest = log.at(-1);
    expect(oldest?.text).toBe('');
    expect(oldest?.subject).toContain('Thank you');
    expect(log.filter((s) => s.text !== '').length).toBe(log.length - 1);
  });
});
