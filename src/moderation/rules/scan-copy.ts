import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A message as a rule run reads it, with what its conversation says. */
export interface ScannedMessage {
  id: number;
  conversation_id: number;
  campaign_id: number;
  /** The author when a texter wrote it. */
  texter_id: number | null;
  from_contact: boolean;
  text: string;
  opted_out: boolean;
}

/** Rows handed on at a time. */
const PAGE = 20_000;

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '\\': '\\' };

/** COPY's text format escapes backslashes and control characters; most texts have none. */
function unescapeText(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : field;
}

/** One line of the COPY below: the five short columns first, the text last (it may hold tabs escaped). */
function parseLine(line: string): ScannedMessage {
  let at = 0;
  const next = () => {
    const end = line.indexOf('\t', at);
    const field = line.slice(at, end);
    at = end + 1;
    return field;
  };
  const id = Number(next());
  const conversation = Number(next());
  const campaign = Number(next());
  const texter = next();
  const fromContact = next() === 't';
  const optedOut = next() === 't';
  return {
    id,
    conversation_id: conversation,
    campaign_id: campaign,
    texter_id: texter === '\\N' ? null : Number(texter),
    from_contact: fromContact,
    opted_out: optedOut,
    text: unescapeText(line.slice(at)),
  };
}

/**
 * The messages with ids in (after, through], with their conversations, in one pass: a single
 * `COPY (select …) TO STDOUT` over the messages hash-joined with their conversations, parsed
 * here. Messages have no index on id (the range is a filter on the one sequential read), and
 * COPY's text lines cost far less to read than rows of the extended protocol.
 */
export async function scanByCopy(
  pool: pg.Pool,
  range: { after: number; through: number },
  onPage: (rows: ScannedMessage[]) => void,
): Promise<void> {
  const client = await pool.connect();
  try {
    // Right after an import the statistics may not know the tables' sizes yet: a nested loop
    // over a million messages would look up each one's conversation.
    await client.query('set enable_nestloop = off');
    const after = Math.trunc(range.after);
    const through = Math.trunc(range.through);
    const stream = client.query(
      copyTo(`copy (
        select m.id, m.conversation_id, c.campaign_id,
               case when m.from_contact then null else coalesce(m.texter_id, c.texter_id) end,
               m.from_contact, c.opted_out, m.text
          from messages m join conversations c on c.id = m.conversation_id
         where m.id > ${after} and m.id <= ${through}) to stdout`),
    );
    // A chunk may end inside a line, even inside a character.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let page: ScannedMessage[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) page.push(parseLine(line));
      if (page.length >= PAGE) {
        onPage(page);
        page = [];
      }
    }
    if (rest) page.push(parseLine(rest));
    if (page.length > 0) onPage(page);
    await client.query('reset enable_nestloop');
    client.release();
  } catch (error) {
    // A connection left inside a failed COPY is not given back to the pool.
    client.release(error as Error);
    throw error;
  }
}
