import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A message as a rule run reads it, with whether its conversation is opted out. */
export interface ScannedMessage {
  id: number;
  conversation_id: number;
  /** The message's own texter (null for a contact's message, or when the conversation's texter wrote it). */
  texter_id: number | null;
  from_contact: boolean;
  text: string;
  opted_out: boolean;
  /** The text lower-cased and without accents, when the reader has it already (matchers.ts `fold`). */
  folded?: string | undefined;
}

const LETTER_T = 116;
const BACKSLASH = 92;

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '\\': '\\' };

/** COPY's text format escapes backslashes and control characters; most texts have none. */
function unescapeText(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : field;
}

/** The digits of a non-negative integer field from `at` up to the next tab, without slicing. */
function integerAt(line: string, at: number): number {
  let value = 0;
  for (let i = at; ; i++) {
    const digit = line.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return value;
    value = value * 10 + digit;
  }
}

/**
 * One line of the COPY below — id, conversation, texter (`\N` for none), from_contact, opted_out,
 * then the text, last since it may hold escaped tabs — read in place in the page that holds it, only
 * as far as asked: matching needs the two flags and the text, and only a match needs the ids. One
 * instance is moved from line to line (nothing is allocated per message but the text); copy what
 * must outlive the line.
 */
export class CopyLine implements ScannedMessage {
  private page = '';
  private lower: string | null = null;
  private start = 0;
  private end = 0;
  private textAt = 0;

  /** Moves to the line from `start` to `end` (its newline) of a page. */
  read(page: string, lower: string | null, start: number, end: number): this {
    this.page = page;
    this.lower = lower;
    this.start = start;
    this.end = end;
    let at = start;
    for (let field = 0; field < 5; field++) at = page.indexOf('\t', at) + 1;
    this.textAt = at;
    return this;
  }

  get id(): number {
    return integerAt(this.page, this.start);
  }

  get conversation_id(): number {
    return integerAt(this.page, this.page.indexOf('\t', this.start) + 1);
  }

  get texter_id(): number | null {
    const at = this.page.indexOf('\t', this.page.indexOf('\t', this.start) + 1) + 1;
    return this.page.charCodeAt(at) === BACKSLASH ? null : integerAt(this.page, at);
  }

  get from_contact(): boolean {
    return this.page.charCodeAt(this.textAt - 4) === LETTER_T;
  }

  get opted_out(): boolean {
    return this.page.charCodeAt(this.textAt - 2) === LETTER_T;
  }

  get text(): string {
    return unescapeText(this.page.slice(this.textAt, this.end));
  }

  /**
   * On an all-ASCII page, lower-casing is all folding does, and lower-casing ASCII keeps every
   * offset: the page is lower-cased once instead of each text (escapes are lower-case already).
   */
  get folded(): string | undefined {
    return this.lower === null ? undefined : unescapeText(this.lower.slice(this.textAt, this.end));
  }
}

/**
 * The messages with ids above `after`, in one pass: a single `COPY (select …) TO STDOUT`, read here
 * line by line in place (`onLine`; `onPage` after each page of them). Messages have no index on id
 * (the bound is a filter on the one sequential read), and COPY's text lines cost far less to read
 * than rows of the extended protocol. Only the conversations that are opted out are joined (a small
 * hash; what else a flag needs of its conversation is looked up for the matches alone, when
 * flagging). Answers how many messages were read and the highest id among them, the next run's
 * starting point.
 */
export async function scanByCopy(
  pool: pg.Pool,
  after: number,
  onLine: (line: CopyLine) => void,
  onPage: () => void,
): Promise<{ scanned: number; lastId: number }> {
  const client = await pool.connect();
  try {
    // Right after an import the statistics may not know the tables' sizes yet: a nested loop
    // over a million messages would look up each one's conversation. Parallel workers would only
    // pass every line through one more queue, on cores the matching needs.
    await client.query('set enable_nestloop = off; set max_parallel_workers_per_gather = 0; set jit = off');
    const stream = client.query(
      copyTo(`copy (
        select m.id, m.conversation_id, m.texter_id, m.from_contact, o.id is not null, m.text
          from messages m left join (select id from conversations where opted_out) o on o.id = m.conversation_id
         where m.id > ${Math.trunc(after)}) to stdout`),
    );
    const read = await readCopyPages(stream as AsyncIterable<Buffer>, onLine, onPage);
    await client.query('reset enable_nestloop; reset max_parallel_workers_per_gather; reset jit');
    client.release();
    return read;
  } catch (error) {
    // A connection left inside a failed COPY is not given back to the pool.
    client.release(error as Error);
    throw error;
  }
}

/**
 * Reads the lines of a COPY stream: pages are its chunks cut at their last newline (a chunk may
 * end inside a line, even inside a character). Counts the lines and finds the highest id.
 */
export async function readCopyPages(
  stream: AsyncIterable<Buffer>,
  onLine: (line: CopyLine) => void,
  onPage: () => void,
): Promise<{ scanned: number; lastId: number }> {
  const decoder = new StringDecoder('utf8');
  const line = new CopyLine();
  let rest = '';
  let restAscii = true;
  let scanned = 0;
  let lastId = 0;
  const readPage = (page: string, ascii: boolean) => {
    const lower = ascii ? page.toLowerCase() : null;
    for (let start = 0; start < page.length; ) {
      let end = page.indexOf('\n', start);
      if (end < 0) end = page.length;
      onLine(line.read(page, lower, start, end));
      lastId = Math.max(lastId, integerAt(page, start));
      scanned++;
      start = end + 1;
    }
    onPage();
  };
  for await (const chunk of stream) {
    const text = rest + decoder.write(chunk);
    const cut = text.lastIndexOf('\n');
    const ascii: boolean = restAscii && isAscii(chunk);
    rest = text.slice(cut + 1);
    restAscii = ascii;
    if (cut >= 0) readPage(text.slice(0, cut), ascii);
  }
  if (rest) readPage(rest, restAscii);
  return { scanned, lastId };
}
