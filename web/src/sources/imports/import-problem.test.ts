import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportRowError } from '../../../../common/api/imports.js';
import { testTranslators } from '../../i18n/test-translators.js';
import { importProblemText } from './import-problem.js';

let pt: TFunction;
let english: TFunction;

beforeAll(async () => {
  ({ english, pt } = await testTranslators());
});

const row = (error: Partial<ImportRowError>): ImportRowError => ({
  file: 'a.csv',
  line: 2,
  column: null,
  reason: 'the server’s English',
  ...error,
});

describe('an import’s problems in the user’s language', () => {
  it('translates a code, with its params', () => {
    const ragged = row({
      code: 'field_count',
      params: { fields: 5, width: 7 },
      reason: '5 fields where the header has 7',
    });
    expect(importProblemText(pt, ragged)).toBe('5 campos onde o cabeçalho tem 7');
    expect(importProblemText(english, ragged)).toBe('5 fields where the header has 7');
    expect(importProblemText(pt, row({ code: 'not_boolean' }))).toBe('não é true nem false');
    // A parser's own text stays as it is, inside the translated sentence.
    const unreadable = row({ code: 'unreadable_csv', params: { detail: 'Invalid Opening Quote' } });
    expect(importProblemText(pt, unreadable)).toBe('CSV ilegível: Invalid Opening Quote');
  });

  it('shows the server’s reason for an unknown code, no code, or params missing', () => {
    const unknown = row({ code: 'from_the_future' as ImportRowError['code'], reason: 'something new' });
    expect(importProblemText(pt, unknown)).toBe('something new');
    expect(importProblemText(pt, row({ reason: 'recorded long ago' }))).toBe('recorded long ago');
    expect(importProblemText(pt, row({ code: 'field_count', reason: 'no params' }))).toBe('no params');
  });
});
