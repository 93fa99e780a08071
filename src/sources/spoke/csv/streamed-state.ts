import {
  type IngestWriter,
  type MergeCounts,
  type NamedIds,
  openIngestWriter,
  type PhaseClock,
  type Session,
  sourceHolds,
} from '../../../conversations/index.js';
import type { ProgressListener } from '../progress.js';
import type { Layout } from './layouts.js';
import { type CsvBlock, readCsv } from './records.js';
import type { CsvSource } from './sources.js';
import { StreamFields, type Texter } from './stream-fields.js';

/**
 * The state of one streamed import (streamed.ts), passed from phase to phase: each phase reads
 * what the ones before it filled in and adds its own part.
 */

export interface StreamFile {
  no: number;
  source: CsvSource;
  layout: Layout;
  header: string[];
}

export interface StreamedOptions {
  country: (raw: string) => string | null;
  clock: PhaseClock;
  onProgress: ProgressListener;
}

/** What the contacts files say, by conversation (index `i`, in file order) and by cell (`c`). */
export interface ContactsRead {
  convKeys: string[];
  convIndex: Map<string, number>;
  /** The cell of each conversation. */
  convCell: number[];
  cellKeys: string[];
  cellIndex: Map<string, number>;
  /** The conversation whose row names each cell's contact (the latest), and its times. */
  cellWinner: number[];
  winnerUpdated: number[];
  winnerCreated: number[];
  /** Campaign titles per file, by campaign key. */
  titles: Map<number, Map<string, Set<string | null>>>;
  /** Texters per file, by key (the latest row naming each last). */
  texters: Map<number, Map<string, Texter>>;
  tagNames: Set<string>;
  /** The campaign of the row read last (rows of one campaign come together), and its file. */
  lastCampaign: { key: string; title: string | null } | null;
  lastCampaignFile: number;
  /** On a first import, names of contacts whose latest row came after the one written. */
  renamed: Map<number, (string | null)[]>;
}

/** Messages of the new conversations, counted per conversation as they are written. */
export interface MessageTally {
  count: Int32Array;
  replied: Uint8Array;
  firstAt: Float64Array;
  lastAt: Float64Array;
  /** Campaigns the messages files name. */
  campaigns: Set<string>;
  /** Messages files that hold messages of stored conversations, or not yet read. */
  pending: number;
}

export interface StreamedImport {
  readonly session: Session;
  readonly sourceId: number;
  readonly options: StreamedOptions;
  readonly writer: IngestWriter;
  readonly contactFiles: readonly StreamFile[];
  readonly messageFiles: readonly StreamFile[];
  readonly fields: Map<number, StreamFields>;
  /** Records per file number, counted on the first reading. */
  readonly rows: Map<number, number>;
  readonly counts: MergeCounts;
  /** A source's first import: nothing of it stored, every contact new and written as first read. */
  readonly first: boolean;
  readonly holds: { conversations: boolean; contacts: boolean; optOuts: boolean };
  readonly contacts: ContactsRead;
  /** Contact id per cell, once known. */
  cellIds: Float64Array;
  /** Per conversation / cell: 1 when stored already. */
  stored: Uint8Array;
  cellStored: Uint8Array;
  storedConversations: number;
  freshCells: number;
  /** `<organisation key>␟<cell>` of stored opt-outs. */
  optOuts: Set<string>;
  conversationIds: number[];
  contactIds: number[];
  /** Conversation id per conversation, once given. */
  convId: Float64Array;
  nextConversationId: number;
  messages: MessageTally;
  named: NamedIds;
  /** New conversations without an assignee but with messages (refresh.ts names their texter). */
  touched: number[];
}

export async function openStreamed(
  session: Session,
  sourceId: number,
  files: readonly StreamFile[],
  options: StreamedOptions,
): Promise<StreamedImport> {
  const holds = await sourceHolds(session.db, sourceId);
  return {
    session,
    sourceId,
    options,
    writer: openIngestWriter(session, sourceId, options.clock),
    contactFiles: files.filter((f) => f.layout.role === 'contacts'),
    messageFiles: files.filter((f) => f.layout.role === 'messages'),
    fields: new Map(files.map((f) => [f.no, new StreamFields(f.layout, f.header, options.country)])),
    rows: new Map(),
    counts: {},
    first: !holds.conversations && !holds.contacts && !holds.optOuts,
    holds,
    contacts: {
      convKeys: [],
      convIndex: new Map(),
      convCell: [],
      cellKeys: [],
      cellIndex: new Map(),
      cellWinner: [],
      winnerUpdated: [],
      winnerCreated: [],
      titles: new Map(),
      texters: new Map(),
      tagNames: new Set(),
      lastCampaign: null,
      lastCampaignFile: 0,
      renamed: new Map(),
    },
    cellIds: new Float64Array(0),
    stored: new Uint8Array(0),
    cellStored: new Uint8Array(0),
    storedConversations: 0,
    freshCells: 0,
    optOuts: new Set(),
    conversationIds: [],
    contactIds: [],
    convId: new Float64Array(0),
    nextConversationId: 0,
    messages: tally(0),
    named: { campaigns: new Map(), texters: new Map(), tags: new Map(), questions: new Map() },
    touched: [],
  };
}

export function tally(n: number): MessageTally {
  return {
    count: new Int32Array(n),
    replied: new Uint8Array(n),
    firstAt: new Float64Array(n).fill(Number.NaN),
    lastAt: new Float64Array(n).fill(Number.NaN),
    campaigns: new Set(),
    pending: 0,
  };
}

export function fieldsOf(s: StreamedImport, file: StreamFile): StreamFields {
  return s.fields.get(file.no)!;
}

export function add(counts: MergeCounts, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

export function addAll(counts: MergeCounts, more: MergeCounts): void {
  for (const [key, n] of Object.entries(more)) add(counts, key, n);
}

/** The value of `key` in `map`, made and kept on first use. */
export function obtain<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** One record: its file, its block, its row in the block and its index over all the files read. */
export type Visit = (file: StreamFile, block: CsvBlock, r: number, index: number) => void;

/**
 * Each block of records of the given files in file order, with the running index over all of
 * them of its first record. The first reading of a file counts its records.
 */
export async function* blocks(s: StreamedImport, list: readonly StreamFile[], phase: string) {
  let index = 0;
  for (const file of list) {
    const total = file.source.bytes;
    const counting = !s.rows.has(file.no);
    let count = 0;
    for await (const block of readCsv(file.source, file.header.length, (done) =>
      s.options.onProgress({ phase: `${phase} ${file.source.name}`, done, total, unit: 'bytes' }),
    )) {
      yield { file, block, index };
      index += block.records;
      count += block.records;
    }
    if (counting) s.rows.set(file.no, count);
  }
}

/** Visits every record of the files, yielding after each block (a `RowSource` when `visit` adds rows). */
export async function* visitAll(s: StreamedImport, list: readonly StreamFile[], phase: string, visit: Visit) {
  for await (const { file, block, index } of blocks(s, list, phase)) {
    for (let r = 0; r < block.records; r++) visit(file, block, r, index + r);
    yield;
  }
}

/** Runs `steps` to the end. */
export async function drain(steps: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of steps) {
    // Each step did its work.
  }
}

/** Rows `make` derives from records (null: none), streamed as they are read. */
export async function* derived<T>(
  s: StreamedImport,
  list: readonly StreamFile[],
  phase: string,
  make: (file: StreamFile, block: CsvBlock, r: number, index: number) => T | null,
): AsyncGenerator<T> {
  for await (const { file, block, index } of blocks(s, list, phase)) {
    for (let r = 0; r < block.records; r++) {
      const row = make(file, block, r, index + r);
      if (row !== null) yield row;
    }
  }
}
