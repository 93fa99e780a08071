import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../harness/db.js';
import { setupBrowserApp, signedInPage } from './setup.js';

/** An admin manages the support-point directory: CSV import (refused with its lines, then taken), search, add, delete. */
const testDb = setupTestDatabase();
const e2e = setupBrowserApp(testDb);

const csvFile = (text: string) => ({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('the support points page', () => {
  it('imports a CSV all or nothing, searches, adds and deletes a point (in Portuguese)', async () => {
    const page = await signedInPage(e2e, 'admin', { language: 'pt-BR' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${e2e.baseUrl}/chatbots`);
    await page.getByTestId('support-points-link').click();
    await page.waitForURL(`${e2e.baseUrl}/chatbots/support-points`);
    await expect
      .poll(() => page.getByTestId('support-points-table').textContent())
      .toContain('Nenhum ponto de apoio');

    await page.getByTestId('import-support-points').click();
    await page
      .locator('input[type=file]')
      .setInputFiles(csvFile('nome,latitude,longitude\nA,-23.5,-46.6\n,-23.5,abc\n'));
    await page.getByTestId('support-points-import-submit').click();
    const rejected = page.getByTestId('import-problems');
    await expect.poll(() => rejected.locator('tbody tr').count()).toBe(2);
    expect(await rejected.locator('tbody tr').first().textContent()).toBe('3nomeUm valor é obrigatório.');
    expect(await rejected.locator('tbody tr').nth(1).textContent()).toBe('3longitudeNão é um número.');

    await page
      .locator('input[type=file]')
      .setInputFiles(
        csvFile(
          'nome,categoria,latitude,longitude\nCasa da Mulher,Acolhimento,-23.5,-46.6\nDDM Centro,Delegacia,-23.55,-46.63\n',
        ),
      );
    await page.getByTestId('support-points-import-submit').click();
    await expect.poll(() => page.getByTestId('support-point-row').count()).toBe(2);

    await page.getByTestId('support-points-search').fill('ddm');
    await expect.poll(() => page.getByTestId('support-point-row').count()).toBe(1);
    await page.getByTestId('support-points-search').fill('');

    await page.getByTestId('add-support-point').click();
    await page.getByTestId('point-name').fill('CRAM Sul');
    await page.getByTestId('point-lat').fill('-23.65');
    await page.getByTestId('point-lng').fill('-46.7');
    await page.getByTestId('point-save').click();
    await expect.poll(() => page.getByTestId('support-point-row').count()).toBe(3);

    await page.getByRole('button', { name: 'Excluir CRAM Sul' }).click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('support-point-row').count()).toBe(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
