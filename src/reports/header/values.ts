import { isIdType, type ParamType } from './types.js';

/**
 * Parsing one parameter value from text (a header default, a form field, a CLI `--param`).
 * Values keep the shape the database driver sends: numbers that fit, big integers and dates as
 * text, lists as arrays. An id type keeps an id or a name/e-mail; the runner looks it up.
 */
export type ScalarValue = number | string | boolean;
export type ParamValue = ScalarValue | ScalarValue[] | null;

export type Parsed = { ok: true; value: ParamValue } | { ok: false; error: string };

const INT = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,6})?)?$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', 'off', '0'];
const INT32 = 2n ** 31n;
const INT64 = 2n ** 63n;

function fail(error: string): Parsed {
  return { ok: false, error };
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parseInteger(text: string, bits: 32 | 64): Parsed {
  if (!INT.test(text)) return fail(`"${text}" is not a whole number`);
  const n = BigInt(text);
  const bound = bits === 32 ? INT32 : INT64;
  if (n < -bound || n >= bound) return fail(`${text} is out of range`);
  return { ok: true, value: bits === 32 ? Number(n) : n.toString() };
}

function parseScalar(type: ParamType, text: string): Parsed {
  switch (type) {
    case 'int':
    case 'int_list':
      return parseInteger(text, 32);
    case 'bigint':
    case 'bigint_list':
      return parseInteger(text, 64);
    case 'double': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? { ok: true, value: n } : fail(`"${text}" is not a number`);
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.includes(lower)) return { ok: true, value: true };
      if (FALSE_WORDS.includes(lower)) return { ok: true, value: false };
      return fail(`"${text}" is not true or false`);
    }
    case 'date':
      return validDate(text) ? { ok: true, value: text } : fail(`"${text}" is not a date (YYYY-MM-DD)`);
    case 'time':
      return TIME.test(text) ? { ok: true, value: text } : fail(`"${text}" is not a time (HH:MM)`);
    case 'datetime': {
      const m = DATETIME.exec(text);
      return m && validDate(m[1] ?? '')
        ? { ok: true, value: text }
        : fail(`"${text}" is not a date and time (YYYY-MM-DD HH:MM)`);
    }
    default:
      if (isIdType(type)) {
        return text === '' ? fail('an id, name or e-mail is needed') : { ok: true, value: text };
      }
      return { ok: true, value: text };
  }
}

/**
 * Parses `text` as a value of `type`. `#null` is NULL (allowed only when nullable). Lists are
 * comma-separated; an empty text is the empty list.
 */
export function parseValue(type: ParamType, nullable: boolean, raw: string): Parsed {
  const text = type === 'string' ? raw : raw.trim();
  if (text === '#null') return nullable ? { ok: true, value: null } : fail('is not nullable');
  if (!type.endsWith('_list')) return parseScalar(type, text);
  if (text === '') return { ok: true, value: [] };
  const items: ScalarValue[] = [];
  for (const part of text.split(',')) {
    const item = parseScalar(type, type === 'string_list' ? part.trim() : part.trim());
    if (!item.ok) return item;
    items.push(item.value as ScalarValue);
  }
  return { ok: true, value: items };
}
