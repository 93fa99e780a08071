/**
 * The conversation store shared by audit, moderation and reports: how imported rows are keyed,
 * staged and merged. Other domains use only what is exported here.
 */
export { PhaseClock } from './clock.js';
export type { CopyValue } from './copy.js';
export {
  type IngestWriter,
  type NewContact,
  type NewConversation,
  type NewMessage,
  openIngestWriter,
  type RowSource,
  type StagedConversation,
  type StagedMessage,
  stageConversations,
  stageRows,
  type Utf8,
  utf8,
} from './ingest.js';
export {
  firstContactIds,
  markTouched,
  type NamedIds,
  namedIds,
  renameContacts,
  reserveIds,
  sourceHolds,
  storedByCell,
  storedConversationKeys,
} from './ingest-lookups.js';
export {
  campaignKey,
  conversationKeyByCell,
  conversationKeyByCellSql,
  messageKey,
  messageKeyOfBytes,
  messageKeyOfRange,
  messageKeySql,
  orderedMessageKey,
  questionKeyByText,
  tagKeyByName,
  texterKeyOf,
  texterKeySql,
} from './keys.js';
export { type MergeCounts, type MergeOptions, mergeMessages, mergeNamed, mergeStaged } from './merge.js';
export { DEFAULT_COUNTRY, E164, E164_SQL_PATTERN, isCountry, phoneNormaliser, toE164 } from './phones.js';
export { refreshConversations } from './refresh.js';
export { deleteConversationsOlderThan, type RetentionCounts, type RetentionOptions } from './retention.js';
export { kyselyOnClient, type Session, withSession } from './session.js';
export {
  DEFAULT_SOURCE,
  ensureSource,
  findSourceByName,
  InvalidSourceName,
  lockAllSources,
  lockSource,
  readSyncState,
  SOURCE_NAME,
  writeSyncState,
} from './sources.js';
export { analyzeStaging, createStaging, STAGING_COLUMNS, type StagingTable } from './staging.js';
export { markTexterAudited, setTexterEmail, type TexterEmail } from './texters.js';
