import { isUtf8 } from 'node:buffer';
import type { ImportProblem } from '../../../../common/api/import-problems.js';
import { MAX_LISTED_ERRORS, type RowError, shorten } from './errors.js';
import type { CsvSource } from './sources.js';

/**
 * Reads what can be read of a CSV file that PostgreSQL's COPY refused, so that its readable rows
 * can still be checked (validate.ts) and every problem listed in one pass. Records are split the
 * way COPY splits them (a quote anywhere opens or closes a quoted part; a line ending outside one
 * ends the record), so the rows given back are the ones COPY would read. A record COPY would
 * refuse — another number of fields than the header, a blank line, bytes that are not UTF-8 or a
 * NUL, a line ending unlike the first line's, a quote never closed — is reported and left out.
 */

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** A record longer than this is not kept whole (it is most likely a quote never closed). */
const MAX_RECORD_BYTES = 16 << 20;

/** What the salvage found: the problems, and the physical line of each record kept. */
export interface Salvaged {
  errors: RowError[];
  total: number;
  /** Records read (kept or not), the header excluded. */
  records: number;
  lines: number[];
}

type Ending = 'lf' | 'crlf' | 'cr' | 'eof';

interface ScanState {
  /** Where the record being read starts in the data, and its physical line. */
  start: number;
  line: number;
  /** Where scanning resumes (the record's bytes before it are read). */
  at: number;
  inQuote: boolean;
  commas: number;
  /** Line feeds inside quoted parts of the record. */
  inner: number;
  /** The record outgrew MAX_RECORD_BYTES: its bytes were let go. */
  oversize: boolean;
}

/**
 * The readable records of `source` (the header left out), as CSV lines ending in `\n` ready for
 * COPY, in batches; problems and lines are collected into `out`.
 */
export async function* salvage(
  source: CsvSource,
  width: number,
  out: Salvaged,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  const state: ScanState = { start: 0, line: 1, at: 0, inQuote: false, commas: 0, inner: 0, oversize: false };
  let style: Ending | null = null;
  let bytes = 0;
  const kept: Buffer[] = [];
  const problem = (line: number, what: ImportProblem & { reason: string }, record: Buffer | null) => {
    out.total++;
    if (out.errors.length < MAX_LISTED_ERRORS) {
      const value = record === null ? undefined : shorten(record.toString('utf8'));
      out.errors.push({
        file: source.name,
        line,
        column: null,
        ...what,
        ...(value !== undefined && { value }),
      });
    }
  };
  const take = (record: Buffer, line: number, ending: Ending) => {
    if (style === null) {
      style = ending; // the header
      return;
    }
    out.records++;
    if (state.oversize) {
      state.oversize = false;
      const mb = MAX_RECORD_BYTES >> 20;
      problem(
        line,
        { code: 'record_too_long', params: { mb }, reason: `a record of more than ${mb} MB` },
        null,
      );
      return;
    }
    const wrong = recordProblem(record, state.commas + 1, width, ending, style);
    if (wrong) {
      problem(line, wrong, record);
    } else {
      kept.push(record, NEWLINE);
      out.lines.push(line);
    }
  };
  const input = source.open();
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      const used = scan(data, state, false, take);
      pending = data.subarray(used);
      state.start -= used;
      state.at -= used;
      if (pending.length > MAX_RECORD_BYTES) {
        pending = Buffer.from(pending.subarray(state.at));
        Object.assign(state, { start: 0, at: 0, oversize: true });
      }
      onBytes(bytes);
      if (kept.length > 0) yield Buffer.concat(kept.splice(0));
    }
  } finally {
    input.destroy();
  }
  scan(pending, state, true, take);
  if (state.inQuote && style !== null) {
    out.records++;
    problem(
      state.line,
      {
        code: 'unclosed_quote',
        reason: 'a quote opened on this line is never closed (the rest of the file is inside it)',
      },
      null,
    );
  }
  if (kept.length > 0) yield Buffer.concat(kept);
}

const NEWLINE = Buffer.from('\n');

/** Why COPY would refuse a record of `fields` fields that ends in `ending`, or null. */
function recordProblem(
  record: Buffer,
  fields: number,
  width: number,
  ending: Ending,
  style: Ending,
): (ImportProblem & { reason: string }) | null {
  if (fields !== width) {
    return record.length === 0
      ? { code: 'blank_line', reason: 'blank line' }
      : {
          code: 'field_count',
          params: { fields, width },
          reason: `${fields} fields where the header has ${width}`,
        };
  }
  if (!isUtf8(record) || record.includes(0))
    return { code: 'not_utf8', reason: 'not UTF-8 text (or a NUL byte)' };
  if (ending !== 'eof' && ending !== style) {
    const params = { ending: show(ending), first: show(style) };
    return {
      code: 'line_ending',
      params,
      reason: `a line ending (${params.ending}) unlike the first line's (${params.first})`,
    };
  }
  return null;
}

function show(ending: Ending): string {
  return ending === 'crlf' ? '\\r\\n' : ending === 'cr' ? '\\r' : '\\n';
}

/**
 * Reads the complete records of `data` from `state`, handing each to `take`; returns where the
 * first incomplete one starts. At the end of the input (`eof`) the last record needs no ending.
 */
function scan(
  data: Buffer,
  state: ScanState,
  eof: boolean,
  take: (record: Buffer, line: number, ending: Ending) => void,
): number {
  const n = data.length;
  let i = state.at;
  while (i < n) {
    const b = data[i]!;
    if (b === QUOTE) {
      state.inQuote = !state.inQuote;
    } else if (state.inQuote) {
      if (b === LF) state.inner++;
    } else if (b === COMMA) {
      state.commas++;
    } else if (b === LF || b === CR) {
      let ending: Ending = b === LF ? 'lf' : 'cr';
      let next = i + 1;
      if (b === CR) {
        if (next >= n && !eof) break;
        if (next < n && data[next] === LF) {
          ending = 'crlf';
          next++;
        }
      }
      take(data.subarray(state.start, i), state.line, ending);
      state.line += 1 + state.inner;
      Object.assign(state, { start: next, commas: 0, inner: 0 });
      i = next;
      continue;
    }
    i++;
  }
  state.at = i;
  if (eof && !state.inQuote && state.start < n) {
    take(data.subarray(state.start, n), state.line, 'eof');
    state.start = n;
  }
  return state.start;
}
