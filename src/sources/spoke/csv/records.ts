import { isUtf8 } from 'node:buffer';
import type { CsvSource } from './sources.js';

/**
 * Thrown when a file, or a value in it, is not one the streamed import reads with certainty: the
 * import then starts over on the staged path (raw.ts, validate.ts), which reads every CSV that
 * PostgreSQL reads and reports every bad row. Never shown to users.
 */
export class NotStreamable extends Error {}

/**
 * A run of complete records of one CSV file, as byte ranges into `buf`: field `f` of record `r`
 * spans `starts[r * width + f]` to `ends[…]`; `flags` says whether it was quoted (1) and held
 * doubled quotes (2). Valid until the next block is read.
 */
export interface CsvBlock {
  buf: Buffer;
  records: number;
  width: number;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** Record number (1-based, header excluded) of the first record of the block. */
  first: number;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** Bytes that end an unquoted field (or may not be in one): one table lookup per byte. */
const SPECIAL = new Uint8Array(256);
for (const c of [COMMA, QUOTE, LF, CR]) SPECIAL[c] = 1;

/**
 * Reads a CSV file the way PostgreSQL's `COPY … (FORMAT csv, HEADER true)` reads it, in blocks of
 * records, for files that need none of COPY's leniencies: any record with another number of
 * fields than the header, a quote inside an unquoted field or after a closing quote, a stray
 * carriage return or a change of line ending, a NUL byte or bytes that are not UTF-8 throws
 * NotStreamable instead of being read. `width` is the header's number of fields.
 */
export async function* readCsv(
  source: CsvSource,
  width: number,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<CsvBlock> {
  if (width < 2) throw new NotStreamable('a file of one column');
  let pending: Buffer = Buffer.alloc(0);
  let header = true;
  let crlf: boolean | null = null;
  let record = 1;
  let bytes = 0;
  // The offsets of one block, reused for the next (a block is only valid until then).
  const space: Space = {
    starts: new Int32Array(8192 * width),
    ends: new Int32Array(8192 * width),
    flags: new Uint8Array(8192 * width),
    endings: new Uint8Array(8192),
  };
  // The unfinished record and the next chunk are joined in one buffer, reused from chunk to chunk
  // (a block is only valid until the next one), rather than a new buffer per chunk.
  let window = Buffer.allocUnsafe(0);
  const input = source.open();
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let data: Buffer = chunk;
      if (pending.length > 0) {
        const size = pending.length + chunk.length;
        if (window.length < size) window = Buffer.allocUnsafe(Math.max(size, 2 << 20));
        if (pending.buffer === window.buffer) {
          const from = pending.byteOffset - window.byteOffset;
          window.copyWithin(0, from, from + pending.length);
        } else {
          pending.copy(window, 0);
        }
        chunk.copy(window, pending.length);
        data = window.subarray(0, size);
      }
      const block = parse(data, width, false, space);
      onBytes(bytes);
      pending = data.subarray(block.used);
      const out = accept(block);
      if (out) yield out;
    }
    if (pending.length > 0) {
      const out = accept(parse(pending, width, true, space));
      if (out) yield out;
    }
  } finally {
    input.destroy();
  }
  if (header) throw new NotStreamable('no header row');

  /** Checks what was parsed; drops the header record. */
  function accept(block: Parsed): CsvBlock | null {
    if (block.records === 0) return null;
    const region = block.buf.subarray(0, block.used);
    if (!isUtf8(region) || region.indexOf(0) !== -1) throw new NotStreamable('not UTF-8 text');
    for (let r = 0; r < block.records; r++) {
      const ending = block.endings[r]!;
      if (ending === 0) continue; // the last record, ended by the end of the file
      const isCrlf = ending === 2;
      if (crlf === null) crlf = isCrlf;
      else if (crlf !== isCrlf) throw new NotStreamable('mixed line endings');
    }
    let firstRecord = 0;
    if (header && block.records > 0) {
      header = false;
      firstRecord = 1;
    }
    const records = block.records - firstRecord;
    if (records === 0) return null;
    const out: CsvBlock = {
      buf: block.buf,
      records,
      width,
      starts: block.starts.subarray(firstRecord * width),
      ends: block.ends.subarray(firstRecord * width),
      flags: block.flags.subarray(firstRecord * width),
      first: record,
    };
    record += records;
    return out;
  }
}

/** Parsed records, with how each ended (0: end of file, 1: LF, 2: CRLF) and where they end. */
interface Parsed extends CsvBlock {
  endings: Uint8Array;
  used: number;
}

interface Space {
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  endings: Uint8Array;
}

/** Doubles the room for records, keeping what is there. */
function grow(space: Space, width: number): void {
  const records = space.endings.length * 2;
  const starts = new Int32Array(records * width);
  const ends = new Int32Array(records * width);
  const flags = new Uint8Array(records * width);
  const endings = new Uint8Array(records);
  starts.set(space.starts);
  ends.set(space.ends);
  flags.set(space.flags);
  endings.set(space.endings);
  Object.assign(space, { starts, ends, flags, endings });
}

/**
 * Parses the complete records at the start of `data`; `used` is where the first incomplete one
 * starts (at the end of the input, `eof`, the data ends the last record).
 */
function parse(data: Buffer, width: number, eof: boolean, space: Space): Parsed {
  const n = data.length;
  let { starts, ends, flags, endings } = space;
  let records = 0;
  let used = 0;
  let pos = 0;
  scan: while (pos < n) {
    if (records === endings.length) {
      grow(space, width);
      ({ starts, ends, flags, endings } = space);
    }
    const base = records * width;
    let f = 0;
    for (;;) {
      if (f === width) throw new NotStreamable('more fields than the header');
      const at = base + f;
      if (pos < n && data[pos] === QUOTE) {
        let from = pos + 1;
        let flag = 1;
        for (;;) {
          const q = data.indexOf(QUOTE, from);
          if (q === -1) {
            if (eof) throw new NotStreamable('unterminated quoted field');
            break scan;
          }
          if (q + 1 < n && data[q + 1] === QUOTE) {
            flag = 3;
            from = q + 2;
            continue;
          }
          if (q + 1 >= n && !eof) break scan;
          starts[at] = pos + 1;
          ends[at] = q;
          flags[at] = flag;
          pos = q + 1;
          break;
        }
      } else {
        let p = pos;
        while (p < n && SPECIAL[data[p]!] === 0) p++;
        if (p < n && data[p] === QUOTE) throw new NotStreamable('a quote inside an unquoted field');
        if (p >= n && !eof) break scan;
        starts[at] = pos;
        ends[at] = p;
        flags[at] = 0;
        pos = p;
      }
      f++;
      if (pos >= n) {
        // eof: the last record ends without a line ending.
        if (f !== width) throw new NotStreamable('fewer fields than the header');
        endings[records] = 0;
        records++;
        used = n;
        break scan;
      }
      const c = data[pos]!;
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (f !== width) throw new NotStreamable('fewer fields than the header');
      if (c === LF) {
        endings[records] = 1;
        pos++;
      } else if (c === CR) {
        if (pos + 1 >= n) {
          if (!eof) break scan;
          throw new NotStreamable('a carriage return ending the file');
        }
        if (data[pos + 1] !== LF) throw new NotStreamable('a carriage return without line feed');
        endings[records] = 2;
        pos += 2;
      } else {
        throw new NotStreamable('text after a closing quote');
      }
      records++;
      used = pos;
      break;
    }
  }
  return { buf: data, records, width, starts, ends, flags, first: 0, endings, used };
}
