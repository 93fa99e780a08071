import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../../test/harness/db.js';
import { NotStreamable } from './records.js';
import { btrim, spokeBoolean, timestampMicros } from './stream-fields.js';

const testDb = setupTestDatabase();
/** One connection, in UTC like an import's session. */
let client: pg.PoolClient;

beforeAll(async () => {
  client = await testDb.pool.connect();
  await client.query(`set timezone = 'UTC'`);
});

afterAll(() => client.release());

/** What a TypeScript reader gives: its value, or 'gives up' when it throws NotStreamable. */
function streamed<T>(read: () => T): T | 'gives up' {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotStreamable) return 'gives up';
    throw error;
  }
}

/** Text PostgreSQL can hold (no NUL). */
const noNul = (value: string) => !value.includes('\0');

/** Boolean words as exports write them: any case, prefixes, padded with spaces or whitespace. */
const booleanish = fc
  .tuple(
    fc.constantFrom(
      'true',
      'false',
      'yes',
      'no',
      'on',
      'off',
      '1',
      '0',
      't',
      'f',
      'y',
      'n',
      'of',
      'tr',
      'fals',
      'o',
    ),
    fc.array(fc.boolean(), { maxLength: 5 }),
    fc.constantFrom('', ' ', '  ', '\t', '\n', ' \r\n'),
    fc.constantFrom('', ' ', '\t', '\n '),
  )
  .map(([word, upper, before, after]) => {
    const cased = [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('');
    return `${before}${cased}${after}`;
  });

/** ISO 8601 times in the forms exports write, from one instant. */
const isoTime = fc
  .tuple(
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom('T', ' '),
    fc.constantFrom('Z', '+00', '+00:00', '-04:30', '+0530', '+02', ''),
    fc.constantFrom('ms', 'us', 's', 'min', 'date'),
  )
  .map(([date, extra, separator, zone, precision]) => {
    const iso = date.toISOString();
    const day = iso.slice(0, 10);
    if (precision === 'date') return day;
    const time = iso.slice(11, 23);
    const cut = {
      ms: time,
      us: `${time}${String(extra).padStart(3, '0')}`,
      s: time.slice(0, 8),
      min: time.slice(0, 5),
    };
    return `${day}${separator}${cut[precision]}${zone}`;
  });

/** `spoke_boolean(value)` in the database, or 'error' when it throws. */
async function sqlBoolean(value: string): Promise<boolean | null | 'error'> {
  // Asked alone: PostgreSQL folds the immutable function over a constant even inside a CASE.
  try {
    const { rows } = await client.query<{ value: boolean | null }>('select spoke_boolean($1) as value', [
      value,
    ]);
    return rows[0]?.value ?? null;
  } catch (error) {
    if ((error as { code?: string }).code === '22P02') return 'error';
    throw error;
  }
}

/** `spoke_timestamptz(value)` as microseconds since the epoch, or 'error' when it throws. */
async function sqlMicros(value: string): Promise<number | null | 'error'> {
  const { rows } = await client.query<{ ok: boolean; micros: string | null }>(
    `select ok, case when ok then (extract(epoch from spoke_timestamptz($1)) * 1000000)::bigint::text end as micros
       from (select spoke_is_timestamptz($1) as ok) v`,
    [value],
  );
  if (!rows[0]?.ok) return 'error';
  return rows[0].micros === null ? null : Number(rows[0].micros);
}

/**
 * The streamed path's readers and the SQL functions the staged path reads with give the same
 * value; where the TypeScript reader is not sure it gives up (the import then takes the staged
 * path), and it never reads a value SQL rejects.
 */
describe('streamed readers agree with their SQL twins', () => {
  it('spokeBoolean agrees with spoke_boolean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(booleanish, fc.string().filter(noNul)), async (value) => {
        const ts = streamed(() => spokeBoolean(value));
        const db = await sqlBoolean(value);
        if (ts === 'gives up') return;
        expect(db).toBe(ts);
      }),
      { numRuns: 400 },
    );
  });

  it('spokeBoolean reads every boolean word PostgreSQL reads, and gives up on the others', async () => {
    await fc.assert(
      fc.asyncProperty(booleanish, async (value) => {
        const db = await sqlBoolean(value);
        expect(streamed(() => spokeBoolean(value))).toBe(db === 'error' ? 'gives up' : db);
      }),
      { numRuns: 200 },
    );
  });

  it('timestampMicros agrees with spoke_timestamptz in UTC', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(isoTime, fc.string().filter(noNul)), async (value) => {
        // The reader is handed the field trimmed of spaces, as btrim() trims it in SQL.
        const bytes = Buffer.from(btrim(value));
        const ts = timestampMicros(bytes, 0, bytes.length);
        if (Number.isNaN(ts)) return;
        expect(await sqlMicros(value)).toBe(ts);
      }),
      { numRuns: 400 },
    );
  });

  it('timestampMicros reads the forms exports write', async () => {
    await fc.assert(
      fc.asyncProperty(isoTime, async (value) => {
        const bytes = Buffer.from(value);
        expect(timestampMicros(bytes, 0, bytes.length)).toBe(await sqlMicros(value));
      }),
      { numRuns: 300 },
    );
  });
});
