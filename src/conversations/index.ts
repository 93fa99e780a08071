/**
 * The conversation store shared by audit, moderation and reports: how imported rows are keyed,
 * staged and merged. Other domains use only what is exported here.
 */
export { PhaseClock } from './clock.js';
export { BinaryRows, type CopyValue, copyBinary, copyLine, copyRows } from './copy.js';
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
  texterKey,
  texterKeySql,
} from './keys.js';
export { type MergeCounts, type MergeOptions, mergeMessages, mergeNamed, mergeStaged } from './merge.js';
export { DEFAULT_COUNTRY, E164, E164_SQL_PATTERN, isCountry, phoneNormaliser, toE164 } from './phones.js';
export { refreshConversations } from './refresh.js';
export { kyselyOnClient, type Session, withSession } from './session.js';
export {
  DEFAULT_SOURCE,
  ensureSource,
  findSourceByName,
  InvalidSourceName,
  lockSource,
  readSyncState,
  SOURCE_NAME,
  writeSyncState,
} from './sources.js';
export { analyzeStaging, createStaging, STAGING_COLUMNS, type StagingTable } from './staging.js';
