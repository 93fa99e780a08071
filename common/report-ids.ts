/**
 * Report parameter types that name one of Parley's objects (docs/reports.md). Apart from the API
 * shapes so the runner can use them without loading the schema library.
 */
/** An id, or a name/e-mail looked up. */
export const REPORT_ID_TYPES = [
  'user_id',
  'texter_id',
  'campaign_id',
  'conversation_id',
  'message_id',
] as const;
export type ReportIdType = (typeof REPORT_ID_TYPES)[number];
/**
 * Id types the parameter form searches by name (`GET /api/reports/ids/:type`). Messages have no
 * name to search by (and no index on their id alone): a message id is typed as a number.
 */
export const SEARCHABLE_ID_TYPES = ['user_id', 'texter_id', 'campaign_id', 'conversation_id'] as const;
export type SearchableIdType = (typeof SEARCHABLE_ID_TYPES)[number];
