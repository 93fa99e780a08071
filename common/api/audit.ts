import { type Static, type TSchema, Type } from 'typebox';

/** API shapes of the audit domain (AUDIT.md §2–3), shared by the server and the web UI. */

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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
      minimum: 1,
      maximum: 100,
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

export const ConversationParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

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
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  label: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.String({ maxLength: 500 }),
  weight: Type.Number({ minimum: 0, maximum: 100 }),
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
  conversation_id: Type.Integer({ minimum: 1 }),
  /** rubric item key → passed? Every item of the current rubric must be present. */
  scores: Type.Record(Type.String(), Type.Boolean()),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
  /** Milliseconds the auditor spent on this conversation (measured by the client). */
  time_spent_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
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

export const SaveRubricBody = Type.Object({ items: Type.Array(RubricItem, { minItems: 1, maxItems: 9 }) });
export type SaveRubricBody = Static<typeof SaveRubricBody>;

/** Admin settings of the pool and assignment (AUDIT.md §2). */
export const AuditSettings = Type.Object({
  batch_size: Type.Integer({ minimum: 1, maximum: 100 }),
  assignment_ttl_minutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 }),
  resume_unfinished: Type.Boolean(),
  calibration_share: Type.Number({ minimum: 0, maximum: 1 }),
  pool_contact_replied: Type.Boolean(),
  pool_campaign_ids: Nullable(Type.Array(Type.Integer())),
  pool_since_days: Nullable(Type.Integer({ minimum: 1 })),
  pool_min_messages: Type.Integer({ minimum: 0 }),
  pool_retention_days: Nullable(Type.Integer({ minimum: 1 })),
  data_retention_days: Nullable(Type.Integer({ minimum: 1 })),
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
