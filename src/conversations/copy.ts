import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value COPY's text format can carry; `null` is SQL NULL, arrays become PostgreSQL arrays. */
export type CopyValue = string | number | boolean | Date | null | readonly string[] | Record<string, unknown>;

function escapeText(value: string): string {
  return value.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

function field(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(arrayLiteral(value));
  return escapeText(JSON.stringify(value));
}

/** One row in COPY text format. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(field).join('\t')}\n`;
}

/**
 * Streams rows into `table (columns)` with COPY FROM STDIN. `table` and `columns` are identifiers
 * chosen by our code (never input); the values travel as data.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let count = 0;
  async function* lines() {
    let buffer = '';
    for await (const row of rows) {
      buffer += copyLine(row);
      count++;
      if (buffer.length > 65_536) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), stream);
  return count;
}

/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01), which binary timestamps count from. */
const PG_EPOCH_MICROS = 946_684_800_000_000;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TWO_32 = 2 ** 32;

/**
 * Rows in PostgreSQL's binary COPY format, built field by field into a buffer that `take()` hands
 * out in pieces: the cheapest form for the server to read (no text to parse), for rows whose
 * values are already exact on our side. Integers are JavaScript numbers (exact up to 2^53).
 */
export class BinaryRows {
  private buf: Buffer;
  private view: DataView;
  private at = 0;
  rows = 0;

  constructor(private readonly chunk = 1 << 18) {
    this.buf = Buffer.allocUnsafe(chunk);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    SIGNATURE.copy(this.buf, 0);
    this.view.setInt32(11, 0);
    this.view.setInt32(15, 0);
    this.at = 19;
  }

  /** Bytes waiting to be taken. */
  get size(): number {
    return this.at;
  }

  private replace(size: number): void {
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  private room(bytes: number): void {
    if (this.at + bytes > this.buf.length) this.replace(Math.max(this.buf.length * 2, this.at + bytes));
  }

  row(fields: number): this {
    this.room(2);
    this.view.setInt16(this.at, fields);
    this.at += 2;
    this.rows++;
    return this;
  }

  null(): this {
    this.room(4);
    this.view.setInt32(this.at, -1);
    this.at += 4;
    return this;
  }

  bool(value: boolean): this {
    this.room(5);
    this.view.setInt32(this.at, 1);
    this.buf[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  int4(value: number): this {
    this.room(8);
    this.view.setInt32(this.at, 4);
    this.view.setInt32(this.at + 4, value);
    this.at += 8;
    return this;
  }

  int8(value: number): this {
    this.room(12);
    const high = Math.floor(value / TWO_32);
    this.view.setInt32(this.at, 8);
    this.view.setInt32(this.at + 4, high);
    this.view.setUint32(this.at + 8, value - high * TWO_32);
    this.at += 12;
    return this;
  }

  /** A timestamptz given in microseconds since the Unix epoch. */
  timestamptz(micros: number): this {
    return this.int8(micros - PG_EPOCH_MICROS);
  }

  text(value: string): this {
    this.room(4 + value.length * 3);
    const length = this.buf.write(value, this.at + 4, 'utf8');
    this.view.setInt32(this.at, length);
    this.at += 4 + length;
    return this;
  }

  /** Text known to be ASCII (keys). */
  ascii(value: string): this {
    const length = value.length;
    this.room(4 + length);
    this.view.setInt32(this.at, length);
    const { buf } = this;
    const at = this.at + 4;
    for (let i = 0; i < length; i++) buf[at + i] = value.charCodeAt(i);
    this.at = at + length;
    return this;
  }

  /** Text given as UTF-8 bytes (already checked to be valid). */
  bytes(value: Uint8Array): this {
    this.room(4 + value.length);
    this.view.setInt32(this.at, value.length);
    this.buf.set(value, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  /** Text given as UTF-8 bytes `source[start, end)` (already checked to be valid). */
  range(source: Uint8Array, start: number, end: number): this {
    const length = end - start;
    this.room(4 + length);
    this.view.setInt32(this.at, length);
    const at = this.at + 4;
    if (length <= 48) {
      const { buf } = this;
      for (let i = 0; i < length; i++) buf[at + i] = source[start + i]!;
    } else {
      this.buf.set(source.subarray(start, end), at);
    }
    this.at = at + length;
    return this;
  }

  /**
   * A `messages` row (conversation_id, spoke_key, from_contact, text, send_status, sent_at) in one
   * piece — imports write millions — with the texts given as byte ranges (`status` null: NULL).
   */
  message(
    conversationId: number,
    key: Uint8Array,
    fromContact: boolean,
    text: Uint8Array,
    textStart: number,
    textEnd: number,
    status: Uint8Array | null,
    statusStart: number,
    statusEnd: number,
    sentAtMicros: number,
  ): void {
    const textLength = textEnd - textStart;
    const statusLength = status ? statusEnd - statusStart : 0;
    this.room(2 + 12 + 4 + key.length + 5 + 4 + textLength + 4 + statusLength + 12);
    const { buf, view } = this;
    let at = this.at;
    view.setInt16(at, 6);
    view.setInt32(at + 2, 8);
    const high = Math.floor(conversationId / TWO_32);
    view.setInt32(at + 6, high);
    view.setUint32(at + 10, conversationId - high * TWO_32);
    view.setInt32(at + 14, key.length);
    at += 18;
    for (let i = 0; i < key.length; i++) buf[at + i] = key[i]!;
    at += key.length;
    view.setInt32(at, 1);
    buf[at + 4] = fromContact ? 1 : 0;
    view.setInt32(at + 5, textLength);
    at += 9;
    // Short texts copy faster in a loop, long ones in one call.
    if (textLength > 48) buf.set(text.subarray(textStart, textEnd), at);
    else for (let i = 0; i < textLength; i++) buf[at + i] = text[textStart + i]!;
    at += textLength;
    if (status) {
      view.setInt32(at, statusLength);
      at += 4;
      for (let i = 0; i < statusLength; i++) buf[at + i] = status[statusStart + i]!;
      at += statusLength;
    } else {
      view.setInt32(at, -1);
      at += 4;
    }
    const pg = sentAtMicros - PG_EPOCH_MICROS;
    const pgHigh = Math.floor(pg / TWO_32);
    view.setInt32(at, 8);
    view.setInt32(at + 4, pgHigh);
    view.setUint32(at + 8, pg - pgHigh * TWO_32);
    this.at = at + 12;
    this.rows++;
  }

  /** jsonb: a version byte, then the JSON text. */
  jsonb(json: string): this {
    this.room(5 + json.length * 3);
    this.buf[this.at + 4] = 1;
    const length = this.buf.write(json, this.at + 5, 'utf8');
    this.view.setInt32(this.at, length + 1);
    this.at += 5 + length;
    return this;
  }

  textOrNull(value: string | null): this {
    return value === null ? this.null() : this.text(value);
  }

  /** The bytes written so far, when at least `min` of them; the writer goes on with a new buffer. */
  take(min = 0): Buffer | null {
    if (this.at === 0 || this.at < min) return null;
    const out = this.buf.subarray(0, this.at);
    this.at = 0;
    this.replace(this.chunk);
    return out;
  }

  /** Ends the data (the trailer) and returns the remaining bytes. */
  finish(): Buffer {
    this.room(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
    return this.take() ?? Buffer.alloc(0);
  }
}

/**
 * Streams binary COPY data (`BinaryRows` pieces, ending with `finish()`) into `table (columns)`.
 * `table` and `columns` are identifiers chosen by our code. Returns the rows written.
 */
export async function copyBinary(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  data: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<number> {
  const stream = client.query(
    copyFrom(`copy ${table} (${columns.join(', ')}) from stdin with (format binary)`),
  );
  await pipeline(Readable.from(data, { objectMode: false }), stream);
  return stream.rowCount;
}
