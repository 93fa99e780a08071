import { sql } from 'kysely';
import {
  mergeNamed,
  type NewConversation,
  namedIds,
  type StagedConversation,
  stageConversations,
  stageRows,
  utf8,
} from '../../../conversations/index.js';
import { type CsvBlock, NotStreamable } from './records.js';
import type { StreamFields } from './stream-fields.js';
import {
  addAll,
  derived,
  fieldsOf,
  type StreamedImport,
  type StreamFile,
  visitAll,
} from './streamed-state.js';

/** Campaigns as the staged path stages them: per file, by key, with the titles read. */
function campaignRows(s: StreamedImport): { file: number; key: string; title: string | null }[] {
  const campaigns: { file: number; key: string; title: string | null }[] = [];
  for (const [file, fileTitles] of s.contacts.titles) {
    for (const [key, set] of fileTitles) for (const title of set) campaigns.push({ file, key, title });
  }
  // Campaigns only messages files name exist too (as the staged path creates them).
  for (const key of s.messages.campaigns) campaigns.push({ file: 0, key, title: null });
  return campaigns;
}

/** Phase 5: campaigns, texters, tags and questions staged and merged, for their ids. */
export async function mergeNamedThings(s: StreamedImport): Promise<void> {
  const { db } = s.session;
  const { titles, texters, tagNames } = s.contacts;
  await s.options.clock.time('merge named', async () => {
    const campaigns = campaignRows(s);
    await sql`
      insert into imp_campaigns (spoke_key, title)
      select key, max(title) from unnest(${campaigns.map((c) => c.file)}::integer[], ${campaigns.map((c) => c.key)}::text[],
                                         ${campaigns.map((c) => c.title)}::text[]) as u(file, key, title)
       group by file, key`.execute(db);
    const texterRows = [...texters.values()].flatMap((m) =>
      [...m.values()].map((t) => [t.key, t.first, t.last, t.email, t.cell]),
    );
    await stageRows(s.session, 'imp_texters', texterRows);
    await sql`insert into imp_tags (spoke_key, name) select 'n:' || name, name from unnest(${[...tagNames]}::text[]) as name`.execute(
      db,
    );
    for (const file of s.contactFiles) {
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
    addAll(s.counts, await mergeNamed(db, s.sourceId, s.options.clock));
    await sql`truncate imp_campaigns, imp_texters, imp_tags, imp_survey_questions`.execute(db);
    s.named = await namedIds(db, s.sourceId, {
      campaigns: [...new Set(campaigns.map((c) => c.key))],
      texters: [...new Set(texterRows.map((t) => t[0] ?? ''))],
      tags: [...tagNames].map((t) => `n:${t}`),
    });
  });
}

const NO_TAGS: readonly number[] = [];
const NO_ANSWERS: readonly (readonly [number, string])[] = [];

/** The tag ids of a row. */
function tagIds(s: StreamedImport, f: StreamFields, block: CsvBlock, r: number): readonly number[] {
  if (!f.hasTags) return NO_TAGS;
  return f.tagNames(block, r).map((name) => {
    const tag = s.named.tags.get(`n:${name}`);
    if (tag === undefined) throw new NotStreamable('a tag went missing');
    return tag;
  });
}

/** The answers of a row, by question id. */
function answers(s: StreamedImport, file: StreamFile, block: CsvBlock, r: number, campaignKey: string) {
  if (file.layout.questions.length === 0) return NO_ANSWERS;
  const values = fieldsOf(s, file).answers(block, r);
  const given: [number, string][] = [];
  file.layout.questions.forEach(({ question }, q) => {
    const value = values[q];
    if (value === null || value === undefined) return;
    const questionId = s.named.questions.get(`${campaignKey}\u001fq:${question}`);
    if (questionId === undefined) throw new NotStreamable('a question went missing');
    given.push([questionId, value]);
  });
  return given;
}

/** Fills `row` with the new conversation `i` read from its contacts row. */
function readConversation(
  s: StreamedImport,
  file: StreamFile,
  block: CsvBlock,
  r: number,
  i: number,
  row: NewConversation,
) {
  const f = fieldsOf(s, file);
  const campaignKey = f.campaign(block, r).key;
  const campaign = s.named.campaigns.get(campaignKey);
  if (!campaign) throw new NotStreamable('a campaign went missing');
  const texter = f.texter(block, r);
  const texterId = texter ? s.named.texters.get(texter.key) : undefined;
  if (texter && texterId === undefined) throw new NotStreamable('a texter went missing');
  const c = s.contacts.convCell[i]!;
  const isOptedOut = f.optedOut(block, r) ?? false;
  row.id = s.convId[i]!;
  row.spokeKey = s.contacts.convKeys[i]!;
  row.campaignId = campaign.id;
  row.contactId = s.cellIds[c]!;
  row.texterId = texterId ?? null;
  f.readText(block, r, 'externalId', row.externalId);
  f.readText(block, r, 'messageStatus', row.messageStatus);
  row.isOptedOut = isOptedOut;
  row.optedOut =
    isOptedOut || (s.optOuts.size > 0 && s.optOuts.has(`${campaign.org}\u001f${s.contacts.cellKeys[c]!}`));
  row.customFields = f.customFields(block, r);
  row.createdAt = f.micros(block, r, 'createdAt') ?? Number.NaN;
  row.updatedAt = f.micros(block, r, 'updatedAt') ?? Number.NaN;
  const { count, replied, firstAt, lastAt } = s.messages;
  row.messageCount = count[i]!;
  row.contactReplied = replied[i] === 1;
  row.firstMessageAt = firstAt[i]!;
  row.lastMessageAt = lastAt[i]!;
  row.tagIds = tagIds(s, f, block, r);
  row.answers = answers(s, file, block, r, campaignKey);
}

/** Phase 6: new conversations with their counts, tags and answers. */
export async function writeConversations(s: StreamedImport): Promise<void> {
  if (s.contacts.convKeys.length - s.storedConversations === 0) return;
  // One row object, filled again for each conversation.
  const row: NewConversation = {
    id: 0,
    spokeKey: '',
    campaignId: 0,
    contactId: 0,
    texterId: null,
    externalId: utf8(),
    messageStatus: utf8(),
    isOptedOut: false,
    optedOut: false,
    customFields: '{}',
    createdAt: 0,
    updatedAt: 0,
    messageCount: 0,
    contactReplied: false,
    firstMessageAt: 0,
    lastMessageAt: 0,
    tagIds: NO_TAGS,
    answers: NO_ANSWERS,
  };
  const visit =
    (addRow: (row: NewConversation) => void) => (file: StreamFile, block: CsvBlock, r: number, i: number) => {
      if (s.stored[i]) return;
      readConversation(s, file, block, r, i, row);
      // As mergeStaged: without an assignee, the latest sender stands in (refresh.ts).
      if (row.texterId === null && row.messageCount > 0) s.touched.push(row.id);
      addRow(row);
    };
  addAll(
    s.counts,
    await s.writer.writeConversations((addRow) =>
      visitAll(s, s.contactFiles, 'storing conversations of', visit(addRow)),
    ),
  );
}

/** The row of stored conversation `i` as read, for mergeStaged. */
function stagedConversation(
  s: StreamedImport,
  file: StreamFile,
  block: CsvBlock,
  r: number,
  i: number,
): StagedConversation {
  const f = fieldsOf(s, file);
  const surveyed = file.layout.questions.length > 0;
  return {
    spokeKey: s.contacts.convKeys[i]!,
    campaignKey: f.campaignKey(block, r),
    cell: s.contacts.cellKeys[s.contacts.convCell[i]!]!,
    firstName: f.text(block, r, 'firstName'),
    lastName: f.text(block, r, 'lastName'),
    zip: f.text(block, r, 'zip'),
    texterKey: f.texter(block, r)?.key ?? null,
    externalId: f.text(block, r, 'externalId'),
    messageStatus: f.text(block, r, 'messageStatus'),
    isOptedOut: f.optedOut(block, r),
    customFields: f.customFields(block, r),
    createdAt: f.micros(block, r, 'createdAt') ?? Number.NaN,
    updatedAt: f.micros(block, r, 'updatedAt') ?? Number.NaN,
    replaceTags: f.has('tags'),
    replaceResponses: surveyed,
    refFile: file.no,
    refRec: block.first + r,
    tagNames: f.has('tags') ? f.tagNames(block, r) : null,
    answers: surveyed ? f.answers(block, r) : null,
  };
}

/** Phase 6 too: rows of stored conversations staged for mergeStaged. */
export async function stageStoredConversations(s: StreamedImport): Promise<void> {
  if (s.storedConversations === 0) return;
  const questions = new Map(s.contactFiles.map((f) => [f.no, f.layout.questions.map((q) => q.question)]));
  await s.options.clock.time('stage conversations', () =>
    stageConversations(
      s.session,
      derived(s, s.contactFiles, 'staging', (file, block, r, i) =>
        s.stored[i] ? stagedConversation(s, file, block, r, i) : null,
      ),
      questions,
    ),
  );
}
