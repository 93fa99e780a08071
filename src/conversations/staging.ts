import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/rows.js';

/**
 * The staging area of one import: temporary tables (dropped at commit) in the store's shape but
 * keyed by Spoke keys instead of Parley ids. Importers fill them (through ingest.ts: `stageRows`,
 * `stageConversations`, the writer's `stageMessages`; or INSERT … SELECT), then `mergeStaged` and
 * `mergeMessages` move them into the store set-based.
 *
 * A null column means "this source does not say": the stored value is kept. Keys follow
 * keys.ts; cells are E.164 already.
 */
export const STAGING_COLUMNS = {
  imp_campaigns: ['spoke_key', 'organization_key', 'title', 'description', 'is_archived', 'created_at'],
  imp_texters: ['spoke_key', 'first_name', 'last_name', 'email', 'cell'],
  imp_conversations: [
    'spoke_key',
    'campaign_key',
    'cell',
    'first_name',
    'last_name',
    'zip',
    'texter_key',
    'external_id',
    'message_status',
    'is_opted_out',
    'custom_fields',
    'created_at',
    'updated_at',
    'replace_tags',
    'replace_responses',
  ],
  imp_messages: [
    'conversation_key',
    'spoke_key',
    'from_contact',
    'texter_key',
    'text',
    'send_status',
    'sent_at',
  ],
  imp_tags: ['spoke_key', 'name'],
  imp_conversation_tags: ['conversation_key', 'tag_key', 'value'],
  imp_survey_questions: ['campaign_key', 'spoke_key', 'question', 'allowed_responses', 'sort'],
  imp_survey_responses: ['conversation_key', 'question_key', 'value'],
  imp_opt_outs: ['organization_key', 'cell', 'reason_code', 'created_at'],
  imp_fresh: ['spoke_key', 'id', 'message_count', 'contact_replied', 'first_message_at', 'last_message_at'],
  imp_contacts: ['cell', 'first_name', 'last_name', 'zip'],
} as const;

export type StagingTable = keyof typeof STAGING_COLUMNS;

export async function createStaging(db: Kysely<Database>): Promise<void> {
  // Keys and cells are `collate "C"` like the store columns they are matched with.
  await sql`
    create temporary table imp_campaigns (
      spoke_key text not null, organization_key text, title text, description text,
      is_archived boolean, created_at timestamptz
    ) on commit drop;
    create temporary table imp_texters (
      spoke_key text not null, first_name text, last_name text, email text, cell text
    ) on commit drop;
    create temporary table imp_conversations (
      spoke_key text collate "C" not null, campaign_key text not null, cell text collate "C" not null,
      first_name text, last_name text, zip text, texter_key text, external_id text,
      message_status text, is_opted_out boolean, custom_fields jsonb,
      created_at timestamptz, updated_at timestamptz,
      -- The row lists the conversation's complete tag set / survey answers (CSV contacts files):
      -- stored ones it does not list are removed.
      replace_tags boolean not null default false,
      replace_responses boolean not null default false,
      -- Where the row came from (CSV file number and record), for error reports.
      ref_file integer, ref_rec bigint,
      -- Streamed CSV rows only: the tag names and the answers (in question column order) as read.
      tag_names text[], answers text[]
    ) on commit drop;
    -- One row per cell: what the contact is called (mergeStaged fills it from imp_conversations
    -- unless the importer did).
    create temporary table imp_contacts (
      cell text collate "C" not null, first_name text, last_name text, zip text
    ) on commit drop;
    create temporary table imp_messages (
      conversation_key text collate "C" not null, spoke_key text collate "C", from_contact boolean not null,
      texter_key text, text text not null, send_status text, sent_at timestamptz not null,
      -- false: the source gives no time; sent_at only orders the thread and is never updated.
      time_known boolean not null default true,
      ref_file integer, ref_rec bigint
    ) on commit drop;
    create temporary table imp_tags (spoke_key text not null, name text not null) on commit drop;
    create temporary table imp_conversation_tags (
      conversation_key text collate "C" not null, tag_key text not null, value text
    ) on commit drop;
    create temporary table imp_survey_questions (
      campaign_key text not null, spoke_key text not null, question text not null,
      allowed_responses text[], sort integer
    ) on commit drop;
    create temporary table imp_survey_responses (
      conversation_key text collate "C" not null, question_key text not null, value text not null
    ) on commit drop;
    create temporary table imp_opt_outs (
      organization_key text not null, cell text collate "C" not null, reason_code text, created_at timestamptz
    ) on commit drop;
    -- Conversations this import creates: their reserved ids and, from their messages, the counts
    -- and times they are created with (filled by mergeStaged, or beforehand by an importer that
    -- writes their messages itself).
    create temporary table imp_fresh (
      spoke_key text collate "C" not null, id bigint not null, message_count integer not null default 0,
      contact_replied boolean not null default false, first_message_at timestamptz, last_message_at timestamptz
    ) on commit drop;
    -- Conversations to refresh (refresh.ts).
    create temporary table imp_touched (id bigint primary key) on commit drop;
  `.execute(db);
}

/** Fresh planner statistics for the staged rows (autovacuum never visits temporary tables). */
export async function analyzeStaging(db: Kysely<Database>): Promise<void> {
  await sql`analyze imp_campaigns, imp_texters, imp_conversations, imp_messages, imp_tags,
    imp_conversation_tags, imp_survey_questions, imp_survey_responses, imp_opt_outs, imp_fresh, imp_contacts`.execute(
    db,
  );
}
