import { conversationKeyByCell, E164, texterKeyOf, type Utf8, utf8 } from '../../../conversations/index.js';
import type { FieldMap, Layout } from './layouts.js';
import { type CsvBlock, NotStreamable } from './records.js';

/**
 * The readers of fields.ts (SQL over a raw table) for the streamed import, over records read by
 * records.ts: each gives exactly what its SQL twin gives, or throws NotStreamable where it cannot
 * be sure (the staged path then reads the file and reports what is wrong, if anything).
 */

const SPACE = 0x20;
const QUOTE = 0x22;

/** A field as COPY reads it: null when unquoted and empty, doubled quotes undone. */
export function rawValue(block: CsvBlock, r: number, c: number): string | null {
  const i = r * block.width + c;
  const start = block.starts[i]!;
  const end = block.ends[i]!;
  const flags = block.flags[i]!;
  if (flags === 0 && start === end) return null;
  const value = block.buf.toString('utf8', start, end);
  return flags & 2 ? value.replaceAll('""', '"') : value;
}

/** The field's bytes (doubled quotes undone), trimmed of spaces when `trim`. */
export function rawBytes(block: CsvBlock, r: number, c: number, trim = false): Uint8Array {
  const i = r * block.width + c;
  let start = block.starts[i]!;
  let end = block.ends[i]!;
  const { buf } = block;
  if (trim) {
    while (start < end && buf[start] === SPACE) start++;
    while (end > start && buf[end - 1] === SPACE) end--;
  }
  if ((block.flags[i]! & 2) === 0) return buf.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let p = start; p < end; p++) {
    out[n++] = buf[p]!;
    if (buf[p] === QUOTE) p++;
  }
  return out.subarray(0, n);
}

/** SQL `btrim(value)`: spaces only. */
export function btrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) === SPACE) start++;
  while (end > start && value.charCodeAt(end - 1) === SPACE) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** SQL `btrim(value, chars)`. */
export function trimChars(value: string, chars: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value.charAt(start))) start++;
  while (end > start && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}

/** `nullif(btrim(value), '')`. */
export function spokeText(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = btrim(value);
  return trimmed === '' ? null : trimmed;
}

const WHITESPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/** `spoke_boolean`: PostgreSQL's boolean input (`t`, `yes`, `off`, `1`, prefixes…), empty is null. */
export function spokeBoolean(value: string | null): boolean | null {
  if (value === 'false') return false;
  if (value === 'true') return true;
  const text = spokeText(value);
  if (text === null) return null;
  const word = text.replace(WHITESPACE, '');
  // Beyond ASCII, case folding differs between JavaScript and PostgreSQL.
  if (word === '' || !/^[\x21-\x7e]+$/.test(word)) throw new NotStreamable('not a boolean');
  const lower = word.toLowerCase();
  const n = lower.length;
  switch (lower.charAt(0)) {
    case 't':
      if ('true'.startsWith(lower)) return true;
      break;
    case 'f':
      if ('false'.startsWith(lower)) return false;
      break;
    case 'y':
      if ('yes'.startsWith(lower)) return true;
      break;
    case 'n':
      if ('no'.startsWith(lower)) return false;
      break;
    case 'o':
      if (lower === 'on') return true;
      if (n >= 2 && 'off'.startsWith(lower)) return false;
      break;
    case '1':
      if (n === 1) return true;
      break;
    case '0':
      if (n === 1) return false;
      break;
  }
  throw new NotStreamable('not a boolean');
}

/** The hour (`YYYY-MM-DDTHH`) read last, and its start in microseconds. */
const hourBytes = new Uint8Array(13);
let hourKnown = false;
let hourMicros = 0;
let cachedMonth = -1;
let cachedMonthStart = 0;
let cachedMonthDays = 0;

function digits(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = buf[at + i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `spoke_timestamptz` of a value already trimmed of spaces, in microseconds since the Unix epoch,
 * for the ISO 8601 forms exports use: `YYYY-MM-DD`, then optionally `T` or a space, `HH:MM`,
 * `:SS`, `.ffffff` and a zone (`Z`, `±HH`, `±HHMM`, `±HH:MM`; none means UTC, the import's
 * time zone). NaN for anything else, including what PostgreSQL might still read.
 */
export function timestampMicros(buf: Uint8Array, start: number, end: number): number {
  // JavaScript's toISOString form (`2024-10-02T12:00:00.000Z`), what most exports write: the hour
  // is read once for the rows that share it.
  if (
    end - start === 24 &&
    buf[start + 10] === 0x54 &&
    buf[start + 19] === 0x2e &&
    buf[start + 23] === 0x5a &&
    buf[start + 13] === 0x3a &&
    buf[start + 16] === 0x3a
  ) {
    let same = hourKnown;
    for (let i = 0; same && i < 13; i++) same = buf[start + i] === hourBytes[i];
    if (!same) {
      // `YYYY-MM-DDTHH:MM` read the general way, less its minutes.
      const value = timestampMicros(buf, start, start + 16);
      if (Number.isNaN(value)) return value;
      for (let i = 0; i < 13; i++) hourBytes[i] = buf[start + i]!;
      hourKnown = true;
      hourMicros = value - digits(buf, start + 14, 2) * 60_000_000;
    }
    const minute = digits(buf, start + 14, 2);
    const second = digits(buf, start + 17, 2);
    const millis = digits(buf, start + 20, 3);
    if (!(minute <= 59 && second <= 59 && millis >= 0)) return Number.NaN;
    return hourMicros + minute * 60_000_000 + second * 1_000_000 + millis * 1000;
  }
  if (end - start < 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return Number.NaN;
  const year = digits(buf, start, 4);
  const month = digits(buf, start + 5, 2);
  const day = digits(buf, start + 8, 2);
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1)) return Number.NaN;
  let p = start + 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset = 0;
  if (p < end) {
    const separator = buf[p];
    if ((separator !== 0x54 && separator !== SPACE) || p + 6 > end || buf[p + 3] !== 0x3a) return Number.NaN;
    hour = digits(buf, p + 1, 2);
    minute = digits(buf, p + 4, 2);
    p += 6;
    if (p < end && buf[p] === 0x3a) {
      if (p + 3 > end) return Number.NaN;
      second = digits(buf, p + 1, 2);
      p += 3;
      if (p < end && buf[p] === 0x2e) {
        p++;
        let count = 0;
        while (p < end && count < 7 && buf[p]! >= 48 && buf[p]! <= 57) {
          fraction = fraction * 10 + (buf[p]! - 48);
          p++;
          count++;
        }
        if (count === 0 || count > 6) return Number.NaN;
        fraction *= 10 ** (6 - count);
      }
    }
    if (p < end) {
      const sign = buf[p];
      if (sign === 0x5a) {
        p++;
      } else if (sign === 0x2b || sign === 0x2d) {
        if (p + 3 > end) return Number.NaN;
        const hours = digits(buf, p + 1, 2);
        let minutes = 0;
        p += 3;
        if (p < end) {
          if (buf[p] === 0x3a) p++;
          if (p + 2 > end) return Number.NaN;
          minutes = digits(buf, p, 2);
          p += 2;
        }
        if (!(hours <= 15 && minutes <= 59)) return Number.NaN;
        offset = (sign === 0x2b ? 1 : -1) * (hours * 3600 + minutes * 60);
      } else {
        return Number.NaN;
      }
    }
    if (p !== end || !(hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  }
  const monthKey = year * 12 + month;
  if (monthKey !== cachedMonth) {
    cachedMonth = monthKey;
    cachedMonthStart = Date.UTC(year, month - 1, 1) / 1000;
    cachedMonthDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
  }
  if (day > cachedMonthDays) return Number.NaN;
  const seconds = cachedMonthStart + (day - 1) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return seconds * 1_000_000 + fraction;
}

/** The readers of one file's fields, by logical name (layouts.ts), over its records. */
export interface Texter {
  key: string;
  first: string | null;
  last: string | null;
  email: string | null;
  cell: string | null;
}

/**
 * Values derived from a run of columns, memoised by the run's bytes: rows repeat their texter
 * and campaign, and a map lookup costs less than reading the fields again. Gives up (no memo)
 * when rows keep differing.
 */
class ByColumns<T> {
  private memo = new Map<string, T>();
  private readonly from: number;
  private readonly to: number;

  constructor(columns: number[]) {
    const present = columns.filter((c) => c >= 0);
    this.from = present.length > 0 ? Math.min(...present) : -1;
    this.to = present.length > 0 ? Math.max(...present) : -1;
    // A long run is unlikely to repeat.
    if (this.to - this.from > 5) this.from = -1;
  }

  get(block: CsvBlock, r: number, make: () => T): T {
    if (this.from < 0) return make();
    const first = r * block.width + this.from;
    const last = r * block.width + this.to;
    // From the first field's opening quote, if any, to the last one's closing quote.
    const start = block.starts[first]! - (block.flags[first]! & 1);
    const end = block.ends[last]! + (block.flags[last]! & 1);
    const key = block.buf.toString('latin1', start, end);
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const value = make();
    if (this.memo.size >= 10_000) this.memo = new Map();
    this.memo.set(key, value);
    return value;
  }
}

export class StreamFields {
  private readonly columns = new Map<string, number>();
  /** Column of each logical field (-1: absent), every field present so all files share one shape. */
  private readonly fieldColumns: Record<keyof FieldMap, number>;
  private readonly texters: ByColumns<Texter | null>;
  private readonly campaigns: ByColumns<{ key: string; title: string | null }>;
  private readonly times = new Map<number, { bytes: Buffer; length: number; value: number }>();
  private readonly optOutColumns: number[];

  constructor(
    readonly layout: Layout,
    header: readonly string[],
    private readonly normalisePhone: (raw: string) => string | null,
  ) {
    header.forEach((name, i) => {
      this.columns.set(name, i);
    });
    const at = (field: keyof FieldMap) => {
      const name = layout.fields[field];
      return typeof name === 'string' ? this.column(name) : -1;
    };
    this.fieldColumns = {
      campaign: at('campaign'),
      campaignTitle: at('campaignTitle'),
      conversationId: at('conversationId'),
      cell: at('cell'),
      firstName: at('firstName'),
      lastName: at('lastName'),
      zip: at('zip'),
      externalId: at('externalId'),
      messageStatus: at('messageStatus'),
      optOut: -1,
      texterFirst: at('texterFirst'),
      texterLast: at('texterLast'),
      texterEmail: at('texterEmail'),
      texterCell: at('texterCell'),
      tags: at('tags'),
      createdAt: at('createdAt'),
      updatedAt: at('updatedAt'),
      fromContact: at('fromContact'),
      text: at('text'),
      sendStatus: at('sendStatus'),
      sentAt: at('sentAt'),
    };
    this.optOutColumns = (layout.fields.optOut ?? []).map((h) => this.column(h));
    this.texters = new ByColumns(
      (['texterEmail', 'texterCell', 'texterFirst', 'texterLast'] as const).map((f) => this.col(f)),
    );
    this.campaigns = new ByColumns([this.column(layout.fields.campaign), this.col('campaignTitle')]);
  }

  has(field: keyof FieldMap): boolean {
    return this.col(field) >= 0;
  }

  get hasTags(): boolean {
    return this.col('tags') >= 0;
  }

  /** Column of a header name; -1 when absent. */
  column(header: string): number {
    return this.columns.get(header) ?? -1;
  }

  /** Column of a logical field; -1 when the layout lacks it. */
  col(field: keyof FieldMap): number {
    return this.fieldColumns[field];
  }

  raw(block: CsvBlock, r: number, field: keyof FieldMap): string | null {
    const c = this.col(field);
    return c < 0 ? null : rawValue(block, r, c);
  }

  /** fields.ts `text`: trimmed, null when empty. */
  text(block: CsvBlock, r: number, field: keyof FieldMap): string | null {
    return spokeText(this.raw(block, r, field));
  }

  boolean(block: CsvBlock, r: number, field: keyof FieldMap): boolean | null {
    return spokeBoolean(this.raw(block, r, field));
  }

  /** fields.ts `optedOut`: true when any opt-out column says so (null when the layout has none). */
  optedOut(block: CsvBlock, r: number): boolean | null {
    const columns = this.optOutColumns;
    if (columns.length === 0) return null;
    let any = false;
    for (const c of columns) {
      if (spokeBoolean(rawValue(block, r, c)) === true) any = true;
    }
    return any;
  }

  /** A date-time in microseconds, null when empty; NotStreamable unless an ISO form (see above). */
  micros(block: CsvBlock, r: number, field: keyof FieldMap): number | null {
    const c = this.col(field);
    if (c < 0) return null;
    const i = r * block.width + c;
    if ((block.flags[i]! & 2) !== 0) throw new NotStreamable('a quoted date');
    let start = block.starts[i]!;
    let end = block.ends[i]!;
    while (start < end && block.buf[start] === SPACE) start++;
    while (end > start && block.buf[end - 1] === SPACE) end--;
    if (start === end) return null;
    // Rows often repeat a time (contacts uploaded together): the same bytes, the same value.
    let memo = this.times.get(c);
    if (!memo) {
      memo = { bytes: Buffer.alloc(40), length: -1, value: 0 };
      this.times.set(c, memo);
    }
    if (sameBytes(block.buf, start, end, memo.bytes, memo.length)) return memo.value;
    const micros = timestampMicros(block.buf, start, end);
    if (Number.isNaN(micros)) throw new NotStreamable('not an ISO date');
    if (end - start <= memo.bytes.length) {
      block.buf.copy(memo.bytes, 0, start, end);
      memo.length = end - start;
      memo.value = micros;
    }
    return micros;
  }

  /** fields.ts `phone`: E.164, null when empty; NotStreamable for what is not a phone number. */
  phone(block: CsvBlock, r: number, field: keyof FieldMap): string | null {
    const c = this.col(field);
    if (c < 0) return null;
    // Already E.164 and unquoted (the common case): read from the bytes, without a regex.
    const i = r * block.width + c;
    const start = block.starts[i]!;
    const end = block.ends[i]!;
    const { buf } = block;
    if (block.flags[i] === 0 && end - start >= 8 && end - start <= 16 && buf[start] === 0x2b) {
      let digits = buf[start + 1]! >= 0x31 && buf[start + 1]! <= 0x39;
      for (let p = start + 2; digits && p < end; p++) digits = buf[p]! >= 0x30 && buf[p]! <= 0x39;
      if (digits) return buf.toString('latin1', start, end);
    }
    const raw = rawValue(block, r, c);
    if (raw === null) return null;
    const value = btrim(raw);
    if (value === '') return null;
    if (E164.test(value)) return value;
    const e164 = this.normalisePhone(value);
    if (e164 === null) throw new NotStreamable('not a phone number');
    return e164;
  }

  /**
   * fields.ts `text` as bytes, without building a string: `into` is set to the trimmed bytes, or
   * left empty when there are none.
   */
  readText(block: CsvBlock, r: number, field: keyof FieldMap, into: Utf8): void {
    into.start = 0;
    into.end = 0;
    const c = this.col(field);
    if (c < 0) return;
    const i = r * block.width + c;
    if ((block.flags[i]! & 2) === 0) {
      let start = block.starts[i]!;
      let end = block.ends[i]!;
      const { buf } = block;
      while (start < end && buf[start] === SPACE) start++;
      while (end > start && buf[end - 1] === SPACE) end--;
      into.buf = buf;
      into.start = start;
      into.end = end;
    } else {
      const bytes = rawBytes(block, r, c, true);
      into.buf = bytes;
      into.end = bytes.length;
    }
  }

  /** The campaign key and title of a row; the same campaign's rows read once. */
  campaign(block: CsvBlock, r: number): { key: string; title: string | null } {
    return this.campaigns.get(block, r, () => ({
      key: this.campaignKey(block, r),
      title: this.text(block, r, 'campaignTitle'),
    }));
  }

  /** fields.ts `campaignKey` (required). */
  campaignKey(block: CsvBlock, r: number): string {
    const raw = rawValue(block, r, this.column(this.layout.fields.campaign));
    if (raw === null) throw new NotStreamable('no campaign');
    return btrim(raw);
  }

  /** keys.ts, as fields.ts `conversationKey` (required). */
  conversationKey(block: CsvBlock, r: number): string {
    if (this.has('conversationId')) {
      const id = this.text(block, r, 'conversationId');
      if (id === null) throw new NotStreamable('no contact id');
      return id;
    }
    const cell = this.phone(block, r, 'cell');
    if (cell === null) throw new NotStreamable('no cell');
    return conversationKeyByCell(this.campaignKey(block, r), cell);
  }

  /** The texter of a row (conversations' `texterKeyOf`); the same texter's rows read once. */
  texter(block: CsvBlock, r: number): Texter | null {
    if (this.layout.texterIs === null) return null;
    return this.texters.get(block, r, () => this.readTexter(block, r));
  }

  private readTexter(block: CsvBlock, r: number): Texter | null {
    const email = this.text(block, r, 'texterEmail');
    const cell = this.phone(block, r, 'texterCell');
    const first = this.text(block, r, 'texterFirst');
    const last = this.text(block, r, 'texterLast');
    // Beyond ASCII, lower() and toLowerCase() may differ: the staged path decides then.
    if (email !== null && !/^[\x20-\x7e]*$/.test(email)) throw new NotStreamable('a non-ASCII e-mail');
    const key = texterKeyOf({ email, cell, first, last });
    return key === null ? null : { key, first, last, email, cell };
  }

  /** produce.ts `customFields`: the other columns, empty ones left out, as JSON text. */
  customFields(block: CsvBlock, r: number): string {
    if (this.layout.custom.length === 0) return '{}';
    const pairs: [string, string][] = [];
    for (const { header, field } of this.layout.custom) {
      const value = rawValue(block, r, this.column(header));
      if (value !== null && value !== '') pairs.push([field, value]);
    }
    return pairs.length === 0 ? '{}' : JSON.stringify(Object.fromEntries(pairs));
  }

  /** produce.ts `stageTags`: the tag names of a row, without repeats. */
  tagNames(block: CsvBlock, r: number): string[] {
    const tags = this.text(block, r, 'tags');
    if (tags === null) return [];
    const names = new Set<string>();
    for (const part of trimChars(tags, '{}').split(',')) {
      const name = trimChars(btrim(part), '"');
      if (name !== '') names.add(name);
    }
    return [...names];
  }

  /** produce.ts `stageSurvey`: the answers of a row, by question (in column order); null when none. */
  answers(block: CsvBlock, r: number): (string | null)[] {
    return this.layout.questions.map(({ header }) => spokeText(rawValue(block, r, this.column(header))));
  }
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** Whether `buf[start, end)` is exactly `word`. */
function isWord(buf: Buffer, start: number, end: number, word: Buffer): boolean {
  return sameBytes(buf, start, end, word, word.length);
}

/** Whether `buf[start, end)` holds the same bytes as `last[0, length)`. */
function sameBytes(buf: Buffer, start: number, end: number, last: Buffer, length: number): boolean {
  if (end - start !== length) return false;
  for (let i = 0; i < length; i++) if (buf[start + i] !== last[i]) return false;
  return true;
}

/** A field's text, built again only when its bytes differ from the previous row's. */
class RepeatedText {
  private last = Buffer.allocUnsafe(64);
  private length = -1;
  value = '';

  /** The text of `buf[start, end)` (no doubled quotes in it). */
  of(buf: Buffer, start: number, end: number): string {
    if (sameBytes(buf, start, end, this.last, this.length)) return this.value;
    const length = end - start;
    if (length > this.last.length) this.last = Buffer.allocUnsafe(length * 2);
    buf.copy(this.last, 0, start, end);
    this.length = length;
    this.value = buf.toString('utf8', start, end);
    return this.value;
  }
}

/**
 * The fields of one message row, read from the bytes (the loop over millions of rows): the same
 * values as StreamFields gives, without a string per field. Valid until the next `read`.
 */
export class MessageReader {
  key = '';
  campaign = '';
  fromContact = false;
  micros = 0;
  /** The text as read; the status trimmed (empty: none). */
  readonly text: Utf8 = utf8();
  readonly status: Utf8 = utf8();
  private readonly keys = new RepeatedText();
  private readonly campaigns = new RepeatedText();
  private readonly id: number;
  private readonly campaignColumn: number;
  private readonly direction: number;
  private readonly time: number;
  private readonly textColumn: number;
  private readonly statusColumn: number;

  constructor(private readonly fields: StreamFields) {
    this.id = fields.col('conversationId');
    this.campaignColumn = fields.column(fields.layout.fields.campaign);
    this.direction = fields.col('fromContact');
    this.time = fields.col('sentAt');
    this.textColumn = fields.col('text');
    this.statusColumn = fields.col('sendStatus');
    if (this.direction < 0 || this.time < 0) throw new NotStreamable('not a messages layout');
  }

  private start = 0;
  private end = 0;

  /** Sets `start`/`end` to the field's range trimmed of spaces; false when it holds doubled quotes. */
  private trimmed(block: CsvBlock, r: number, c: number): boolean {
    const i = r * block.width + c;
    if ((block.flags[i]! & 2) !== 0) return false;
    let start = block.starts[i]!;
    let end = block.ends[i]!;
    const { buf } = block;
    while (start < end && buf[start] === SPACE) start++;
    while (end > start && buf[end - 1] === SPACE) end--;
    this.start = start;
    this.end = end;
    return true;
  }

  read(block: CsvBlock, r: number): void {
    const { buf, width } = block;
    if (this.id >= 0 && this.trimmed(block, r, this.id)) {
      if (this.start === this.end) throw new NotStreamable('no contact id');
      this.key = this.keys.of(buf, this.start, this.end);
    } else {
      this.key = this.fields.conversationKey(block, r);
    }
    const c = r * width + this.campaignColumn;
    if (block.flags[c] === 0 && block.starts[c] === block.ends[c]) throw new NotStreamable('no campaign');
    this.campaign = this.trimmed(block, r, this.campaignColumn)
      ? this.campaigns.of(buf, this.start, this.end)
      : this.fields.campaignKey(block, r);

    if (this.trimmed(block, r, this.direction) && isWord(buf, this.start, this.end, TRUE)) {
      this.fromContact = true;
    } else if (this.trimmed(block, r, this.direction) && isWord(buf, this.start, this.end, FALSE)) {
      this.fromContact = false;
    } else {
      const value = spokeBoolean(rawValue(block, r, this.direction));
      if (value === null) throw new NotStreamable('no direction');
      this.fromContact = value;
    }

    if (!this.trimmed(block, r, this.time) || this.start === this.end) throw new NotStreamable('no ISO time');
    this.micros = timestampMicros(buf, this.start, this.end);
    if (Number.isNaN(this.micros)) throw new NotStreamable('not an ISO date');

    this.readText(block, r);
    this.readStatus(block, r);
  }

  private readText(block: CsvBlock, r: number): void {
    const { text } = this;
    text.buf = block.buf;
    text.start = 0;
    text.end = 0;
    if (this.textColumn < 0) return;
    const i = r * block.width + this.textColumn;
    if ((block.flags[i]! & 2) === 0) {
      text.start = block.starts[i]!;
      text.end = block.ends[i]!;
    } else {
      const bytes = rawBytes(block, r, this.textColumn);
      text.buf = bytes;
      text.end = bytes.length;
    }
  }

  private readStatus(block: CsvBlock, r: number): void {
    const { status } = this;
    status.start = 0;
    status.end = 0;
    if (this.statusColumn < 0) return;
    if (this.trimmed(block, r, this.statusColumn)) {
      status.buf = block.buf;
      status.start = this.start;
      status.end = this.end;
    } else {
      const bytes = rawBytes(block, r, this.statusColumn, true);
      status.buf = bytes;
      status.end = bytes.length;
    }
  }
}
