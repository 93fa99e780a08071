import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../../../common/languages.js';
import { checkTemplate } from '../templates.js';
import { EMAIL_KINDS } from './index.js';

describe('every kind of e-mail', () => {
  it('has unique keys', () => {
    const keys = EMAIL_KINDS.map((kind) => kind.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(EMAIL_KINDS.map((kind) => [kind.key, kind] as const))(
    '%s: its default templates pass the save-time check in every language',
    (_key, kind) => {
      for (const locale of LANGUAGE_CODES) {
        const source = kind.defaults[locale];
        expect(source, `${kind.key} ${locale}`).toBeDefined();
        expect(checkTemplate(kind, source), `${kind.key} ${locale}`).toEqual([]);
      }
    },
  );
});
