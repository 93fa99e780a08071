import { sql } from 'kysely';
import {
  analyzeStaging,
  BinaryRows,
  copyBinary,
  copyRows,
  type MergeCounts,
  mergeMessages,
  mergeNamed,
  mergeStaged,
  messageKeyOfRange,
  type PhaseClock,
  refreshConversations,
  type Session,
  STAGING_COLUMNS,
} from '../../../conversations/index.js';
import type { ProgressListener } from '../progress.js';
import type { Layout } from './layouts.js';
import { type CsvBlock, NotStreamable, readCsv } from './records.js';
import type { CsvSource } from './sources.js';
import { MessageReader, StreamFields, type Texter } from './stream-fields.js';

/**
 * The streamed CSV import: Node reads the files (records.ts, streamFields.ts), resolves every row
 * and writes what is new straight into the store with binary COPY — contacts, conversations (with
 * ids reserved from their sequence, so that their messages can be written first and their counts
 * come with them), messages, tags and answers — while rows of conversations already stored are
 * staged and merged set-based like the staged path does. Held in memory: the import's keys and
 * ids (about 150 bytes per conversation) and the new conversations' tag and answer rows until
 * they are written after them, never its messages; a contacts file is read once per table it
 * feeds, a messages file once (twice when it also holds messages of stored conversations). On a
 * source's first import, contacts are written as their files are first read.
 *
 * It reads contacts files of every layout and the messages files of the layouts whose messages
 * do not name their sender (StateVoices ≥ v10, legacy); for anything it cannot read with
 * certainty it throws NotStreamable, and the caller starts over on the staged path, which reads
 * everything PostgreSQL reads and reports every bad row. Runs inside the import's transaction.
 */

export interface StreamFile {
  no: number;
  source: CsvSource;
  layout: Layout;
  header: string[];
}

export interface StreamedResult {
  counts: MergeCounts;
  refreshed: number;
  /** Records per file number. */
  rows: Map<number, number>;
}

/** Whether the streamed path reads these files at all. */
export function streamable(files: readonly StreamFile[]): boolean {
  return files.every(
    (f) =>
      f.layout.role === 'contacts' ||
      (f.layout.role === 'messages' && f.layout.texterIs === null && f.layout.fields.sentAt !== undefined),
  );
}

/** Beyond this many contacts in one import, the staged path (constant memory) imports it. */
const MAX_CONVERSATIONS = 2_000_000;

const MESSAGE_COLUMNS = ['conversation_id', 'spoke_key', 'from_contact', 'text', 'send_status', 'sent_at'];
const CONVERSATION_COLUMNS = [
  'id',
  'source_id',
  'spoke_key',
  'campaign_id',
  'contact_id',
  'texter_id',
  'external_id',
  'message_status',
  'is_opted_out',
  'opted_out',
  'custom_fields',
  'created_at',
  'updated_at',
  'message_count',
  'contact_replied',
  'first_message_at',
  'last_message_at',
];
/** The staged conversation row, with where it came from and its tag names and answers as read. */
const STAGED_CONVERSATION_COLUMNS = [
  ...STAGING_COLUMNS.imp_conversations,
  'ref_file',
  'ref_rec',
  'tag_names',
  'answers',
];
const STAGED_MESSAGE_COLUMNS = [
  'conversation_key',
  'spoke_key',
  'from_contact',
  'text',
  'send_status',
  'sent_at',
  'ref_file',
  'ref_rec',
];

/** A time in microseconds as PostgreSQL reads it back exactly. */
function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

/** The value of `key` in `map`, made and kept on first use. */
function obtain<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** desc nulls last: negative when `a` sorts first. */
function laterFirst(a: number, b: number): number {
  const aNull = Number.isNaN(a);
  const bNull = Number.isNaN(b);
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  return b - a;
}

function add(counts: MergeCounts, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

function addAll(counts: MergeCounts, more: MergeCounts): void {
  for (const [key, n] of Object.entries(more)) add(counts, key, n);
}

/**
 * Reserves `n` ids from the sequence of `table.id`, ascending. They are consecutive unless another
 * session drew from the sequence meanwhile; only then are they all sent.
 */
async function reserveIds(
  db: Session['db'],
  table: 'conversations' | 'contacts',
  n: number,
): Promise<number[]> {
  if (n === 0) return [];
  // The sequence named as a constant: evaluated per row, the lookup costs more than nextval.
  const named = await sql<{ seq: string }>`select pg_get_serial_sequence(${table}, 'id') as seq`.execute(db);
  const seq = sql.lit(named.rows[0]?.seq ?? '');
  const { rows } = await sql<{ low: string; high: string; ids: string | null }>`
    select min(id) as low, max(id) as high,
           case when max(id) - min(id) + 1 <> ${n}::integer then string_agg(id::text, ',') end as ids
      from (select nextval(${seq}::regclass) as id from generate_series(1, ${n}::integer)) v`.execute(db);
  const row = rows[0];
  const low = Number(row?.low);
  if (row?.ids) {
    return row.ids
      .split(',')
      .map(Number)
      .sort((a, b) => a - b);
  }
  return Array.from({ length: n }, (_, i) => low + i);
}

/** A temporary table of one key column holding `keys`, to match them against the store in one join. */
async function keyTable(
  session: Session,
  table: string,
  column: string,
  keys: readonly string[],
): Promise<void> {
  await sql`create temporary table ${sql.table(table)} (${sql.ref(column)} text collate "C" not null) on commit drop`.execute(
    session.db,
  );
  await copyRows(
    session.client,
    table,
    [column],
    keys.map((k) => [k]),
  );
}

export async function importStreamed(
  session: Session,
  sourceId: number,
  files: readonly StreamFile[],
  options: { country: (raw: string) => string | null; clock: PhaseClock; onProgress: ProgressListener },
): Promise<StreamedResult> {
  const { db, client } = session;
  const { clock, onProgress } = options;
  const contactFiles = files.filter((f) => f.layout.role === 'contacts');
  const messageFiles = files.filter((f) => f.layout.role === 'messages');
  const fieldsOf = new Map(files.map((f) => [f.no, new StreamFields(f.layout, f.header, options.country)]));
  const fields = (file: StreamFile) => fieldsOf.get(file.no)!;
  const rows = new Map<number, number>();
  const counts: MergeCounts = {};
  type Visit = (file: StreamFile, block: CsvBlock, r: number, index: number) => void;

  /**
   * Each block of records of the given files in file order, with the running index over all of
   * them of its first record. The first reading of a file counts its records.
   */
  async function* records(list: readonly StreamFile[], phase: string) {
    let index = 0;
    for (const file of list) {
      const total = file.source.bytes;
      const counting = !rows.has(file.no);
      let count = 0;
      for await (const block of readCsv(file.source, file.header.length, (done) =>
        onProgress({ phase: `${phase} ${file.source.name}`, done, total, unit: 'bytes' }),
      )) {
        yield { file, block, index };
        index += block.records;
        count += block.records;
      }
      if (counting) rows.set(file.no, count);
    }
  }

  async function each(list: readonly StreamFile[], phase: string, visit: Visit): Promise<void> {
    for await (const { file, block, index } of records(list, phase)) {
      for (let r = 0; r < block.records; r++) visit(file, block, r, index + r);
    }
  }

  /** Rows `make` derives from records (null: none), streamed as they are read. */
  async function* derived<T>(
    list: readonly StreamFile[],
    phase: string,
    make: (file: StreamFile, block: CsvBlock, r: number, index: number) => T | null,
  ): AsyncGenerator<T> {
    for await (const { file, block, index } of records(list, phase)) {
      for (let r = 0; r < block.records; r++) {
        const row = make(file, block, r, index + r);
        if (row !== null) yield row;
      }
    }
  }

  /** Streams what `visit` writes into `out` to `table` with COPY, reading the files once. */
  async function copyFromFiles(
    list: readonly StreamFile[],
    phase: string,
    table: string,
    columns: readonly string[],
    out: BinaryRows,
    visit: Visit,
  ): Promise<number> {
    async function* chunks() {
      for await (const { file, block, index } of records(list, phase)) {
        for (let r = 0; r < block.records; r++) visit(file, block, r, index + r);
        const chunk = out.take(1 << 18);
        if (chunk) yield chunk;
      }
      yield out.finish();
    }
    return copyBinary(client, table, columns, chunks());
  }

  const has = async (table: 'conversations' | 'contacts' | 'opt_outs') =>
    (
      await sql<{
        any: boolean;
      }>`select exists (select 1 from ${sql.table(table)} where source_id = ${sourceId}) as any`.execute(db)
    ).rows[0]?.any ?? false;
  // A source's first import (nothing of it stored): every contact is new, and written as the
  // contacts files are first read.
  const sourceHas = {
    conversations: await has('conversations'),
    contacts: await has('contacts'),
    optOuts: await has('opt_outs'),
  };
  const first = !sourceHas.conversations && !sourceHas.contacts && !sourceHas.optOuts;

  // 1. Contacts files: conversation keys, and cells with the row that names each (the latest);
  //    the campaigns, texters and tags they name, per file as the staged path stages them.
  const convKeys: string[] = [];
  const convIndex = new Map<string, number>();
  const convCell: number[] = [];
  const cellKeys: string[] = [];
  const cellIndex = new Map<string, number>();
  const cellWinner: number[] = [];
  const winnerUpdated: number[] = [];
  const winnerCreated: number[] = [];
  const titles = new Map<number, Map<string, Set<string | null>>>();
  const texters = new Map<number, Map<string, Texter>>();
  const tagNames = new Set<string>();
  /** On a first import, names of contacts whose latest row came after the one written. */
  const renamed = new Map<number, (string | null)[]>();
  const contactsOut = new BinaryRows();
  const contactName = (f: StreamFields, block: CsvBlock, r: number) => [
    f.text(block, r, 'firstName'),
    f.text(block, r, 'lastName'),
    f.text(block, r, 'zip'),
  ];
  let lastCampaignRead: unknown = null;
  let lastCampaignFile = 0;
  const readContact: Visit = (file, block, r) => {
    const f = fields(file);
    const key = f.conversationKey(block, r);
    const i = convKeys.length;
    convIndex.set(key, i);
    // One map operation: a key given twice does not grow the map.
    if (convIndex.size === i) throw new NotStreamable('a contact given twice');
    if (i >= MAX_CONVERSATIONS) throw new NotStreamable('too many contacts to hold their keys');
    convKeys.push(key);
    const cell = f.phone(block, r, 'cell');
    if (cell === null) throw new NotStreamable('no cell');
    const updated = f.micros(block, r, 'updatedAt') ?? Number.NaN;
    const created = f.micros(block, r, 'createdAt') ?? Number.NaN;
    let c = cellIndex.get(cell);
    if (c === undefined) {
      c = cellKeys.length;
      cellKeys.push(cell);
      cellIndex.set(cell, c);
      cellWinner.push(i);
      winnerUpdated.push(updated);
      winnerCreated.push(created);
      if (first) {
        contactsOut.row(5).int4(sourceId).ascii(cell);
        f.writeText(contactsOut, block, r, 'firstName', '');
        f.writeText(contactsOut, block, r, 'lastName', '');
        f.writeText(contactsOut, block, r, 'zip', null);
      }
    } else {
      // mergeStaged: the latest row (updated_at, then created_at, desc nulls last) names the contact.
      const order = laterFirst(updated, winnerUpdated[c]!) || laterFirst(created, winnerCreated[c]!);
      if (order < 0) {
        cellWinner[c] = i;
        winnerUpdated[c] = updated;
        winnerCreated[c] = created;
        if (first) renamed.set(c, contactName(f, block, r));
      }
    }
    convCell.push(c);

    const fileTitles = obtain(titles, file.no, () => new Map<string, Set<string | null>>());
    const campaign = f.campaign(block, r);
    // Titles are kept per file: a campaign seen last in another file is new to this one.
    if (campaign !== lastCampaignRead || file.no !== lastCampaignFile) {
      lastCampaignRead = campaign;
      lastCampaignFile = file.no;
      obtain(fileTitles, campaign.key, () => new Set<string | null>()).add(campaign.title);
    }
    const texter = f.texter(block, r);
    if (texter) {
      const fileTexters = obtain(texters, file.no, () => new Map<string, Texter>());
      // The latest row naming a texter says how (the staged path's rule); rows read the same
      // way give the same object.
      if (fileTexters.get(texter.key) !== texter) {
        fileTexters.delete(texter.key);
        fileTexters.set(texter.key, texter);
      }
    }
    if (f.hasTags) for (const name of f.tagNames(block, r)) tagNames.add(name);
  };
  /** Contact id per cell, once known. */
  let cellIds = new Float64Array(0);
  if (first) {
    // Contacts get their ids from the sequence as COPY writes them: one after the other, unless
    // another import took some meanwhile (then they are looked up).
    const written = await clock.time('copy contacts', () =>
      copyFromFiles(
        contactFiles,
        'reading',
        'contacts',
        ['source_id', 'cell', 'first_name', 'last_name', 'zip'],
        contactsOut,
        readContact,
      ),
    );
    add(counts, 'contacts_inserted', written);
    await clock.time('contact ids', async () => {
      cellIds = new Float64Array(cellKeys.length);
      const range = await sql<{ low: string | null; high: string | null }>`
        select min(id) as low, max(id) as high from contacts where source_id = ${sourceId}`.execute(db);
      const low = Number(range.rows[0]?.low ?? 0);
      const high = Number(range.rows[0]?.high ?? -1);
      if (high - low + 1 === cellKeys.length) {
        for (let c = 0; c < cellKeys.length; c++) cellIds[c] = low + c;
      } else {
        const found = await sql<{ cell: string; id: string }>`
          select cell, id from contacts where source_id = ${sourceId}`.execute(db);
        for (const row of found.rows) cellIds[cellIndex.get(row.cell)!] = Number(row.id);
      }
      if (renamed.size > 0) {
        await copyRows(
          client,
          'imp_contacts',
          ['cell', 'first_name', 'last_name', 'zip'],
          [...renamed].map(([c, name]) => [cellKeys[c]!, ...name]),
        );
        await sql`
          update contacts t set first_name = coalesce(s.first_name, ''), last_name = coalesce(s.last_name, ''), zip = s.zip
            from imp_contacts s where t.source_id = ${sourceId} and t.cell = s.cell`.execute(db);
        await sql`truncate imp_contacts`.execute(db);
      }
    });
  } else {
    await clock.time('read contacts', () => each(contactFiles, 'reading', readContact));
  }
  const n = convKeys.length;

  // 2. What is stored already; ids for the rest.
  const stored = new Uint8Array(n);
  const cellStored = new Uint8Array(cellKeys.length);
  const optOuts = new Set<string>();
  let storedConversations = 0;
  if (!first) {
    cellIds = new Float64Array(cellKeys.length).fill(Number.NaN);
    await clock.time('find stored rows', async () => {
      if (n > 0 && sourceHas.conversations) {
        await keyTable(session, 'imp_keys', 'spoke_key', convKeys);
        const found = await sql<{ spoke_key: string }>`
          select k.spoke_key from imp_keys k
           where exists (select 1 from conversations c where c.source_id = ${sourceId} and c.spoke_key = k.spoke_key)`.execute(
          db,
        );
        for (const row of found.rows) {
          stored[convIndex.get(row.spoke_key)!] = 1;
          storedConversations++;
        }
      }
      const contacts = sourceHas.contacts;
      const optedOut = sourceHas.optOuts;
      if (cellKeys.length > 0 && (contacts || optedOut)) {
        await keyTable(session, 'imp_cells', 'cell', cellKeys);
        if (contacts) {
          const found = await sql<{ cell: string; id: string }>`
            select p.cell, p.id from imp_cells c join contacts p on p.source_id = ${sourceId} and p.cell = c.cell`.execute(
            db,
          );
          for (const row of found.rows) {
            const c = cellIndex.get(row.cell)!;
            cellStored[c] = 1;
            cellIds[c] = Number(row.id);
          }
        }
        if (optedOut) {
          const found = await sql<{ organization_key: string; cell: string }>`
            select o.organization_key, o.cell from opt_outs o join imp_cells c on c.cell = o.cell
             where o.source_id = ${sourceId}`.execute(db);
          for (const row of found.rows) optOuts.add(`${row.organization_key}\u001f${row.cell}`);
        }
      }
    });
  }
  const freshConversations = n - storedConversations;
  const freshCells = first ? 0 : cellKeys.length - cellStored.reduce((a, b) => a + b, 0);
  const [conversationIds, contactIds] = await clock.time('reserve ids', async () => [
    await reserveIds(db, 'conversations', freshConversations),
    await reserveIds(db, 'contacts', freshCells),
  ]);
  const convId = new Float64Array(n).fill(Number.NaN);
  let nextConversationId = 0;

  // 3. Messages: those of new conversations straight into the store (ids given in the order the
  //    conversations first appear, so the thread index is appended to), counted per conversation;
  //    the others staged for mergeMessages.
  const messageCount = new Int32Array(n);
  const replied = new Uint8Array(n);
  const firstAt = new Float64Array(n).fill(Number.NaN);
  const lastAt = new Float64Array(n).fill(Number.NaN);
  const messageCampaigns = new Set<string>();
  const readers = new Map(messageFiles.map((f) => [f.no, new MessageReader(fields(f))]));
  let lastCampaign: string | null = null;
  const readMessage = (file: StreamFile, block: CsvBlock, r: number): MessageReader => {
    const m = readers.get(file.no)!;
    m.read(block, r);
    if (m.campaign !== lastCampaign) {
      lastCampaign = m.campaign;
      messageCampaigns.add(m.campaign);
    }
    return m;
  };
  let pending = 0;
  let streamedMessages = 0;
  // Without new conversations, every message is staged: one reading of the files.
  const streamFresh = freshConversations > 0 && messageFiles.length > 0;
  if (streamFresh) {
    const out = new BinaryRows();
    let lastKey: string | null = null;
    let lastIndex: number | undefined;
    const writeMessage: Visit = (file, block, r) => {
      const m = readMessage(file, block, r);
      // A conversation's messages come together: the same key (the same string) as before.
      if (m.key !== lastKey) {
        lastKey = m.key;
        lastIndex = convIndex.get(m.key);
      }
      const i = lastIndex;
      if (i === undefined || stored[i]) {
        pending++;
        return;
      }
      let id = convId[i]!;
      if (Number.isNaN(id)) {
        id = conversationIds[nextConversationId++]!;
        convId[i] = id;
      }
      out.message(
        id,
        messageKeyOfRange(m.key, m.fromContact, m.micros, m.textBuf, m.textStart, m.textEnd),
        m.fromContact,
        m.textBuf,
        m.textStart,
        m.textEnd,
        m.statusBuf,
        m.statusStart,
        m.statusEnd,
        m.micros,
      );
      messageCount[i]!++;
      if (m.fromContact) replied[i] = 1;
      if (!(m.micros >= firstAt[i]!)) firstAt[i] = m.micros;
      if (!(m.micros <= lastAt[i]!)) lastAt[i] = m.micros;
    };
    streamedMessages = await clock.time('copy messages', () =>
      copyFromFiles(messageFiles, 'reading', 'messages', MESSAGE_COLUMNS, out, writeMessage),
    );
  } else {
    pending = messageFiles.length;
  }
  add(counts, 'messages_inserted', streamedMessages);
  if (pending > 0) {
    const out = new BinaryRows();
    await clock.time('stage messages', () =>
      copyFromFiles(
        messageFiles,
        'reading',
        'imp_messages',
        STAGED_MESSAGE_COLUMNS,
        out,
        (file, block, r) => {
          const m = readMessage(file, block, r);
          const i = convIndex.get(m.key);
          if (i !== undefined && !stored[i]) return;
          out
            .row(8)
            .text(m.key)
            .range(
              messageKeyOfRange(m.key, m.fromContact, m.micros, m.textBuf, m.textStart, m.textEnd),
              0,
              24,
            )
            .bool(m.fromContact)
            .range(m.textBuf, m.textStart, m.textEnd);
          if (m.statusBuf) out.range(m.statusBuf, m.statusStart, m.statusEnd);
          else out.null();
          out
            .timestamptz(m.micros)
            .int4(file.no)
            .int8(block.first + r);
        },
      ),
    );
  }
  for (let i = 0; i < n; i++) {
    if (!stored[i] && Number.isNaN(convId[i]!)) convId[i] = conversationIds[nextConversationId++]!;
  }

  // 4. New contacts (one per cell: the latest row names it), unless written already; those
  //    stored staged with the names of their latest rows.
  if (freshCells > 0) {
    let nextContactId = 0;
    const out = new BinaryRows();
    add(
      counts,
      'contacts_inserted',
      await clock.time('copy contacts', () =>
        copyFromFiles(
          contactFiles,
          'storing contacts of',
          'contacts',
          ['id', 'source_id', 'cell', 'first_name', 'last_name', 'zip'],
          out,
          (file, block, r, i) => {
            const c = convCell[i]!;
            if (cellWinner[c] !== i || cellStored[c]) return;
            const id = contactIds[nextContactId++]!;
            cellIds[c] = id;
            const f = fields(file);
            out.row(6).int8(id).int4(sourceId).ascii(cellKeys[c]!);
            f.writeText(out, block, r, 'firstName', '');
            f.writeText(out, block, r, 'lastName', '');
            f.writeText(out, block, r, 'zip', null);
          },
        ),
      ),
    );
  }
  if (!first && freshCells < cellKeys.length) {
    await clock.time('stage contacts', () =>
      copyRows(
        client,
        'imp_contacts',
        ['cell', 'first_name', 'last_name', 'zip'],
        derived(contactFiles, 'staging contacts of', (file, block, r, i) => {
          const c = convCell[i]!;
          if (cellWinner[c] !== i || !cellStored[c]) return null;
          return [cellKeys[c]!, ...contactName(fields(file), block, r)];
        }),
      ),
    );
  }

  // 5. The named things merged, for their ids.
  const campaignIds = new Map<string, { id: number; org: string }>();
  const texterIds = new Map<string, number>();
  const tagIds = new Map<string, number>();
  const questionIds = new Map<string, number>();
  await clock.time('merge named', async () => {
    const campaigns: { file: number; key: string; title: string | null }[] = [];
    for (const [file, fileTitles] of titles) {
      for (const [key, set] of fileTitles) for (const title of set) campaigns.push({ file, key, title });
    }
    // Campaigns only messages files name exist too (as the staged path creates them).
    for (const key of messageCampaigns) campaigns.push({ file: 0, key, title: null });
    await sql`
      insert into imp_campaigns (spoke_key, title)
      select key, max(title) from unnest(${campaigns.map((c) => c.file)}::integer[], ${campaigns.map((c) => c.key)}::text[],
                                         ${campaigns.map((c) => c.title)}::text[]) as u(file, key, title)
       group by file, key`.execute(db);
    const texterRows = [...texters.values()].flatMap((m) =>
      [...m.values()].map((t) => [t.key, t.first, t.last, t.email, t.cell]),
    );
    await copyRows(
      client,
      'imp_texters',
      ['spoke_key', 'first_name', 'last_name', 'email', 'cell'],
      texterRows,
    );
    await sql`insert into imp_tags (spoke_key, name) select 'n:' || name, name from unnest(${[...tagNames]}::text[]) as name`.execute(
      db,
    );
    for (const file of contactFiles) {
      const questions = file.layout.questions.map((q) => q.question);
      if (questions.length === 0) continue;
      await sql`
        insert into imp_survey_questions (campaign_key, spoke_key, question, allowed_responses, sort)
        select k, 'q:' || q.question, q.question, null, q.sort
          from unnest(${[...(titles.get(file.no)?.keys() ?? [])]}::text[]) as k
         cross join unnest(${questions}::text[], ${questions.map((_, i) => i + 1)}::integer[]) as q(question, sort)`.execute(
        db,
      );
    }
    addAll(counts, await mergeNamed(db, sourceId, clock));
    await sql`truncate imp_campaigns, imp_texters, imp_tags, imp_survey_questions`.execute(db);

    const campaignKeys = [...new Set(campaigns.map((c) => c.key))];
    const found = await sql<{ spoke_key: string; id: number; org: string }>`
      select spoke_key, id, coalesce(organization_key, '') as org from campaigns
       where source_id = ${sourceId} and spoke_key = any(${campaignKeys}::text[])`.execute(db);
    for (const row of found.rows) campaignIds.set(row.spoke_key, { id: row.id, org: row.org });
    const texterKeys = [...new Set(texterRows.map((t) => t[0] ?? ''))];
    const foundTexters = await sql<{ spoke_key: string; id: number }>`
      select spoke_key, id from texters where source_id = ${sourceId} and spoke_key = any(${texterKeys}::text[])`.execute(
      db,
    );
    for (const row of foundTexters.rows) texterIds.set(row.spoke_key, row.id);
    const tags = await sql<{ spoke_key: string; id: number }>`
      select spoke_key, id from tags
       where source_id = ${sourceId} and spoke_key = any(${[...tagNames].map((t) => `n:${t}`)}::text[])`.execute(
      db,
    );
    for (const row of tags.rows) tagIds.set(row.spoke_key, row.id);
    const questions = await sql<{ campaign: string; spoke_key: string; id: number }>`
      select k.spoke_key as campaign, q.spoke_key, q.id from survey_questions q join campaigns k on k.id = q.campaign_id
       where k.source_id = ${sourceId} and k.spoke_key = any(${campaignKeys}::text[])`.execute(db);
    for (const row of questions.rows) questionIds.set(`${row.campaign}\u001f${row.spoke_key}`, row.id);
  });

  // 6. New conversations, with their counts; their tags and answers (few rows, kept meanwhile)
  //    after them. Rows of stored ones are staged for mergeStaged.
  const touched: number[] = [];
  const tagsOut = new BinaryRows();
  const answersOut = new BinaryRows();
  const conversationsOut = new BinaryRows();
  const writeConversation: Visit = (file, block, r, i) => {
    if (stored[i]) return;
    const f = fields(file);
    const campaignKey = f.campaign(block, r).key;
    const campaign = campaignIds.get(campaignKey);
    if (!campaign) throw new NotStreamable('a campaign went missing');
    const texter = f.texter(block, r);
    const texterId = texter ? texterIds.get(texter.key) : undefined;
    if (texter && texterId === undefined) throw new NotStreamable('a texter went missing');
    const isOptedOut = f.optedOut(block, r) ?? false;
    const cell = cellKeys[convCell[i]!]!;
    const id = convId[i]!;
    conversationsOut
      .row(17)
      .int8(id)
      .int4(sourceId)
      .text(convKeys[i]!)
      .int4(campaign.id)
      .int8(cellIds[convCell[i]!]!);
    if (texterId === undefined) conversationsOut.null();
    else conversationsOut.int4(texterId);
    f.writeText(conversationsOut, block, r, 'externalId', null);
    f.writeText(conversationsOut, block, r, 'messageStatus', null);
    conversationsOut
      .bool(isOptedOut)
      .bool(isOptedOut || (optOuts.size > 0 && optOuts.has(`${campaign.org}\u001f${cell}`)))
      .jsonb(f.customFields(block, r));
    const created = f.micros(block, r, 'createdAt');
    const updated = f.micros(block, r, 'updatedAt');
    if (created === null) conversationsOut.null();
    else conversationsOut.timestamptz(created);
    if (updated === null) conversationsOut.null();
    else conversationsOut.timestamptz(updated);
    const count = messageCount[i]!;
    conversationsOut.int4(count).bool(replied[i] === 1);
    if (count === 0) conversationsOut.null().null();
    else conversationsOut.timestamptz(firstAt[i]!).timestamptz(lastAt[i]!);
    // As mergeStaged: without an assignee, the latest sender stands in (refresh.ts).
    if (texterId === undefined && count > 0) touched.push(id);

    if (f.hasTags) {
      const ids = f
        .tagNames(block, r)
        .map((name) => tagIds.get(`n:${name}`))
        .sort((a, b) => (a ?? 0) - (b ?? 0));
      let previous = -1;
      for (const tag of ids) {
        if (tag === undefined) throw new NotStreamable('a tag went missing');
        if (tag === previous) continue;
        previous = tag;
        tagsOut.row(2).int8(id).int4(tag);
      }
    }
    if (file.layout.questions.length > 0) {
      const answers = f.answers(block, r);
      const given: [number, string][] = [];
      file.layout.questions.forEach(({ question }, q) => {
        const value = answers[q];
        if (value === null || value === undefined) return;
        const questionId = questionIds.get(`${campaignKey}\u001fq:${question}`);
        if (questionId === undefined) throw new NotStreamable('a question went missing');
        given.push([questionId, value]);
      });
      given.sort((a, b) => a[0] - b[0]);
      for (const [question, value] of given) answersOut.row(3).int8(id).int4(question).text(value);
    }
  };
  if (freshConversations > 0) {
    add(
      counts,
      'conversations_inserted',
      await clock.time('copy conversations', () =>
        copyFromFiles(
          contactFiles,
          'storing conversations of',
          'conversations',
          CONVERSATION_COLUMNS,
          conversationsOut,
          writeConversation,
        ),
      ),
    );
  }
  if (tagsOut.rows > 0) {
    add(
      counts,
      'conversation_tags_inserted',
      await clock.time('copy tags', () =>
        copyBinary(client, 'conversation_tags', ['conversation_id', 'tag_id'], [tagsOut.finish()]),
      ),
    );
  }
  if (answersOut.rows > 0) {
    add(
      counts,
      'survey_responses_inserted',
      await clock.time('copy answers', () =>
        copyBinary(
          client,
          'survey_responses',
          ['conversation_id', 'question_id', 'value'],
          [answersOut.finish()],
        ),
      ),
    );
  }
  const surveyed = contactFiles.filter((f) => f.layout.questions.length > 0);

  if (storedConversations > 0) {
    await clock.time('stage conversations', async () => {
      await copyRows(
        client,
        'imp_conversations',
        STAGED_CONVERSATION_COLUMNS,
        derived(contactFiles, 'staging', (file, block, r, i) => {
          if (!stored[i]) return null;
          const f = fields(file);
          const created = f.micros(block, r, 'createdAt');
          const updated = f.micros(block, r, 'updatedAt');
          const surveyed = file.layout.questions.length > 0;
          return [
            convKeys[i]!,
            f.campaignKey(block, r),
            cellKeys[convCell[i]!]!,
            f.text(block, r, 'firstName'),
            f.text(block, r, 'lastName'),
            f.text(block, r, 'zip'),
            f.texter(block, r)?.key ?? null,
            f.text(block, r, 'externalId'),
            f.text(block, r, 'messageStatus'),
            f.optedOut(block, r),
            f.customFields(block, r),
            created === null ? null : isoMicros(created),
            updated === null ? null : isoMicros(updated),
            f.has('tags'),
            surveyed,
            file.no,
            block.first + r,
            f.has('tags') ? f.tagNames(block, r) : null,
            // Unanswered is '' here (array elements travel as text); only answers are staged.
            surveyed ? f.answers(block, r).map((a) => a ?? '') : null,
          ];
        }),
      );
      await sql`
        insert into imp_conversation_tags (conversation_key, tag_key, value)
        select s.spoke_key, 'n:' || t.name, null from imp_conversations s cross join unnest(s.tag_names) as t(name)`.execute(
        db,
      );
      for (const file of surveyed) {
        const questions = file.layout.questions.map((q) => q.question);
        await sql`
          insert into imp_survey_responses (conversation_key, question_key, value)
          select s.spoke_key, 'q:' || a.question, a.value
            from imp_conversations s cross join lateral unnest(${questions}::text[], s.answers) as a(question, value)
           where s.ref_file = ${file.no} and a.value <> ''`.execute(db);
      }
    });
  }

  // 5. What was staged (rows of stored conversations, messages of others) merged as on the
  //    staged path; messages whose contact is nowhere are left to that path to report.
  if (storedConversations > 0 || pending > 0 || (!first && freshCells < cellKeys.length)) {
    await clock.time('analyze staging', () => analyzeStaging(db));
  }
  addAll(
    counts,
    await mergeStaged(db, sourceId, {
      clock,
      named: false,
      contactsStaged: true,
      uniqueConversations: true,
      analyze: false,
    }),
  );
  if (pending > 0) {
    const orphans = await sql<{ any: boolean }>`
      select exists (select 1 from imp_messages m
                      where not exists (select 1 from conversations c
                                         where c.source_id = ${sourceId} and c.spoke_key = m.conversation_key)) as any`.execute(
      db,
    );
    if (orphans.rows[0]?.any) throw new NotStreamable('messages without a contact');
  }
  addAll(counts, await mergeMessages(db, sourceId, { clock }));
  if (touched.length > 0) {
    await sql`insert into imp_touched (id) select unnest(${touched}::bigint[]) on conflict do nothing`.execute(
      db,
    );
  }
  const refreshed = await clock.time('refresh conversations', () => refreshConversations(db));
  return { counts, refreshed, rows };
}
