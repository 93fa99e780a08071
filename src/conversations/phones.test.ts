import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { E164, E164_SQL_PATTERN } from './phones.js';

const testDb = setupTestDatabase();
let client: pg.PoolClient;

beforeAll(async () => {
  client = await testDb.pool.connect();
});

afterAll(() => client.release());

/** Strings near E.164: a `+` or not, digits, now and then something else. */
const phoneLike = fc
  .tuple(
    fc.constantFrom('+', '', '++', ' +', '00'),
    fc.array(fc.constantFrom('0', '1', '5', '9', '٣', ' ', '-', 'a', '\n'), { maxLength: 18 }),
    fc.constantFrom('', ' ', '\n'),
  )
  .map(([plus, digits, after]) => `${plus}${digits.join('')}${after}`);

/** The TypeScript and SQL tests for "already E.164" agree, so each side hands the same values on. */
describe('E.164 in TypeScript and SQL', () => {
  it('E164 and E164_SQL_PATTERN accept the same strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          phoneLike,
          fc.string().filter((s) => !s.includes('\0')),
        ),
        async (value) => {
          const { rows } = await client.query<{ matches: boolean }>('select $1::text ~ $2 as matches', [
            value,
            E164_SQL_PATTERN,
          ]);
          expect(rows[0]?.matches).toBe(E164.test(value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
