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
}

/** Lines handed on at a time. */
const PAGE = 20_000;
const LETTER_T = 116;

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
 * then the text, last since it may hold escaped tabs — read only as far as asked: matching needs
 * the two flags and the text, and only a match needs the ids. One instance is moved from line to
 * line (nothing is allocated per message); copy what must outlive the line.
 */
export class CopyLine implements ScannedMessage {
  private line = '';
  private textAt = 0;

  /** Moves to a line. */
  read(line: string): this {
    this.line = line;
    let at = 0;
    for (let field = 0; field < 5; field++) at = line.indexOf('\t', at) + 1;
    this.textAt = at;
    return this;
  }

  get id(): number {
    return integerAt(this.line, 0);
  }

  get conversation_id(): number {
    return integerAt(this.line, this.line.indexOf('\t') + 1);
  }

  get texter_id(): number | null {
    const at = this.line.indexOf('\t', this.line.indexOf('\t') + 1) + 1;
    return this.line.charCodeAt(at) === 92 ? null : integerAt(this.line, at);
  }

  get from_contact(): boolean {
    return this.line.charCodeAt(this.textAt - 4) === LETTER_T;
  }

  get opted_out(): boolean {
    return this.line.charCodeAt(this.textAt - 2) === LETTER_T;
  }

  get text(): string {
    return unescapeText(this.line.slice(this.textAt));
  }
}

/**
 * The messages with ids above `after`, in one pass: a single `COPY (select …) TO STDOUT`, parsed
 * here page by page. Messages have no index on id (the bound is a filter on the one sequential
 * read), and COPY's text lines cost far less to read than rows of the extended protocol. Only the
 * conversations that are opted out are joined (a small hash; what else a flag needs of its
 * conversation is looked up for the matches alone, when flagging). Answers how many messages were
 * read and the highest id among them, the next run's starting point.
 */
export async function scanByCopy(
  pool: pg.Pool,
  after: number,
  onPage: (lines: readonly string[]) => void,
): Promise<{ scanned: number; lastId: number }> {
  const client = await pool.connect();
  try {
    // Right after an import the statistics may not know the tables' sizes yet: a nested loop
    // over a million messages would look up each one's conversation. Parallel workers would only
    // pass every line through one more queue on a machine whose cores the matching uses.
    await client.query('set enable_nestloop = off; set max_parallel_workers_per_gather = 0; set jit = off');
    const stream = client.query(
      copyTo(`copy (
        select m.id, m.conversation_id, m.texter_id, m.from_contact, o.id is not null, m.text
          from messages m left join (select id from conversations where opted_out) o on o.id = m.conversation_id
         where m.id > ${Math.trunc(after)}) to stdout`),
    );
    const read = await readLines(stream as AsyncIterable<Buffer>, onPage);
    await client.query('reset enable_nestloop; reset max_parallel_workers_per_gather; reset jit');
    client.release();
    return read;
  } catch (error) {
    // A connection left inside a failed COPY is not given back to the pool.
    client.release(error as Error);
    throw error;
  }
}

/** Splits the stream into lines, pages of them to `onPage`; counts them and finds the highest id. */
async function readLines(
  stream: AsyncIterable<Buffer>,
  onPage: (lines: readonly string[]) => void,
): Promise<{ scanned: number; lastId: number }> {
  // A chunk may end inside a line, even inside a character.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let page: string[] = [];
  let scanned = 0;
  let lastId = 0;
  const add = (lines: string[]) => {
    for (const line of lines) {
      lastId = Math.max(lastId, integerAt(line, 0));
      page.push(line);
    }
    scanned += lines.length;
    if (page.length >= PAGE) {
      onPage(page);
      page = [];
    }
  };
  for await (const chunk of stream) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    add(lines);
  }
  if (rest) add([rest]);
  if (page.length > 0) onPage(page);
  return { scanned, lastId };
}
