import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../common/roles.js';

/**
 * Table types for Kysely, kept in step with src/db/migrations by hand (each migration's tables
 * are declared here in the same commit). `ColumnType<Select, Insert, Update>`.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  app_meta: AppMetaTable;
  sources: SourcesTable;
  campaigns: CampaignsTable;
  texters: TextersTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  tags: TagsTable;
  conversation_tags: ConversationTagsTable;
  survey_questions: SurveyQuestionsTable;
  survey_responses: SurveyResponsesTable;
  opt_outs: OptOutsTable;
  imports: ImportsTable;
  import_files: ImportFilesTable;
  import_file_chunks: ImportFileChunksTable;
  audit_settings: AuditSettingsTable;
  audit_rubrics: AuditRubricsTable;
  audit_batches: AuditBatchesTable;
  audit_pool: AuditPoolTable;
  audit_campaign_free: AuditCampaignFreeTable;
  audits: AuditsTable;
  bots: BotsTable;
  bot_revisions: BotRevisionsTable;
  bot_questionnaires: BotQuestionnairesTable;
  bot_questions: BotQuestionsTable;
  bot_tag_codes: BotTagCodesTable;
  bot_step_codes: BotStepCodesTable;
  bot_conversations: BotConversationsTable;
  bot_inbound: BotInboundTable;
  bot_events: BotEventsTable;
  bot_outbox: BotOutboxTable;
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: ColumnType<string, string | undefined, string>;
  role: Role;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  last_login_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  password_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  email_key: string;
  failures: number;
  last_failed_at: Timestamp;
}

export interface AppMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

// ---- conversation store (2026_11_22_0002) ----

type Id = Generated<number>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type ImportedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SourcesTable {
  id: Id;
  name: string;
  created_at: CreatedAt;
  sync_state: Json<Record<string, unknown>>;
  last_synced_at: Nullable<Date>;
}

export interface CampaignsTable {
  id: Id;
  source_id: number;
  spoke_key: string;
  organization_key: Nullable<string>;
  title: Defaulted<string>;
  description: Defaulted<string>;
  is_archived: Defaulted<boolean>;
  created_at: Nullable<Date>;
  imported_at: ImportedAt;
}

export interface TextersTable {
  id: Id;
  source_id: number;
  spoke_key: string;
  first_name: Defaulted<string>;
  last_name: Defaulted<string>;
  email: Nullable<string>;
  cell: Nullable<string>;
  texter_audit_date: Nullable<Date>;
  imported_at: ImportedAt;
}

export interface ContactsTable {
  id: Id;
  source_id: number;
  cell: string;
  first_name: Defaulted<string>;
  last_name: Defaulted<string>;
  zip: Nullable<string>;
}

export interface ConversationsTable {
  id: Id;
  source_id: number;
  spoke_key: string;
  campaign_id: number;
  contact_id: number;
  texter_id: Nullable<number>;
  external_id: Nullable<string>;
  message_status: Nullable<string>;
  opted_out: Defaulted<boolean>;
  /** Spoke's own flag (2026_11_22_0003); `opted_out` adds the opt-out rows for the cell. */
  is_opted_out: Defaulted<boolean>;
  custom_fields: Json<Record<string, unknown>>;
  message_count: Defaulted<number>;
  contact_replied: Defaulted<boolean>;
  first_message_at: Nullable<Date>;
  last_message_at: Nullable<Date>;
  created_at: Nullable<Date>;
  updated_at: Nullable<Date>;
  imported_at: ImportedAt;
}

export interface MessagesTable {
  id: Id;
  conversation_id: number;
  spoke_key: string;
  from_contact: boolean;
  texter_id: Nullable<number>;
  text: string;
  send_status: Nullable<string>;
  sent_at: Timestamp;
}

export interface TagsTable {
  id: Id;
  source_id: number;
  spoke_key: string;
  name: string;
}

export interface ConversationTagsTable {
  conversation_id: number;
  tag_id: number;
  value: Nullable<string>;
}

export interface SurveyQuestionsTable {
  id: Id;
  campaign_id: number;
  spoke_key: string;
  question: string;
  allowed_responses: Defaulted<string[]>;
  sort: Defaulted<number>;
}

export interface SurveyResponsesTable {
  conversation_id: number;
  question_id: number;
  value: string;
}

export interface OptOutsTable {
  source_id: number;
  organization_key: Defaulted<string>;
  cell: string;
  reason_code: Nullable<string>;
  created_at: Nullable<Date>;
}

export interface ImportsTable {
  id: Id;
  source_id: Nullable<number>;
  kind: 'spoke_db' | 'spoke_csv';
  status: ImportStatus;
  started_by: Nullable<number>;
  started_at: CreatedAt;
  finished_at: Nullable<Date>;
  files: Json<unknown[]>;
  progress: Json<Record<string, unknown>>;
  counts: Json<Record<string, number>>;
  errors: Json<unknown[]>;
  // 2026_11_22_0003
  error_count: Defaulted<number>;
  message: Nullable<string>;
  options: Json<Record<string, unknown>>;
}
export type ImportStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed';

// ---- uploaded import files (2026_11_22_0003) ----

export interface ImportFilesTable {
  id: Id;
  import_id: number;
  name: string;
  bytes: Defaulted<number>;
  uploaded_at: CreatedAt;
}

export interface ImportFileChunksTable {
  file_id: number;
  seq: number;
  data: Buffer;
}

// ---- audit (2026_11_22_0010) ----

export interface AuditSettingsTable {
  id: ColumnType<boolean, never, never>;
  batch_size: Defaulted<number>;
  assignment_ttl_minutes: Defaulted<number>;
  resume_unfinished: Defaulted<boolean>;
  calibration_share: Defaulted<number>;
  pool_contact_replied: Defaulted<boolean>;
  pool_campaign_ids: Nullable<number[]>;
  pool_since_days: Nullable<number>;
  pool_min_messages: Defaulted<number>;
  pool_retention_days: Nullable<number>;
  data_retention_days: Nullable<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: Nullable<number>;
}
export type AuditSettingsRow = Selectable<AuditSettingsTable>;

export interface RubricItemRow {
  key: string;
  label: string;
  description: string;
  weight: number;
  critical: boolean;
}

export interface AuditRubricsTable {
  id: Id;
  version: number;
  items: Json<RubricItemRow[]>;
  created_at: CreatedAt;
  created_by: Nullable<number>;
}

export interface AuditBatchesTable {
  id: Id;
  auditor_id: number;
  size: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  finished_at: Nullable<Date>;
  expired_at: Nullable<Date>;
}

export interface AuditPoolTable {
  conversation_id: number;
  campaign_id: number;
  texter_id: Nullable<number>;
  last_message_at: Timestamp;
  added_at: CreatedAt;
  assigned_to: Nullable<number>;
  assigned_at: Nullable<Date>;
  batch_id: Nullable<number>;
  audited_at: Nullable<Date>;
  calibration_to: Nullable<number>;
  calibration_batch_id: Nullable<number>;
}

export interface AuditCampaignFreeTable {
  campaign_id: number;
  free_count: number;
  newest_free_at: Nullable<Date>;
  fills: Generated<boolean>;
}

export interface AuditsTable {
  id: Id;
  conversation_id: number;
  auditor_id: number;
  batch_id: Nullable<number>;
  rubric_id: number;
  scores: Json<Record<string, boolean>>;
  passed: boolean;
  score: number;
  note: Defaulted<string>;
  calibration: Defaulted<boolean>;
  time_spent_ms: Nullable<number>;
  created_at: Timestamp;
}

// ---- chatbot (2026_11_22_0020) ----

type BigId = Generated<number>;

export interface BotsTable {
  id: Id;
  name: string;
  channels: Defaulted<string[]>;
  current_revision_id: Nullable<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export type BotRow = Selectable<BotsTable>;

export type BotRevisionSource = 'created' | 'editor' | 'import_penhas' | 'import_bundle' | 'revert' | 'demo';

export interface BotRevisionsTable {
  id: Id;
  bot_id: number;
  number: number;
  /** The engine's BotConfig (validated before it is stored). */
  config: Json<unknown>;
  source: BotRevisionSource;
  reverted_from: Nullable<number>;
  /** Issues (`{path, message, …}`) reported when the revision was made. */
  warnings: Json<unknown[]>;
  created_at: CreatedAt;
  created_by: Nullable<number>;
}
export type BotRevisionRow = Selectable<BotRevisionsTable>;

export interface BotQuestionnairesTable {
  id: Id;
  revision_id: number;
  key: string;
  name: Defaulted<string>;
  sort: number;
}

export interface BotQuestionsTable {
  id: Id;
  questionnaire_id: number;
  sort: number;
  code: string;
  type: string;
  question: string;
  relevance: Nullable<string>;
  intro: ColumnType<string[] | null, string | null | undefined, never>;
  options: ColumnType<unknown[] | null, string | null | undefined, never>;
  yesnogroup: ColumnType<unknown[] | null, string | null | undefined, never>;
  end_action: Nullable<'finish' | 'restart'>;
  button_label: Nullable<string>;
}
export type BotQuestionRow = Selectable<BotQuestionsTable>;

export interface BotTagCodesTable {
  id: number;
  label: string;
}

export interface BotStepCodesTable {
  id: Id;
  bot_id: number;
  code: string;
  questionnaire_id: Nullable<string>;
  created_at: CreatedAt;
}

export type BotEndReason = 'finished' | 'timeout' | 'gave_up' | 'error';

export interface BotConversationsTable {
  id: BigId;
  bot_id: number;
  revision_id: number;
  channel: string;
  user_key: string;
  seq: number;
  /** The engine's ConversationState (newest row of a user only; older rows keep an old one). */
  state: Json<unknown>;
  tag_code: Nullable<number>;
  started_at: Timestamp;
  last_inbound_at: Timestamp;
  ended_at: Nullable<Date>;
  end_reason: Nullable<BotEndReason>;
  end_state: Nullable<string>;
  end_error: Nullable<string>;
  questionnaire_id: Nullable<string>;
  responses: ColumnType<Record<string, string | number> | null, string | null | undefined, string | null>;
  deadline: Nullable<Date>;
}
export type BotConversationRow = Selectable<BotConversationsTable>;

export interface BotInboundTable {
  id: BigId;
  bot_id: number;
  conversation_id: number;
  channel: string;
  event_id: Nullable<string>;
  input: Json<unknown>;
  received_at: Timestamp;
}

export interface BotEventsTable {
  id: BigId;
  bot_id: number;
  conversation_id: number;
  step_code_id: number;
  previous_step_code_id: Nullable<number>;
  state: string;
  tag_code: number;
  questionnaire_id: Nullable<string>;
  created_at: Timestamp;
  first_msg_at: Timestamp;
  timeout_at: Nullable<Date>;
}

export interface BotOutboxTable {
  id: BigId;
  conversation_id: number;
  channel: string;
  user_key: string;
  /** `{ text, options: [{label, value}], attachment }` (the engine's OutgoingMessage). */
  message: Json<unknown>;
  created_at: CreatedAt;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Defaulted<number>;
  sent_at: Nullable<Date>;
  last_error: Nullable<string>;
}
