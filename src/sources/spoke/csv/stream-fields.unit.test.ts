import { describe, expect, it } from 'vitest';
import { spokeBoolean, timestampMicros } from './stream-fields.js';

const micros = (text: string) => {
  const bytes = Buffer.from(text);
  return timestampMicros(bytes, 0, bytes.length);
};

/** Microseconds of an ISO time as PostgreSQL reads it (Date.parse, plus the digits past ms). */
const expected = (iso: string, extraMicros = 0) => Date.parse(iso) * 1000 + extraMicros;

describe('the streamed readers', () => {
  it('reads the ISO 8601 forms exports use, as PostgreSQL does in UTC', () => {
    expect(micros('2024-10-02T12:00:00.000Z')).toBe(expected('2024-10-02T12:00:00.000Z'));
    expect(micros('2024-10-02T12:59:58.999Z')).toBe(expected('2024-10-02T12:59:58.999Z'));
    // The hour read before is reused only for the same hour.
    expect(micros('2024-10-02T13:00:01.000Z')).toBe(expected('2024-10-02T13:00:01.000Z'));
    expect(micros('2024-10-01 10:00:00+00')).toBe(expected('2024-10-01T10:00:00Z'));
    expect(micros('2024-10-01 10:00:00')).toBe(expected('2024-10-01T10:00:00Z'));
    expect(micros('2024-10-01T10:00:00.123456-04:30')).toBe(expected('2024-10-01T14:30:00.123Z', 456));
    expect(micros('2024-10-01T10:00+0530')).toBe(expected('2024-10-01T04:30:00Z'));
    expect(micros('2024-02-29')).toBe(expected('2024-02-29T00:00:00Z'));
    expect(micros('1960-03-01T00:00:00.5Z')).toBe(-310435199500000);
  });

  it('leaves what it does not read with certainty to PostgreSQL (NaN)', () => {
    for (const text of [
      '2024-02-30',
      '2023-02-29 10:00:00',
      '2024-10-02T24:00:00Z',
      '2024-10-02T12:00:60Z',
      '2024-10-02T12:00:00.1234567Z',
      '2024-10-02 12:00:00 +00',
      '2024-10-02 12:00:00 Europe/Lisbon',
      '2024-10-02T12:00:00.000z',
      '10/02/2024',
      'yesterday',
    ]) {
      expect(micros(text), text).toBeNaN();
    }
  });

  it('reads booleans as PostgreSQL does, empty as null', () => {
    for (const yes of ['true', 'TRUE', 't', 'tr', 'yes', 'Y', 'on', '1', ' true ', '\ttrue\n']) {
      expect(spokeBoolean(yes), yes).toBe(true);
    }
    for (const no of ['false', 'F', 'fal', 'no', 'n', 'off', 'of', '0'])
      expect(spokeBoolean(no), no).toBe(false);
    for (const none of [null, '', '   ']) expect(spokeBoolean(none)).toBeNull();
    for (const bad of ['o', 'maybe', 'truth', '2', 'yes please', 'ｔｒｕｅ']) {
      expect(() => spokeBoolean(bad), bad).toThrow();
    }
  });
});
