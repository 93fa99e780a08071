import type { Migration } from 'kysely';
import * as foundation from './2026_11_22_0001_foundation.js';
import * as conversationStore from './2026_11_22_0002_conversation_store.js';
import * as spokeImport from './2026_11_22_0003_spoke_import.js';
import * as audit from './2026_11_22_0010_audit.js';
import * as chatbot from './2026_11_22_0020_chatbot.js';
import * as importWarnings from './2026_12_05_0030_import_warnings.js';
import * as routinesOutOfMigrations from './2026_12_05_0031_routines_out_of_migrations.js';
import * as optOutStoredAt from './2026_12_05_0050_opt_out_stored_at.js';
import * as importErrorRows from './2026_12_05_0060_import_error_rows.js';
import * as chatbotChannels from './2026_12_05_0070_chatbot_channels.js';
import * as email from './2026_12_05_0080_email.js';
import * as staffAccountsByEmail from './2026_12_05_0081_staff_accounts_by_email.js';
import * as auditReview from './2026_12_05_0082_audit_review.js';
import * as texterFeedback from './2026_12_05_0083_texter_feedback.js';
import * as messagingChannels from './2026_12_05_0090_messaging_channels.js';
import * as moderation from './2026_12_05_0100_moderation.js';
import * as reports from './2026_12_05_0110_reports.js';
import * as auditPoolSpeed from './2026_12_05_0120_audit_pool_speed.js';
import * as supportPoints from './2026_12_05_0130_support_points.js';
import * as reportSchedules from './2026_12_05_0140_report_schedules.js';
import * as emailAttachments from './2026_12_05_0141_email_attachments.js';
import * as moderationRuleFlagsSpeed from './2026_12_05_0160_moderation_rule_flags_speed.js';
import * as cepQuestionSettings from './2026_12_05_0170_cep_question_settings.js';
import * as botDrafts from './2026_12_05_0180_bot_drafts.js';
import * as botEventsByConversation from './2026_12_05_0190_bot_events_by_conversation.js';
import * as poolAtInsert from './2026_12_05_0200_pool_at_insert.js';
import * as demoDataMark from './2026_12_06_0100_demo_data_mark.js';

/**
 * Every migration, in order. An explicit list (not a directory scan) so the compiled build, the
 * TypeScript sources and the tests all see the same set. Names sort by timestamp.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_0001_foundation': foundation,
  '2026_11_22_0002_conversation_store': conversationStore,
  '2026_11_22_0003_spoke_import': spokeImport,
  '2026_11_22_0010_audit': audit,
  '2026_11_22_0020_chatbot': chatbot,
  '2026_12_05_0030_import_warnings': importWarnings,
  '2026_12_05_0031_routines_out_of_migrations': routinesOutOfMigrations,
  '2026_12_05_0050_opt_out_stored_at': optOutStoredAt,
  '2026_12_05_0060_import_error_rows': importErrorRows,
  '2026_12_05_0070_chatbot_channels': chatbotChannels,
  '2026_12_05_0080_email': email,
  '2026_12_05_0081_staff_accounts_by_email': staffAccountsByEmail,
  '2026_12_05_0082_audit_review': auditReview,
  '2026_12_05_0083_texter_feedback': texterFeedback,
  '2026_12_05_0090_messaging_channels': messagingChannels,
  '2026_12_05_0100_moderation': moderation,
  '2026_12_05_0110_reports': reports,
  '2026_12_05_0120_audit_pool_speed': auditPoolSpeed,
  '2026_12_05_0130_support_points': supportPoints,
  '2026_12_05_0140_report_schedules': reportSchedules,
  '2026_12_05_0141_email_attachments': emailAttachments,
  '2026_12_05_0160_moderation_rule_flags_speed': moderationRuleFlagsSpeed,
  '2026_12_05_0170_cep_question_settings': cepQuestionSettings,
  '2026_12_05_0180_bot_drafts': botDrafts,
  '2026_12_05_0190_bot_events_by_conversation': botEventsByConversation,
  '2026_12_05_0200_pool_at_insert': poolAtInsert,
  '2026_12_06_0100_demo_data_mark': demoDataMark,
};
