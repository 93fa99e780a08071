import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SpokeImportView } from '../../../common/api/imports.js';
import { ApiError, UNSHAPED_ERROR_CODE } from '../api/client.js';
import ptBR from '../i18n/pt-BR.json';
import { testTranslators } from '../i18n/test-translators.js';
import { importMessage } from '../sources/imports/import-message.js';
import { apiErrorMessage, errorMessage, errorParams } from './errors.js';

let pt: TFunction;
let english: TFunction;

beforeAll(async () => {
  ({ english, pt } = await testTranslators());
});

describe('server errors in the user’s language', () => {
  it('translates a code, with its details as parameters', () => {
    const empty = new ApiError(400, 'empty_file', 'contacts.csv is empty.', { file: 'contacts.csv' });
    expect(apiErrorMessage(pt, empty)).toBe('contacts.csv está vazio.');
    expect(apiErrorMessage(english, empty)).toBe('contacts.csv is empty.');
    const tooLarge = new ApiError(413, 'file_too_large', 'big.csv is larger than 512 MiB.', {
      file: 'big.csv',
      max_mib: 512,
    });
    expect(apiErrorMessage(pt, tooLarge)).toBe('big.csv tem mais de 512 MiB.');
  });

  it('counts the problems of a rejected import, plural as the language has it', () => {
    const rejected = (total: number) =>
      new ApiError(422, 'import_rejected', 'import rejected, nothing was changed: …', {
        errors: [{ file: 'a.csv', line: 2, column: 'cell', reason: 'not a phone number' }],
        total,
        rows: total,
      });
    expect(apiErrorMessage(pt, rejected(1))).toBe('Importação recusada, nada foi alterado: 1 problema.');
    expect(apiErrorMessage(pt, rejected(4))).toBe('Importação recusada, nada foi alterado: 4 problemas.');
    expect(apiErrorMessage(english, rejected(4))).toBe('Import rejected, nothing was changed: 4 problems.');
  });

  it('lists invalid fields with their paths and the rule each broke', () => {
    const invalid = new ApiError(400, 'validation_failed', 'body must have required property…', [
      {
        path: 'body',
        message: "must have required property 'email'",
        keyword: 'required',
        params: { missingProperty: 'email' },
      },
      {
        path: 'body/batch_size',
        message: 'must be <= 100',
        keyword: 'maximum',
        params: { comparison: '<=', limit: 100 },
      },
      {
        path: 'querystring/kind',
        message: 'must be equal to one of the allowed values',
        keyword: 'enum',
        params: { allowedValues: ['a', 'b'] },
      },
      { path: 'body/x', message: 'must pass a rule we do not know', keyword: 'someNewKeyword', params: {} },
    ]);
    expect(apiErrorMessage(pt, invalid)).toBe(
      'Alguns campos não são válidos: email: é obrigatório; batch_size: deve ser no máximo 100; ' +
        'querystring/kind: deve ser um destes: a, b; x: must pass a rule we do not know',
    );
  });

  it('keeps the server’s message for a code it does not know, or when details are missing', () => {
    expect(apiErrorMessage(pt, new ApiError(409, 'brand_new_code', 'Something new.'))).toBe('Something new.');
    // file_too_large without its details: the translation cannot be filled in.
    expect(apiErrorMessage(pt, new ApiError(413, 'file_too_large', 'x.csv is larger than 1 MiB.'))).toBe(
      'x.csv is larger than 1 MiB.',
    );
    expect(apiErrorMessage(pt, new ApiError(400, 'validation_failed', 'body/n must be integer'))).toBe(
      'body/n must be integer',
    );
  });

  it('says in the language what went wrong when the server did not answer in its shape', () => {
    expect(apiErrorMessage(pt, new ApiError(502, UNSHAPED_ERROR_CODE, 'Bad Gateway'))).toContain('HTTP 502');
    expect(errorMessage(pt, new TypeError('Failed to fetch'))).toBe(ptBR.errors.network);
    expect(errorParams([{}, {}])).toEqual({ count: 2 });
  });

  it('shows an import page’s rejection in the language', () => {
    const view = {
      id: 1,
      kind: 'spoke_csv',
      source: 'spoke',
      status: 'failed',
      started_at: '2026-12-05T00:00:00Z',
      finished_at: '2026-12-05T00:00:01Z',
      files: [],
      progress: null,
      counts: {},
      errors: [],
      error_count: 4,
      error_rows: 3,
      message: 'import rejected, nothing was changed: 3 rows, 4 problems',
      warnings: [],
    } as SpokeImportView;
    expect(importMessage(pt, view)).toBe('Importação recusada, nada foi alterado: 4 problemas.');
    expect(importMessage(pt, { ...view, status: 'succeeded', error_count: 0, message: 'x' })).toBe('x');
  });
});
