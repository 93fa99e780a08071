import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runSchedule } from '../../src/reports/schedules/run.js';
import { setupTestDatabase } from '../harness/db.js';
import { ARTIFACTS, setupBrowserApp, signedInPage } from './setup.js';

/** An admin schedules a report on its page, sees a bad cron named, and sees a failed run's error. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb, async (app) => {
  app.deps.databaseUrl = testDb.url;
  await sql`create table tally (n integer)`.execute(testDb.db);
  await sql`grant select on tally to parley_reports`.execute(testDb.db);
  await testDb.db
    .insertInto('reports')
    .values({
      name: 'tally',
      title: 'Tally',
      body: '-- [params]\n-- int :min = 0\nselect n from tally where n >= :min',
    })
    .execute();
});

describe('report schedules in the browser', () => {
  it('adds a schedule (a bad cron is named), shows a failed run with its error, deletes it', async () => {
    const page = await signedInPage(e2e, 'admin', { name: 'Ada Admin' });
    await page.goto(`${e2e.baseUrl}/reports/tally`);
    const section = page.getByTestId('report-schedules');
    await section.getByText('This report has no schedule.').waitFor();

    await page.getByTestId('schedule-add').click();
    const form = page.getByTestId('schedule-form');
    await form.waitFor();
    await page.getByTestId('schedule-cron').fill('61 7 * * *');
    await page.getByTestId('schedule-time-zone').fill('America/Sao_Paulo');
    await page.getByRole('option', { name: 'America/Sao_Paulo' }).click();
    await page.getByTestId('schedule-recipients').click();
    await page.getByRole('option', { name: /Ada Admin/ }).click();
    await form.getByTestId('param-min').fill('2');
    await page.getByTestId('schedule-save').click();
    await form.getByText('minute: “61” is outside 0–59.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-schedule-form.png') });
    await page.getByTestId('schedule-cron').fill('0 7 * * 1-5');
    await page.getByTestId('schedule-save').click();
    await form.waitFor({ state: 'detached' });

    const row = page.getByTestId('schedule-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('0 7 * * 1-5');
    expect(await row.textContent()).toContain('E-mail the result');
    expect(await row.textContent()).toContain('not run yet');
    expect(await row.textContent()).toContain('min = 2');
    const saved = await testDb.db.selectFrom('report_schedules').selectAll().executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ time_zone: 'America/Sao_Paulo', params: { min: '2' } });

    // The table goes away: the next run fails, and the page says so with the database's words.
    await sql`drop table tally`.execute(testDb.db);
    const ctx = { db: testDb.db, config: e2e.app.deps.config, databaseUrl: testDb.url };
    expect(await runSchedule(ctx, saved.id, { manual: true })).toMatchObject({ status: 'failed' });
    await page.reload();
    await page.getByTestId('schedule-status').getByText('Failed').waitFor();
    expect(await page.getByTestId('schedule-error').textContent()).toContain(
      'relation "tally" does not exist',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-schedules.png'), fullPage: true });

    await page.getByTestId('schedule-delete').click();
    await page.getByTestId('schedule-confirm-delete').click();
    await section.getByText('This report has no schedule.').waitFor();
  });
});
