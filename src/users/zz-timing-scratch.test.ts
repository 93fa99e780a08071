import { it } from 'vitest';
import { buildTestApp, TEST_PASSWORD } from '../../test/harness/app.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { createUser } from './commands/create-user.js';

const testDb = setupTestDatabase();
it('measures', async () => {
  const t = await buildTestApp(testDb.db);
  for (let i = 0; i < 80; i++) await createUser(testDb.db, { email: `k${i}@example.org`, role: 'auditor', password: TEST_PASSWORD });
  const time = async (email: string, n: number) => {
    const start = performance.now();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email }, remoteAddress: `10.5.${n}.1` });
    return performance.now() - start;
  };
  for (let i = 0; i < 10; i++) await time(`warm${i}@example.org`, 200 + i);
  const known: number[] = [], unknown: number[] = [];
  for (let i = 0; i < 80; i++) {
    if (i % 2) { known.push(await time(`k${i}@example.org`, i)); unknown.push(await time(`u${i}@example.org`, i + 100)); }
    else { unknown.push(await time(`u${i}@example.org`, i + 100)); known.push(await time(`k${i}@example.org`, i)); }
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!.toFixed(2);
  console.log('median known', med(known), 'unknown', med(unknown));
  await t.close();
});
