import { sql } from 'kysely';
import type { PhaseClock } from './clock.js';
import { BinaryRows, type CopyValue, copyBinary, copyRows } from './copy.js';
import { messageKeyOfRange } from './keys.js';
import type { MergeCounts } from './merge.js';
import type { Session } from './session.js';
import { STAGING_COLUMNS, type StagingTable } from './staging.js';

/**
 * The ingest API: how a source hands rows to the store. New rows go straight into the store
 * tables with binary COPY (the fast path, for rows the source resolved itself); others are
 * staged for mergeStaged / mergeMessages. Only this folder writes the store; sources never
 * see a COPY statement.
 *
 * Rows are handed over as objects the source may reuse from one row to the next (an import
 * writes millions): the writer has read them when `add` returns. Texts read as bytes travel as
 * `Utf8` ranges, so no string is built for them.
 */

/** UTF-8 text `buf[start, end)`, already checked to be valid; empty means "not given". */
export interface Utf8 {
  buf: Uint8Array;
  start: number;
  end: number;
}

/** A fresh, empty `Utf8` slot. */
export function utf8(): Utf8 {
  return { buf: EMPTY, start: 0, end: 0 };
}

const EMPTY = new Uint8Array(0);

/**
 * Rows from a source: it calls `add` for each and yields now and then (after each block read),
 * when what was added so far is sent to the server.
 */
export type RowSource<T> = (add: (row: T) => void) => AsyncIterable<unknown>;

/** A contact. Empty names are stored as '' (the store's names are never null), an empty zip as null. */
export interface NewContact {
  /** Reserved with `reserveIds`; null when the sequence gives it (`writeContacts` without ids). */
  id: number | null;
  cell: string;
  firstName: Utf8;
  lastName: Utf8;
  zip: Utf8;
}

/** Times are microseconds since the Unix epoch; NaN for none. */
export interface NewConversation {
  id: number;
  spokeKey: string;
  campaignId: number;
  contactId: number;
  texterId: number | null;
  externalId: Utf8;
  messageStatus: Utf8;
  isOptedOut: boolean;
  /** The conversation's own flag, or an opt-out of its contact in its organisation. */
  optedOut: boolean;
  /** JSON object text. */
  customFields: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  contactReplied: boolean;
  firstMessageAt: number;
  lastMessageAt: number;
  /** Tag ids, in any order, repeats allowed. */
  tagIds: readonly number[];
  /** [question id, answer] pairs, one per question. */
  answers: readonly (readonly [number, string])[];
}

/** A message; its `spoke_key` is derived from it (keys.ts `messageKey`). An empty status is null. */
export interface NewMessage {
  conversationId: number;
  conversationKey: string;
  fromContact: boolean;
  text: Utf8;
  status: Utf8;
  /** Microseconds since the Unix epoch. */
  sentAt: number;
}

/** A message of a conversation not written by this import, for mergeMessages; `ref*` say where it was read. */
export interface StagedMessage extends Omit<NewMessage, 'conversationId'> {
  refFile: number;
  refRec: number;
}

const CONTACT_COLUMNS = ['source_id', 'cell', 'first_name', 'last_name', 'zip'];
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

/**
 * Streams into `table (columns)` with binary COPY what `fill` writes into its buffer, sending it
 * each time `fill` yields.
 */
async function copyStream(
  session: Session,
  table: string,
  columns: readonly string[],
  fill: (out: BinaryRows) => AsyncIterable<unknown>,
): Promise<number> {
  const out = new BinaryRows();
  async function* chunks() {
    for await (const _ of fill(out)) {
      const chunk = out.take(1 << 18);
      if (chunk) yield chunk;
    }
    yield out.finish();
  }
  return copyBinary(session.client, table, columns, chunks());
}

function writeUtf8(out: BinaryRows, text: Utf8, ifEmpty: '' | null): void {
  if (text.end > text.start) out.range(text.buf, text.start, text.end);
  else if (ifEmpty === null) out.null();
  else out.range(EMPTY, 0, 0);
}

function writeTime(out: BinaryRows, micros: number): void {
  if (Number.isNaN(micros)) out.null();
  else out.timestamptz(micros);
}

function writeContact(out: BinaryRows, sourceId: number, row: NewContact): void {
  if (row.id === null) out.row(5);
  else out.row(6).int8(row.id);
  out.int4(sourceId).ascii(row.cell);
  writeUtf8(out, row.firstName, '');
  writeUtf8(out, row.lastName, '');
  writeUtf8(out, row.zip, null);
}

function writeConversation(out: BinaryRows, sourceId: number, row: NewConversation): void {
  out.row(17).int8(row.id).int4(sourceId).text(row.spokeKey).int4(row.campaignId).int8(row.contactId);
  if (row.texterId === null) out.null();
  else out.int4(row.texterId);
  writeUtf8(out, row.externalId, null);
  writeUtf8(out, row.messageStatus, null);
  out.bool(row.isOptedOut).bool(row.optedOut).jsonb(row.customFields);
  writeTime(out, row.createdAt);
  writeTime(out, row.updatedAt);
  out.int4(row.messageCount).bool(row.contactReplied);
  if (row.messageCount === 0) out.null().null();
  else out.timestamptz(row.firstMessageAt).timestamptz(row.lastMessageAt);
}

/** A conversation's tags (each once) and answers, in id order, kept until its row is written. */
function keepTagsAndAnswers(tags: BinaryRows, answers: BinaryRows, row: NewConversation): void {
  if (row.tagIds.length > 0) {
    const ids = [...row.tagIds].sort((a, b) => a - b);
    let previous = -1;
    for (const tag of ids) {
      if (tag === previous) continue;
      previous = tag;
      tags.row(2).int8(row.id).int4(tag);
    }
  }
  if (row.answers.length > 0) {
    const given = [...row.answers].sort((a, b) => a[0] - b[0]);
    for (const [question, value] of given) answers.row(3).int8(row.id).int4(question).text(value);
  }
}

function writeMessage(out: BinaryRows, row: NewMessage): void {
  const { text, status } = row;
  const key = messageKeyOfRange(
    row.conversationKey,
    row.fromContact,
    row.sentAt,
    text.buf,
    text.start,
    text.end,
  );
  const given = status.end > status.start;
  out.message(
    row.conversationId,
    key,
    row.fromContact,
    text.buf,
    text.start,
    text.end,
    given ? status.buf : null,
    status.start,
    status.end,
    row.sentAt,
  );
}

function writeStagedMessage(out: BinaryRows, row: StagedMessage): void {
  const { text, status } = row;
  out
    .row(8)
    .text(row.conversationKey)
    .range(
      messageKeyOfRange(row.conversationKey, row.fromContact, row.sentAt, text.buf, text.start, text.end),
      0,
      24,
    )
    .bool(row.fromContact)
    .range(text.buf, text.start, text.end);
  writeUtf8(out, status, null);
  out.timestamptz(row.sentAt).int4(row.refFile).int8(row.refRec);
}

export interface IngestWriter {
  /** New contacts, with reserved ids or (`ids` false) ids from the sequence; returns the rows written. */
  writeContacts(rows: RowSource<NewContact>, ids: boolean): Promise<number>;
  /** New conversations, then their tags and answers; returns the counts by table. */
  writeConversations(rows: RowSource<NewConversation>): Promise<MergeCounts>;
  /** Messages of conversations this import writes; returns the rows written. */
  writeMessages(rows: RowSource<NewMessage>): Promise<number>;
  /** Messages of other conversations into `imp_messages`, for mergeMessages. */
  stageMessages(rows: RowSource<StagedMessage>): Promise<number>;
}

/** The writer of one import of source `sourceId`, inside the session's transaction. */
export function openIngestWriter(session: Session, sourceId: number, clock: PhaseClock): IngestWriter {
  // Each writer adds its rows with a call of its own (one call site per row type keeps them fast).
  return {
    writeContacts: (rows, ids) =>
      copyStream(session, 'contacts', ids ? ['id', ...CONTACT_COLUMNS] : CONTACT_COLUMNS, (out) =>
        rows((row) => writeContact(out, sourceId, row)),
      ),
    writeConversations: (rows) => writeConversations(session, sourceId, clock, rows),
    writeMessages: (rows) =>
      copyStream(session, 'messages', MESSAGE_COLUMNS, (out) => rows((row) => writeMessage(out, row))),
    stageMessages: (rows) =>
      copyStream(session, 'imp_messages', STAGED_MESSAGE_COLUMNS, (out) =>
        rows((row) => writeStagedMessage(out, row)),
      ),
  };
}

async function writeConversations(
  session: Session,
  sourceId: number,
  clock: PhaseClock,
  rows: RowSource<NewConversation>,
): Promise<MergeCounts> {
  const tags = new BinaryRows();
  const answers = new BinaryRows();
  const counts: MergeCounts = {};
  counts.conversations_inserted = await clock.time('copy conversations', () =>
    copyStream(session, 'conversations', CONVERSATION_COLUMNS, (out) =>
      rows((row) => {
        writeConversation(out, sourceId, row);
        keepTagsAndAnswers(tags, answers, row);
      }),
    ),
  );
  if (tags.rows > 0) {
    counts.conversation_tags_inserted = await clock.time('copy tags', () =>
      copyBinary(session.client, 'conversation_tags', ['conversation_id', 'tag_id'], [tags.finish()]),
    );
  }
  if (answers.rows > 0) {
    counts.survey_responses_inserted = await clock.time('copy answers', () =>
      copyBinary(
        session.client,
        'survey_responses',
        ['conversation_id', 'question_id', 'value'],
        [answers.finish()],
      ),
    );
  }
  return counts;
}

/** Rows into a staging table, its columns in STAGING_COLUMNS order (text COPY). */
export function stageRows(
  session: Session,
  table: StagingTable,
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
): Promise<number> {
  return copyRows(session.client, table, STAGING_COLUMNS[table], rows);
}

/**
 * A conversation row read from a file, staged as read (null: the file does not say), with where
 * it came from, its tag names and its answers by question. Times are microseconds (NaN: none).
 */
export interface StagedConversation {
  spokeKey: string;
  campaignKey: string;
  cell: string;
  firstName: string | null;
  lastName: string | null;
  zip: string | null;
  texterKey: string | null;
  externalId: string | null;
  messageStatus: string | null;
  isOptedOut: boolean | null;
  /** JSON object text. */
  customFields: string;
  createdAt: number;
  updatedAt: number;
  /** The row lists the conversation's complete tag set / answers. */
  replaceTags: boolean;
  replaceResponses: boolean;
  refFile: number;
  refRec: number;
  /** null: the row has no tags column. */
  tagNames: readonly string[] | null;
  /** Answers in the order of the file's questions (null: unanswered); null: no questions. */
  answers: readonly (string | null)[] | null;
}

const isoOrNull = (micros: number) => (Number.isNaN(micros) ? null : isoMicros(micros));

/** The `imp_conversations` row (STAGING_COLUMNS order, then ref_file, ref_rec, tag_names, answers). */
function stagedConversationValues(row: StagedConversation): CopyValue[] {
  return [
    row.spokeKey,
    row.campaignKey,
    row.cell,
    row.firstName,
    row.lastName,
    row.zip,
    row.texterKey,
    row.externalId,
    row.messageStatus,
    row.isOptedOut,
    row.customFields,
    isoOrNull(row.createdAt),
    isoOrNull(row.updatedAt),
    row.replaceTags,
    row.replaceResponses,
    row.refFile,
    row.refRec,
    row.tagNames,
    // Unanswered is '' here (array elements travel as text); only answers are staged.
    row.answers === null ? null : row.answers.map((a) => a ?? ''),
  ];
}

/**
 * Conversation rows into `imp_conversations`, with their tags and answers into
 * `imp_conversation_tags` / `imp_survey_responses`; `questions` are the questions of each file
 * (by file number), in the order of its answers.
 */
export async function stageConversations(
  session: Session,
  rows: AsyncIterable<StagedConversation>,
  questions: ReadonlyMap<number, readonly string[]>,
): Promise<void> {
  async function* values() {
    for await (const row of rows) yield stagedConversationValues(row);
  }
  const columns = [...STAGING_COLUMNS.imp_conversations, 'ref_file', 'ref_rec', 'tag_names', 'answers'];
  await copyRows(session.client, 'imp_conversations', columns, values());
  await sql`
    insert into imp_conversation_tags (conversation_key, tag_key, value)
    select s.spoke_key, 'n:' || t.name, null from imp_conversations s cross join unnest(s.tag_names) as t(name)`.execute(
    session.db,
  );
  for (const [file, asked] of questions) {
    if (asked.length === 0) continue;
    await sql`
      insert into imp_survey_responses (conversation_key, question_key, value)
      select s.spoke_key, 'q:' || a.question, a.value
        from imp_conversations s cross join lateral unnest(${asked}::text[], s.answers) as a(question, value)
       where s.ref_file = ${file} and a.value <> ''`.execute(session.db);
  }
}

/** A time in microseconds as PostgreSQL reads it back exactly (staged rows travel as text). */
export function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
