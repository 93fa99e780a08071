/**
 * Every `code` an API error can carry (`{"error": {"code", "message", "details"?}}`), in one list.
 * The server's errors take their code from here (src/errors.ts, src/server/errors.ts, so a code
 * not listed is a type error) and the web UI shows each in the user's language: `apiErrors.<code>`
 * in web/src/i18n/en.json and pt-BR.json, with the error's details as parameters; the server's
 * English message is shown only for a code the UI does not know. `common/api/error-codes.test.ts`
 * fails when a code thrown anywhere in src/ is missing here or from a translation file.
 */
export const ERROR_CODES = [
  // The defaults of each kind of domain error (src/errors.ts).
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  // The HTTP layer (src/server/).
  'validation_failed',
  'internal',
  'database_busy',
  'rate_limited',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'cross_site_request',
  // Users and sign-in.
  'invalid_credentials',
  'wrong_password',
  'email_taken',
  'last_admin',
  'too_many_attempts',
  'token_invalid',
  'token_expired',
  'too_many_reset_requests',
  'invitation_accepted',
  'user_disabled',
  // Audit.
  'no_batch',
  'not_assigned',
  'pool_empty',
  'already_audited',
  'bad_scores',
  'duplicate_rubric_key',
  'empty_rubric',
  // Audit review and corrections.
  'correction_closed',
  'not_your_audit',
  'bad_cursor',
  'unknown_rubric_item',
  'bad_audit_period',
  // Chatbots.
  'invalid_bot',
  'bot_not_ready',
  'bot_name_taken',
  'stale_revision',
  'stale_draft',
  'no_draft',
  'draft_changed',
  'invalid_simulation',
  'bot_name_required',
  'bad_signature',
  'stale_request',
  'channel_exists',
  'channel_unavailable',
  'invalid_channel_settings',
  'origin_not_allowed',
  'delivery_not_failed',
  'reply_address_erased',
  'channel_service_refused',
  'bot_exceeds_channel_limits',
  // E-mail.
  'invalid_email_address',
  'email_template_not_found',
  'invalid_email_template',
  'email_not_retryable',
  'email_kind_unknown',
  'email_template_name_taken',
  // Imports.
  'import_rejected',
  'invalid_source_name',
  'import_not_pending',
  'empty_file',
  'no_files',
  'too_many_files',
  'file_too_large',
  'not_spoke',
  'spoke_unavailable',
  // Feedback to texters.
  'feedback_link_invalid',
  'feedback_opted_out',
  'texter_no_email',
  'bad_period',
  'period_too_long',
  // Moderation.
  'unknown_flag_type',
  'flag_exists',
  'flag_type_taken',
  'stale_item',
  'item_claimed',
  'item_not_pending',
  'item_pending',
  'rule_name_taken',
  'invalid_regex',
  // Reports.
  'report_invalid',
  'report_params',
  'report_refused',
  'report_failed',
  'report_timeout',
  'report_cancelled',
  'report_source_unavailable',
  'report_source_not_found',
  'report_source_name_taken',
  'report_source_in_use',
  'report_name_taken',
  'report_builtin',
  'run_not_found',
  'report_schedule_invalid',
  'report_schedule_not_found',
  'report_schedule_no_recipients',
  // The support-point directory (chatbot CEP lookup).
  'support_point_not_found',
  'support_points_import_rejected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}
