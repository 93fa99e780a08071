import { type NewMessage, type StagedMessage, utf8 } from '../../../conversations/index.js';
import type { CsvBlock } from './records.js';
import { MessageReader } from './stream-fields.js';
import {
  add,
  blocks,
  fieldsOf,
  type StreamedImport,
  type StreamFile,
  tally,
  visitAll,
} from './streamed-state.js';

/** Reads message rows, noting the campaigns they name. */
function messageReader(s: StreamedImport) {
  const readers = new Map(s.messageFiles.map((f) => [f.no, new MessageReader(fieldsOf(s, f))]));
  const { campaigns } = s.messages;
  let lastCampaign: string | null = null;
  return (file: StreamFile, block: CsvBlock, r: number): MessageReader => {
    const m = readers.get(file.no)!;
    m.read(block, r);
    if (m.campaign !== lastCampaign) {
      lastCampaign = m.campaign;
      campaigns.add(m.campaign);
    }
    return m;
  };
}

/**
 * Phase 3: messages of new conversations straight into the store (ids given in the order the
 * conversations first appear, so the thread index is appended to), counted per conversation; the
 * others staged for mergeMessages. Without new conversations, every message is staged: one
 * reading of the files.
 */
export async function readMessages(s: StreamedImport): Promise<void> {
  const n = s.contacts.convKeys.length;
  s.messages = tally(n);
  const read = messageReader(s);
  const fresh = n - s.storedConversations > 0 && s.messageFiles.length > 0;
  const written = fresh ? await writeMessages(s, read) : 0;
  if (!fresh) s.messages.pending = s.messageFiles.length;
  add(s.counts, 'messages_inserted', written);
  if (s.messages.pending > 0) await stageMessages(s, read);
  // New conversations without messages get their ids after those with.
  for (let i = 0; i < n; i++) {
    if (!s.stored[i] && Number.isNaN(s.convId[i]!)) s.convId[i] = s.conversationIds[s.nextConversationId++]!;
  }
}

async function writeMessages(
  s: StreamedImport,
  read: (file: StreamFile, block: CsvBlock, r: number) => MessageReader,
): Promise<number> {
  const { convIndex } = s.contacts;
  const { stored, convId } = s;
  const { count, replied, firstAt, lastAt } = s.messages;
  let lastKey: string | null = null;
  let lastIndex: number | undefined;
  const row: NewMessage = {
    conversationId: 0,
    conversationKey: '',
    fromContact: false,
    text: utf8(),
    status: utf8(),
    sentAt: 0,
  };
  const visit = (addRow: (row: NewMessage) => void) => (file: StreamFile, block: CsvBlock, r: number) => {
    const m = read(file, block, r);
    // A conversation's messages come together: the same key (the same string) as before.
    if (m.key !== lastKey) {
      lastKey = m.key;
      lastIndex = convIndex.get(m.key);
    }
    const i = lastIndex;
    if (i === undefined || stored[i]) {
      s.messages.pending++;
      return;
    }
    let id = convId[i]!;
    if (Number.isNaN(id)) {
      id = s.conversationIds[s.nextConversationId++]!;
      convId[i] = id;
    }
    row.conversationId = id;
    row.conversationKey = m.key;
    row.fromContact = m.fromContact;
    row.text = m.text;
    row.status = m.status;
    row.sentAt = m.micros;
    addRow(row);
    count[i]!++;
    if (m.fromContact) replied[i] = 1;
    if (!(m.micros >= firstAt[i]!)) firstAt[i] = m.micros;
    if (!(m.micros <= lastAt[i]!)) lastAt[i] = m.micros;
  };
  // Its own loop over the records: the one that runs millions of times.
  return s.options.clock.time('copy messages', () =>
    s.writer.writeMessages(async function* (addRow) {
      const write = visit(addRow);
      for await (const { file, block } of blocks(s, s.messageFiles, 'reading')) {
        for (let r = 0; r < block.records; r++) write(file, block, r);
        yield;
      }
    }),
  );
}

async function stageMessages(
  s: StreamedImport,
  read: (file: StreamFile, block: CsvBlock, r: number) => MessageReader,
): Promise<void> {
  const { convIndex } = s.contacts;
  const row: StagedMessage = {
    conversationKey: '',
    fromContact: false,
    text: utf8(),
    status: utf8(),
    sentAt: 0,
    refFile: 0,
    refRec: 0,
  };
  const visit = (addRow: (row: StagedMessage) => void) => (file: StreamFile, block: CsvBlock, r: number) => {
    const m = read(file, block, r);
    const i = convIndex.get(m.key);
    if (i !== undefined && !s.stored[i]) return;
    row.conversationKey = m.key;
    row.fromContact = m.fromContact;
    row.text = m.text;
    row.status = m.status;
    row.sentAt = m.micros;
    row.refFile = file.no;
    row.refRec = block.first + r;
    addRow(row);
  };
  await s.options.clock.time('stage messages', () =>
    s.writer.stageMessages((addRow) => visitAll(s, s.messageFiles, 'reading', visit(addRow))),
  );
}
