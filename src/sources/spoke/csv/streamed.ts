import { sql } from 'kysely';
import {
  analyzeStaging,
  type MergeCounts,
  markTouched,
  mergeMessages,
  mergeStaged,
  refreshConversations,
  type Session,
} from '../../../conversations/index.js';
import { NotStreamable } from './records.js';
import { findStored, readContacts, writeContacts } from './streamed-contacts.js';
import { mergeNamedThings, stageStoredConversations, writeConversations } from './streamed-conversations.js';
import { readMessages } from './streamed-messages.js';
import {
  addAll,
  openStreamed,
  type StreamedImport,
  type StreamedOptions,
  type StreamFile,
} from './streamed-state.js';

export type { StreamFile } from './streamed-state.js';

/**
 * The streamed CSV import: Node reads the files (records.ts, stream-fields.ts), resolves every row
 * and hands what is new to the store's ingest writer, which writes it with binary COPY —
 * contacts, conversations (with ids reserved from their sequence, so that their messages can be
 * written first and their counts come with them), messages, tags and answers — while rows of
 * conversations already stored are staged and merged set-based like the staged path does. Held
 * in memory: the import's keys and ids (about 150 bytes per conversation) and the new
 * conversations' tag and answer rows until they are written after them, never its messages; a
 * contacts file is read once per table it feeds, a messages file once (twice when it also holds
 * messages of stored conversations). On a source's first import, contacts are written as their
 * files are first read.
 *
 * It reads contacts files of every layout and the messages files of the layouts whose messages
 * do not name their sender (StateVoices ≥ v10, legacy); for anything it cannot read with
 * certainty it throws NotStreamable, and the caller starts over on the staged path, which reads
 * everything PostgreSQL reads and reports every bad row. Runs inside the import's transaction.
 * The phases run in order over one `StreamedImport` state (streamed-state.ts).
 */

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

export async function importStreamed(
  session: Session,
  sourceId: number,
  files: readonly StreamFile[],
  options: StreamedOptions,
): Promise<StreamedResult> {
  const s = await openStreamed(session, sourceId, files, options);
  await readContacts(s);
  await findStored(s);
  await readMessages(s);
  await writeContacts(s);
  await mergeNamedThings(s);
  await writeConversations(s);
  await stageStoredConversations(s);
  await mergeStagedRows(s);
  const refreshed = await options.clock.time('refresh conversations', () => refreshConversations(session.db));
  return { counts: s.counts, refreshed, rows: s.rows };
}

/**
 * Last phase: what was staged (rows of stored conversations, messages of others) merged as on the
 * staged path; messages whose contact is nowhere are left to that path to report.
 */
async function mergeStagedRows(s: StreamedImport): Promise<void> {
  const { db } = s.session;
  const { clock } = s.options;
  const { pending } = s.messages;
  const stagedContacts = !s.first && s.freshCells < s.contacts.cellKeys.length;
  if (s.storedConversations > 0 || pending > 0 || stagedContacts) {
    await clock.time('analyze staging', () => analyzeStaging(db));
  }
  const options = { clock, named: false, contactsStaged: true, uniqueConversations: true, analyze: false };
  addAll(s.counts, await mergeStaged(db, s.sourceId, options));
  if (pending > 0) {
    const orphans = await sql<{ any: boolean }>`
      select exists (select 1 from imp_messages m
                      where not exists (select 1 from conversations c
                                         where c.source_id = ${s.sourceId} and c.spoke_key = m.conversation_key)) as any`.execute(
      db,
    );
    if (orphans.rows[0]?.any) throw new NotStreamable('messages without a contact');
  }
  addAll(s.counts, await mergeMessages(db, s.sourceId, { clock }));
  await markTouched(db, s.touched);
}
