import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORT_POINT_PROBLEMS, type SupportPointProblemCode } from '../../../common/api/support-points.js';
import { readSupportPointsCsv } from './import-csv.js';

/**
 * Every problem a support-point CSV can list has a text in each language of the web UI whose
 * placeholders are its params, and the reader writes only listed codes.
 */
const read = (language: string) =>
  JSON.parse(readFileSync(new URL(`../../../web/src/i18n/${language}.json`, import.meta.url), 'utf8')) as {
    supportPoints: { problems: Record<string, string> };
  };
const CODES = Object.keys(SUPPORT_POINT_PROBLEMS) as SupportPointProblemCode[];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z_]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

describe('support-point CSV problems', () => {
  it.each(['en', 'pt-BR'])('have a %s text each, with their params', (language) => {
    const texts = read(language).supportPoints.problems;
    expect(Object.keys(texts).sort()).toEqual([...CODES].sort());
    for (const code of CODES) {
      expect(placeholders(texts[code] ?? ''), code).toEqual([...SUPPORT_POINT_PROBLEMS[code]].sort());
    }
  });

  it('are listed with their params by the reader', () => {
    const { problems } = readSupportPointsCsv('name,lat,lng,active,phone\nA,91,x,maybe,1\n');
    expect(problems.map((p) => [p.line, p.column, p.code, p.params])).toEqual([
      [2, 'lat', 'out_of_range', { min: -90, max: 90 }],
      [2, 'lng', 'not_number', {}],
      [2, 'active', 'not_boolean', {}],
    ]);
    expect(problems[0]?.reason).toBe('Not between -90 and 90.');
    expect(readSupportPointsCsv(`name,lat,lng\n"${'x'.repeat(201)}",1,2\n`).problems[0]).toMatchObject({
      code: 'too_long',
      params: { max: 200 },
    });
  });
});
