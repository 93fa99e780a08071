import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Already E.164 (`+` and 7–15 digits): kept as is, without the cost of a full parse. */
export const E164 = /^\+[1-9][0-9]{6,14}$/;

/** The same test for SQL (`~`), so set-based code only hands the other values to `toE164`. */
export const E164_SQL_PATTERN = '^[+][1-9][0-9]{6,14}$';

export const DEFAULT_COUNTRY: CountryCode = 'US';

export function isCountry(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/**
 * A phone number in E.164, or null when the text is not a possible number. Numbers without a
 * country code are read as numbers of `country` (Spoke stores E.164 already; exports edited in a
 * spreadsheet often lose the `+`).
 */
export function toE164(raw: string, country: CountryCode = DEFAULT_COUNTRY): string | null {
  const value = raw.trim();
  if (E164.test(value)) return value;
  if (value === '') return null;
  const parsed = parsePhoneNumberFromString(value, country);
  return parsed?.isPossible() ? parsed.number : null;
}

/**
 * `toE164` with a bounded memo: texters' and contacts' numbers repeat across millions of message
 * rows. The memo is dropped whole when full, which keeps memory constant.
 */
export function phoneNormaliser(country: CountryCode = DEFAULT_COUNTRY, capacity = 50_000) {
  let memo = new Map<string, string | null>();
  return (raw: string): string | null => {
    if (E164.test(raw)) return raw;
    const known = memo.get(raw);
    if (known !== undefined) return known;
    const value = toE164(raw, country);
    if (memo.size >= capacity) memo = new Map();
    memo.set(raw, value);
    return value;
  };
}
