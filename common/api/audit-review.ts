import { type Static, Type } from 'typebox';
import { AUDIT_LIMITS, RUBRIC_LIMITS } from '../limits.js';
import { AuditView, CampaignRef, ConversationView, RubricItem } from './audit.js';
import { BigIdParams, DateTime, Id, IdParams, Nullable } from './typebox.js';

/** API shapes of the audit review (docs/audit.md#review): the Audits page, a texter's page, corrections. */

export const AUDIT_REVIEW_LIMITS = { page: 50, pageMax: 100, texterAuditsMax: 500, cursorMax: 200 } as const;

export const AuditSortKey = Type.Union([Type.Literal('created_at'), Type.Literal('score')]);
export type AuditSortKey = Static<typeof AuditSortKey>;
export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
export type SortOrder = Static<typeof SortOrder>;

export const AuditListQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    texter_id: Type.Optional(Id),
    campaign_id: Type.Optional(Id),
    auditor_id: Type.Optional(Id),
    result: Type.Optional(Type.Union([Type.Literal('passed'), Type.Literal('failed')])),
    item: Type.Optional(
      Type.String({ pattern: RUBRIC_LIMITS.keyPattern, description: 'A rubric item key the audit failed' }),
    ),
    sort: Type.Optional(AuditSortKey),
    order: Type.Optional(SortOrder),
    cursor: Type.Optional(
      Type.String({
        maxLength: AUDIT_REVIEW_LIMITS.cursorMax,
        description: 'The `next` of the previous page, with the same filters and sort',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_REVIEW_LIMITS.pageMax })),
  },
  { additionalProperties: false },
);
export type AuditListQuery = Static<typeof AuditListQuery>;

export const PersonRef = Type.Object({ id: Type.Integer(), name: Type.String() });
export type PersonRef = Static<typeof PersonRef>;

export const AuditListRow = Type.Object({
  id: Type.Integer(),
  conversation_id: Type.Integer(),
  created_at: DateTime,
  auditor: PersonRef,
  texter: Nullable(PersonRef),
  campaign: CampaignRef,
  rubric_version: Type.Integer(),
  score: Type.Number(),
  passed: Type.Boolean(),
  failed_items: Type.Array(Type.String()),
  note: Type.String(),
  calibration: Type.Boolean(),
});
export type AuditListRow = Static<typeof AuditListRow>;

export const AuditPage = Type.Object({
  audits: Type.Array(AuditListRow),
  /** Pass as `cursor` for the next page; null on the last one. */
  next: Nullable(Type.String()),
});
export type AuditPage = Static<typeof AuditPage>;

export const AuditParams = BigIdParams;

export const AuditHistoryEntry = Type.Object({
  changed_at: DateTime,
  changed_by: PersonRef,
  /** What the audit was before this change. */
  scores: Type.Record(Type.String(), Type.Boolean()),
  passed: Type.Boolean(),
  score: Type.Number(),
  note: Type.String(),
});
export type AuditHistoryEntry = Static<typeof AuditHistoryEntry>;

/** One audit with its conversation, for the read-only audit view. */
export const AuditDetail = Type.Object({
  audit: AuditListRow,
  scores: Type.Record(Type.String(), Type.Boolean()),
  /** The items of the rubric version the audit was scored with. */
  rubric_items: Type.Array(RubricItem),
  updated_at: Nullable(DateTime),
  history: Type.Array(AuditHistoryEntry),
  conversation: ConversationView,
});
export type AuditDetail = Static<typeof AuditDetail>;

export const TexterReviewParams = IdParams;
export const TexterReviewQuery = Type.Object(
  { from: Type.Optional(DateTime), to: Type.Optional(DateTime) },
  { additionalProperties: false },
);
export type TexterReviewQuery = Static<typeof TexterReviewQuery>;

export const ItemRate = Type.Object({
  key: Type.String(),
  label: Type.String(),
  audits: Type.Integer({ description: 'Audits that scored this item' }),
  passed: Type.Integer(),
  rate: Nullable(Type.Number({ description: 'passed ÷ audits, 0..1' })),
});
export type ItemRate = Static<typeof ItemRate>;

export const TexterReview = Type.Object({
  texter: Type.Object({ id: Type.Integer(), name: Type.String(), email: Nullable(Type.String()) }),
  from: Nullable(DateTime),
  to: Nullable(DateTime),
  total: Type.Integer(),
  passed: Type.Integer(),
  items: Type.Array(ItemRate),
  /** Newest first, at most AUDIT_REVIEW_LIMITS.texterAuditsMax (see `total`). */
  audits: Type.Array(AuditListRow),
});
export type TexterReview = Static<typeof TexterReview>;

/** The auditor's own audits of a batch, for the audit screen (scores, corrections, summary). */
export const MyAudit = Type.Object({
  ...AuditView.properties,
  failed_items: Type.Array(Type.String()),
  updated_at: Nullable(DateTime),
  /** Until when the auditor may correct it (the batch's `expires_at`); null: no longer. */
  correctable_until: Nullable(DateTime),
});
export type MyAudit = Static<typeof MyAudit>;

export const BatchParams = BigIdParams;

export const BatchAudits = Type.Object({
  batch_id: Type.Integer(),
  expires_at: DateTime,
  audits: Type.Array(MyAudit),
  summary: Type.Object({
    audited: Type.Integer(),
    passed: Type.Integer(),
    /** Failed count per rubric item key (items nobody failed are 0). */
    failed_items: Type.Record(Type.String(), Type.Integer()),
  }),
});
export type BatchAudits = Static<typeof BatchAudits>;

export const CorrectAuditBody = Type.Object(
  {
    scores: Type.Record(Type.String(), Type.Boolean()),
    note: Type.Optional(Type.String({ maxLength: AUDIT_LIMITS.noteMax })),
  },
  { additionalProperties: false },
);
export type CorrectAuditBody = Static<typeof CorrectAuditBody>;

/** The Audits page's choices: every rubric item key any version has (the newest label), and the campaigns and auditors that have audits. */
export const ReviewFilters = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  campaigns: Type.Array(CampaignRef),
  auditors: Type.Array(PersonRef),
});
export type ReviewFilters = Static<typeof ReviewFilters>;
