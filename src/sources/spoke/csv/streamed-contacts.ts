import {
  firstContactIds,
  type NewContact,
  renameContacts,
  reserveIds,
  stageRows,
  storedByCell,
  storedConversationKeys,
  utf8,
} from '../../../conversations/index.js';
import { type CsvBlock, NotStreamable } from './records.js';
import type { StreamFields, Texter } from './stream-fields.js';
import {
  add,
  type ContactsRead,
  derived,
  drain,
  fieldsOf,
  obtain,
  type StreamedImport,
  type StreamFile,
  visitAll,
} from './streamed-state.js';

/** Beyond this many contacts in one import, the staged path (constant memory) imports it. */
const MAX_CONVERSATIONS = 2_000_000;

/** desc nulls last: negative when `a` sorts first. */
function laterFirst(a: number, b: number): number {
  const aNull = Number.isNaN(a);
  const bNull = Number.isNaN(b);
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  return b - a;
}

const contactName = (f: StreamFields, block: CsvBlock, r: number) => [
  f.text(block, r, 'firstName'),
  f.text(block, r, 'lastName'),
  f.text(block, r, 'zip'),
];

/**
 * Notes the cell of conversation `i`; returns its index when it is new to the import. The latest
 * row (updated_at, then created_at, desc nulls last) names the contact, as in mergeStaged.
 */
function noteCell(s: StreamedImport, f: StreamFields, block: CsvBlock, r: number, i: number): number | null {
  const read = s.contacts;
  const cell = f.phone(block, r, 'cell');
  if (cell === null) throw new NotStreamable('no cell');
  const updated = f.micros(block, r, 'updatedAt') ?? Number.NaN;
  const created = f.micros(block, r, 'createdAt') ?? Number.NaN;
  let c = read.cellIndex.get(cell);
  let fresh: number | null = null;
  if (c === undefined) {
    c = read.cellKeys.length;
    fresh = c;
    read.cellKeys.push(cell);
    read.cellIndex.set(cell, c);
    read.cellWinner.push(i);
    read.winnerUpdated.push(updated);
    read.winnerCreated.push(created);
  } else {
    const order = laterFirst(updated, read.winnerUpdated[c]!) || laterFirst(created, read.winnerCreated[c]!);
    if (order < 0) {
      read.cellWinner[c] = i;
      read.winnerUpdated[c] = updated;
      read.winnerCreated[c] = created;
      if (s.first) read.renamed.set(c, contactName(f, block, r));
    }
  }
  read.convCell.push(c);
  return fresh;
}

/** The campaigns (titles per file, as the staged path stages them), texters and tags a row names. */
function noteNamed(read: ContactsRead, file: StreamFile, f: StreamFields, block: CsvBlock, r: number): void {
  const fileTitles = obtain(read.titles, file.no, () => new Map<string, Set<string | null>>());
  const campaign = f.campaign(block, r);
  // Rows of one campaign come together: its title set is looked up once per run of them.
  if (campaign !== read.lastCampaign || file.no !== read.lastCampaignFile) {
    read.lastCampaign = campaign;
    read.lastCampaignFile = file.no;
    obtain(fileTitles, campaign.key, () => new Set<string | null>()).add(campaign.title);
  }
  const texter = f.texter(block, r);
  if (texter) {
    const fileTexters = obtain(read.texters, file.no, () => new Map<string, Texter>());
    // The latest row naming a texter says how (the staged path's rule); rows read the same
    // way give the same object.
    if (fileTexters.get(texter.key) !== texter) {
      fileTexters.delete(texter.key);
      fileTexters.set(texter.key, texter);
    }
  }
  if (f.hasTags) for (const name of f.tagNames(block, r)) read.tagNames.add(name);
}

/** Reads one contacts row; returns the index of its cell when the cell is new to the import. */
function readContact(s: StreamedImport, file: StreamFile, block: CsvBlock, r: number): number | null {
  const read = s.contacts;
  const f = fieldsOf(s, file);
  const key = f.conversationKey(block, r);
  const i = read.convKeys.length;
  read.convIndex.set(key, i);
  // One map operation: a key given twice does not grow the map.
  if (read.convIndex.size === i) throw new NotStreamable('a contact given twice');
  if (i >= MAX_CONVERSATIONS) throw new NotStreamable('too many contacts to hold their keys');
  read.convKeys.push(key);
  const fresh = noteCell(s, f, block, r, i);
  noteNamed(read, file, f, block, r);
  return fresh;
}

/**
 * Phase 1: the contacts files read — conversation keys, cells and the row naming each, the named
 * things. On a source's first import every contact is new: written as the files are read.
 */
export async function readContacts(s: StreamedImport): Promise<void> {
  const { clock } = s.options;
  if (!s.first) {
    const visit = (file: StreamFile, block: CsvBlock, r: number) => void readContact(s, file, block, r);
    await clock.time('read contacts', () => drain(visitAll(s, s.contactFiles, 'reading', visit)));
    return;
  }
  const row: NewContact = { id: null, cell: '', firstName: utf8(), lastName: utf8(), zip: utf8() };
  const written = await clock.time('copy contacts', () =>
    s.writer.writeContacts(
      (addRow) =>
        visitAll(s, s.contactFiles, 'reading', (file, block, r) => {
          const c = readContact(s, file, block, r);
          if (c === null) return;
          row.cell = s.contacts.cellKeys[c]!;
          writeName(fieldsOf(s, file), block, r, row);
          addRow(row);
        }),
      false,
    ),
  );
  add(s.counts, 'contacts_inserted', written);
  await clock.time('contact ids', async () => {
    const { cellKeys, cellIndex, renamed } = s.contacts;
    s.cellIds = await firstContactIds(s.session.db, s.sourceId, cellKeys, (cell) => cellIndex.get(cell)!);
    const names = [...renamed].map(([c, name]) => [cellKeys[c]!, name[0]!, name[1]!, name[2]!] as const);
    await renameContacts(s.session, s.sourceId, names);
  });
}

function writeName(f: StreamFields, block: CsvBlock, r: number, row: NewContact): void {
  f.readText(block, r, 'firstName', row.firstName);
  f.readText(block, r, 'lastName', row.lastName);
  f.readText(block, r, 'zip', row.zip);
}

/** Phase 2: which conversations, contacts and opt-outs are stored already; ids for the rest. */
export async function findStored(s: StreamedImport): Promise<void> {
  const { convKeys, convIndex, cellKeys, cellIndex } = s.contacts;
  const n = convKeys.length;
  s.stored = new Uint8Array(n);
  s.cellStored = new Uint8Array(cellKeys.length);
  if (!s.first) {
    s.cellIds = new Float64Array(cellKeys.length).fill(Number.NaN);
    await s.options.clock.time('find stored rows', async () => {
      if (n > 0 && s.holds.conversations) {
        for (const key of await storedConversationKeys(s.session, s.sourceId, convKeys)) {
          s.stored[convIndex.get(key)!] = 1;
          s.storedConversations++;
        }
      }
      const found = await storedByCell(s.session, s.sourceId, cellKeys, {
        contacts: s.holds.contacts,
        optOuts: s.holds.optOuts,
      });
      for (const { cell, id } of found.contacts) {
        const c = cellIndex.get(cell)!;
        s.cellStored[c] = 1;
        s.cellIds[c] = id;
      }
      for (const { organizationKey, cell } of found.optOuts) s.optOuts.add(`${organizationKey}\u001f${cell}`);
    });
  }
  s.freshCells = s.first ? 0 : cellKeys.length - s.cellStored.reduce((a, b) => a + b, 0);
  const fresh = n - s.storedConversations;
  const db = s.session.db;
  [s.conversationIds, s.contactIds] = await s.options.clock.time('reserve ids', async () => [
    await reserveIds(db, 'conversations', fresh),
    await reserveIds(db, 'contacts', s.freshCells),
  ]);
  s.convId = new Float64Array(n).fill(Number.NaN);
}

/**
 * Phase 4: new contacts (one per cell: the latest row names it), unless written already; those
 * stored staged with the names of their latest rows.
 */
export async function writeContacts(s: StreamedImport): Promise<void> {
  const { convCell, cellWinner, cellKeys } = s.contacts;
  const { clock } = s.options;
  if (s.freshCells > 0) {
    let nextContactId = 0;
    const row: NewContact = { id: 0, cell: '', firstName: utf8(), lastName: utf8(), zip: utf8() };
    const written = await clock.time('copy contacts', () =>
      s.writer.writeContacts(
        (addRow) =>
          visitAll(s, s.contactFiles, 'storing contacts of', (file, block, r, i) => {
            const c = convCell[i]!;
            if (cellWinner[c] !== i || s.cellStored[c]) return;
            const id = s.contactIds[nextContactId++]!;
            s.cellIds[c] = id;
            row.id = id;
            row.cell = cellKeys[c]!;
            writeName(fieldsOf(s, file), block, r, row);
            addRow(row);
          }),
        true,
      ),
    );
    add(s.counts, 'contacts_inserted', written);
  }
  if (!s.first && s.freshCells < cellKeys.length) {
    await clock.time('stage contacts', () =>
      stageRows(
        s.session,
        'imp_contacts',
        derived(s, s.contactFiles, 'staging contacts of', (file, block, r, i) => {
          const c = convCell[i]!;
          if (cellWinner[c] !== i || !s.cellStored[c]) return null;
          return [cellKeys[c]!, ...contactName(fieldsOf(s, file), block, r)];
        }),
      ),
    );
  }
}
