import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { isoMicros } from './ingest.js';
import {
  conversationKeyByCell,
  conversationKeyByCellSql,
  messageKey,
  messageKeyOfBytes,
  messageKeySql,
  orderedMessageKey,
  texterKeyOf,
  texterKeySql,
} from './keys.js';

const testDb = setupTestDatabase();

/** The TypeScript and SQL forms of each key rule give the same key. */
describe('spoke keys', () => {
  it('derives the same message key in TypeScript and SQL', async () => {
    const cases = [
      {
        conversation: '17',
        fromContact: false,
        at: '2024-10-02T15:00:00.123456Z',
        micros: 1727881200123456n,
        text: 'Hi!',
      },
      {
        conversation: '9',
        fromContact: false,
        at: '1960-03-01T00:00:00.5Z',
        micros: -310435199500000n,
        text: '',
      },
      {
        conversation: 'c:5:+15550001111',
        fromContact: true,
        at: '1999-12-31T23:59:59Z',
        micros: 946684799000000n,
        text: 'STOP\n"x", ✓',
      },
    ];
    for (const c of cases) {
      const { rows } = await sql<{ key: string }>`
        select ${messageKeySql(sql`${c.conversation}::text`, sql`${c.fromContact}::boolean`, sql`${c.at}::timestamptz`, sql`${c.text}::text`)} as key`.execute(
        testDb.db,
      );
      expect(rows[0]?.key).toBe(messageKey(c.conversation, c.fromContact, c.micros, c.text));
      expect(messageKeyOfBytes(c.conversation, c.fromContact, Number(c.micros), Buffer.from(c.text))).toBe(
        rows[0]?.key,
      );
      expect(rows[0]?.key).toMatch(/^h:[A-Za-z0-9+/]{22}$/);
    }
    expect(messageKey('1', true, 1n, 'a')).not.toBe(messageKey('1', false, 1n, 'a'));
  });

  it('derives the same conversation and texter keys in TypeScript and SQL', async () => {
    const { rows } = await sql<{
      conversation: string;
      email: string;
      cell: string;
      name: string;
      none: string | null;
    }>`
      select ${conversationKeyByCellSql(sql`' 12 '`, sql`'+15550001111'`)} as conversation,
             ${texterKeySql(sql`' Ana@X.org '`, sql`'+15550000001'`, sql`'Ana'`, sql`null`)} as email,
             ${texterKeySql(sql`''`, sql`'+15550000001'`, sql`'Ana'`, sql`null`)} as cell,
             ${texterKeySql(sql`null`, sql`null`, sql`' Ana '`, sql`'Lee'`)} as name,
             ${texterKeySql(sql`null`, sql`''`, sql`''`, sql`null`)} as none`.execute(testDb.db);
    expect(rows[0]).toEqual({
      conversation: conversationKeyByCell(' 12 ', '+15550001111'),
      email: 'e:ana@x.org',
      cell: 'c:+15550000001',
      name: 'n:Ana\u001fLee',
      none: null,
    });
  });

  it('builds the same texter key in TypeScript and in SQL (fast-check)', async () => {
    // Raw CSV values: spaces around, empty, ASCII e-mails (the streamed path stages other ones).
    const raw = (chars: fc.Arbitrary<string>) =>
      fc.oneof(
        fc.constant(''),
        fc.constant('  '),
        fc.string({ unit: chars, maxLength: 12 }).map((v) => ` ${v} `),
      );
    const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
    const any = fc.string({ unit: 'grapheme', maxLength: 1 }).filter((c) => c !== '\0' && c.length > 0);
    const asText = (value: string) =>
      value.replace(/^ +| +$/g, '') === '' ? null : value.replace(/^ +| +$/g, '');
    await fc.assert(
      fc.asyncProperty(raw(ascii), raw(ascii), raw(any), raw(any), async (email, cell, first, last) => {
        const text = (v: string) => sql`nullif(btrim(${v}::text), '')`;
        const { rows } = await sql<{ key: string | null }>`
          select ${texterKeySql(text(email), text(cell), text(first), text(last))} as key`.execute(testDb.db);
        const fields = { email: asText(email), cell: asText(cell), first: asText(first), last: asText(last) };
        expect(texterKeyOf(fields)).toBe(rows[0]?.key);
      }),
      { numRuns: 200 },
    );
  });

  it('derives the same message key from bytes, whatever the length (MD5 padding)', () => {
    for (let length = 0; length <= 300; length++) {
      const text = 'é✓x'.repeat(length).slice(0, length);
      for (const conversation of ['1', 'c:70:+15550001111']) {
        expect(
          messageKeyOfBytes(conversation, length % 2 === 0, 1727881200123456 + length, Buffer.from(text)),
        ).toBe(messageKey(conversation, length % 2 === 0, 1727881200123456n + BigInt(length), text));
      }
    }
  });

  it('keys messages of time-less files by their position', () => {
    expect(orderedMessageKey('c:1:+1555', 1, false, 'Hi')).toMatch(/^o:[A-Za-z0-9+/]{22}$/);
    expect(orderedMessageKey('c:1:+1555', 1, false, 'Hi')).not.toBe(
      orderedMessageKey('c:1:+1555', 2, false, 'Hi'),
    );
  });

  it('derives the same message key in TypeScript and SQL for any message', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 200 }).filter((t) => !t.includes('\0'));
    // Any time PostgreSQL and JavaScript both hold, to the microsecond.
    const micros = fc.integer({ min: -2_208_988_800_000_000, max: 7_258_118_400_000_000 });
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), micros, text, async (conversation, fromContact, at, body) => {
        const { rows } = await sql<{ key: string }>`
          select ${messageKeySql(sql`${conversation}::text`, sql`${fromContact}::boolean`, sql`${isoMicros(at)}::timestamptz`, sql`${body}::text`)} as key`.execute(
          testDb.db,
        );
        const key = messageKey(conversation, fromContact, BigInt(at), body);
        expect(rows[0]?.key).toBe(key);
        expect(messageKeyOfBytes(conversation, fromContact, at, Buffer.from(body))).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});
