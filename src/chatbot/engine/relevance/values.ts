/**
 * Values of the relevance language and their Perl-like conversions.
 *
 * PenhaS rendered relevance expressions with Text::Xslate (a Perl template engine) and tested the
 * rendered string with Perl truthiness, so every conversion here follows Perl: `undef` is `null`,
 * numbers stringify like Perl's `%.15g`, strings numify by their leading number.
 */

/** A value: an answer (string or number), a literal, or `null` for "unanswered". */
export type Value = string | number | null;

/** Answers by question code (plus `human_address`, `cep_results`, `start_time`…). */
export type Responses = Readonly<Record<string, string | number>>;

/** Perl's boolean results: `1` for true, `''` for false (Perl's `!!1` / `!!0`). */
export const TRUE: Value = 1;
export const FALSE: Value = '';

/** Perl truthiness: false is null, `''`, `'0'` and the number 0; everything else is true. */
export function isTruthy(value: Value): boolean {
  if (value === null) return false;
  if (typeof value === 'number') return value !== 0 && toText(value) !== '0';
  return value !== '' && value !== '0';
}

/** Perl stringification: null → `''`, numbers as `%.15g` (integers without a fraction). */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return formatNumber(value);
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Inf';
  if (n === Number.NEGATIVE_INFINITY) return '-Inf';
  if (n === 0) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  // %.15g: 15 significant digits, exponent form below 1e-4 or from 1e15 on.
  const [mantissa = '0', exponentText = '0'] = n.toExponential(14).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 15) {
    const digits = stripZeros(mantissa);
    const sign = exponent < 0 ? '-' : '+';
    const abs = Math.abs(exponent);
    return `${digits}e${sign}${abs < 10 ? `0${abs}` : String(abs)}`;
  }
  return stripZeros(n.toFixed(Math.max(0, 14 - exponent)));
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

const LEADING_NUMBER = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;
const LEADING_SPECIAL = /^\s*([+-]?)(inf(?:inity)?|nan)/i;

/** Perl numification: null → 0, a string → its leading decimal number (or 0). */
export function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  const match = LEADING_NUMBER.exec(value);
  if (match?.[1] !== undefined) {
    const n = Number(match[1]);
    return Number.isNaN(n) ? 0 : n;
  }
  const special = LEADING_SPECIAL.exec(value);
  if (special?.[2] !== undefined) {
    if (special[2].toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return 0;
}

/** Looks a variable up without touching the prototype chain (`constructor`, `__proto__`…). */
export function lookup(responses: Responses, name: string): Value {
  if (!Object.hasOwn(responses, name)) return null;
  const value = responses[name];
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}
