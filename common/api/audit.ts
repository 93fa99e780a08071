import { type Static, Type } from 'typebox';
import { AUDIT_LIMITS, AUDIT_SETTINGS_RANGES, RUBRIC_LIMITS } from '../limits.js';
import { BigId, BigIdParams, bounds, DateTime, Id, Nullable } from './typebox.js';

/** API shapes of the audit domain (docs/audit.md), shared by the server and the web UI. */

export const CampaignRef = Type.Object({ id: Type.Integer(), title: Type.String() });
export const TexterRef = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
  texter_audit_date: Nullable(DateTime),
});
export type TexterRef = Static<typeof TexterRef>;

export const RequestBatchBody = Type.Object({
  size: Type.Optional(
    Type.Integer({
      ...bounds(AUDIT_LIMITS.batchSize),
      description: 'Conversations wanted (default from settings, 20)',
    }),
  ),
});
export type RequestBatchBody = Static<typeof RequestBatchBody>;

export const BatchItem = Type.Object({
  conversation_id: Type.Integer(),
  campaign: CampaignRef,
  texter: Nullable(TexterRef),
  last_message_at: DateTime,
  message_count: Type.Integer(),
  /** A calibration item: someone else audited it already (their score is not shown). */
  calibration: Type.Boolean(),
  /** Set once this auditor has submitted the audit. */
  audited_at: Nullable(DateTime),
});
export type BatchItem = Static<typeof BatchItem>;

export const BatchView = Type.Object({
  id: Type.Integer(),
  created_at: DateTime,
  expires_at: DateTime,
  items: Type.Array(BatchItem),
});
export type BatchView = Static<typeof BatchView>;

export const ConversationParams = BigIdParams;

export const ConversationView = Type.Object({
  conversation: Type.Object({
    id: Type.Integer(),
    campaign: CampaignRef,
    texter: Nullable(TexterRef),
    contact: Type.Object({
      first_name: Type.String(),
      last_name: Type.String(),
      cell: Type.String(),
      zip: Nullable(Type.String()),
    }),
    opted_out: Type.Boolean(),
    tags: Type.Array(Type.Object({ name: Type.String(), value: Nullable(Type.String()) })),
  }),
  messages: Type.Array(
    Type.Object({
      id: Type.Integer(),
      text: Type.String(),
      from_contact: Type.Boolean(),
      sent_at: DateTime,
      texter: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    }),
  ),
  survey: Type.Array(
    Type.Object({
      question: Type.String(),
      responses: Type.Array(Type.String()),
      answer: Nullable(Type.String()),
    }),
  ),
});
export type ConversationView = Static<typeof ConversationView>;

export const RubricItem = Type.Object({
  key: Type.String({ pattern: RUBRIC_LIMITS.keyPattern }),
  label: Type.String({ minLength: 1, maxLength: RUBRIC_LIMITS.labelMax }),
  description: Type.String({ maxLength: RUBRIC_LIMITS.descriptionMax }),
  weight: Type.Number(bounds(RUBRIC_LIMITS.weight)),
  /** Failing a critical item fails the whole audit. */
  critical: Type.Boolean(),
});
export type RubricItem = Static<typeof RubricItem>;

export const RubricView = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  items: Type.Array(RubricItem),
  created_at: DateTime,
});
export type RubricView = Static<typeof RubricView>;

export const SubmitAuditBody = Type.Object({
  conversation_id: BigId,
  /** rubric item key → passed? Every item of the current rubric must be present. */
  scores: Type.Record(Type.String(), Type.Boolean()),
  note: Type.Optional(Type.String({ maxLength: AUDIT_LIMITS.noteMax })),
  /** Milliseconds the auditor spent on this conversation (measured by the client). */
  time_spent_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: AUDIT_LIMITS.timeSpentMaxMs })),
});
export type SubmitAuditBody = Static<typeof SubmitAuditBody>;

export const AuditView = Type.Object({
  id: Type.Integer(),
  conversation_id: Type.Integer(),
  rubric_version: Type.Integer(),
  scores: Type.Record(Type.String(), Type.Boolean()),
  passed: Type.Boolean(),
  score: Type.Number({ description: 'Weighted share of items passed, 0..1' }),
  note: Type.String(),
  created_at: DateTime,
});
export type AuditView = Static<typeof AuditView>;

export const SaveRubricBody = Type.Object({
  items: Type.Array(RubricItem, { minItems: RUBRIC_LIMITS.minItems, maxItems: RUBRIC_LIMITS.maxItems }),
});
export type SaveRubricBody = Static<typeof SaveRubricBody>;

const ranges = AUDIT_SETTINGS_RANGES;

/** Admin settings of the pool and assignment (docs/audit.md). */
export const AuditSettings = Type.Object({
  batch_size: Type.Integer(bounds(ranges.batch_size)),
  assignment_ttl_minutes: Type.Integer(bounds(ranges.assignment_ttl_minutes)),
  resume_unfinished: Type.Boolean(),
  calibration_share: Type.Number(bounds(ranges.calibration_share)),
  pool_contact_replied: Type.Boolean(),
  pool_campaign_ids: Nullable(Type.Array(Id, { maxItems: AUDIT_LIMITS.poolCampaignsMax })),
  pool_since_days: Nullable(Type.Integer(bounds(ranges.pool_since_days))),
  pool_min_messages: Type.Integer(bounds(ranges.pool_min_messages)),
  pool_retention_days: Nullable(Type.Integer(bounds(ranges.pool_retention_days))),
  data_retention_days: Nullable(Type.Integer(bounds(ranges.data_retention_days))),
});
export type AuditSettings = Static<typeof AuditSettings>;
/** Every setting, in the order of the schema (what the server reads and the form edits). */
export const AUDIT_SETTINGS_FIELDS = [
  'batch_size',
  'assignment_ttl_minutes',
  'resume_unfinished',
  'calibration_share',
  'pool_contact_replied',
  'pool_campaign_ids',
  'pool_since_days',
  'pool_min_messages',
  'pool_retention_days',
  'data_retention_days',
] as const satisfies readonly (keyof AuditSettings)[];
export const AuditSettingsPatch = Type.Partial(AuditSettings);
export type AuditSettingsPatch = Static<typeof AuditSettingsPatch>;

/** Calibration agreement per rubric item and auditor pair (percent and Cohen's kappa). */
export const AgreementView = Type.Object({
  items: Type.Array(
    Type.Object({
      item: Type.String(),
      auditor_a: Type.Object({ id: Type.Integer(), name: Type.String() }),
      auditor_b: Type.Object({ id: Type.Integer(), name: Type.String() }),
      conversations: Type.Integer(),
      percent_agreement: Type.Number(),
      kappa: Nullable(Type.Number()),
    }),
  ),
});
export type AgreementView = Static<typeof AgreementView>;
