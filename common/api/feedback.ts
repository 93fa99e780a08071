import { type Static, Type } from 'typebox';
import { FEEDBACK_LIMITS, LIMITS } from '../limits.js';
import { LanguageSchema } from './auth.js';
import { BigId, BigIdParams, DateTime, Day, Id, IdParams, Nullable } from './typebox.js';

/** API shapes of feedback e-mails to texters (docs/feedback.md), shared by the server and the web UI. */

/** A calendar day, YYYY-MM-DD (periods are whole UTC days, both ends included). */
export const DateOnly = Day;

const periodAndChoice = {
  from: DateOnly,
  to: DateOnly,
  template_id: Type.Optional(Nullable(Id)),
  /** The language of the default template when no template is chosen (default: English). */
  locale: Type.Optional(LanguageSchema),
  /** Only these texters; default: every texter audited in the period. */
  texter_ids: Type.Optional(
    Type.Array(Id, { minItems: 1, maxItems: FEEDBACK_LIMITS.textersMax, uniqueItems: true }),
  ),
};

export const FeedbackPreviewBody = Type.Object(periodAndChoice, { additionalProperties: false });
export type FeedbackPreviewBody = Static<typeof FeedbackPreviewBody>;

export const FeedbackSendBody = Type.Object(periodAndChoice, { additionalProperties: false });
export type FeedbackSendBody = Static<typeof FeedbackSendBody>;

/** Why a texter gets no e-mail. */
export const SkipReason = Type.Union([
  Type.Literal('no_email'),
  Type.Literal('opted_out'),
  Type.Literal('already_sent'),
  Type.Literal('no_audits'),
]);
export type SkipReason = Static<typeof SkipReason>;

export const FeedbackTexter = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
});
export type FeedbackTexter = Static<typeof FeedbackTexter>;

export const FeedbackCounts = Type.Object({ audited: Type.Integer(), passed: Type.Integer() });

export const FeedbackPreviewItem = Type.Object({
  texter: FeedbackTexter,
  counts: FeedbackCounts,
  /** Null when the texter gets the e-mail. */
  skip: Nullable(SkipReason),
  /** The e-mail as it would go out (also for a skipped texter, when there is anything to say). */
  email: Nullable(Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() })),
});
export type FeedbackPreviewItem = Static<typeof FeedbackPreviewItem>;

export const FeedbackPreview = Type.Object({
  from: DateOnly,
  to: DateOnly,
  items: Type.Array(FeedbackPreviewItem),
});
export type FeedbackPreview = Static<typeof FeedbackPreview>;

export const FeedbackSendResult = Type.Object({
  sent: Type.Array(Type.Object({ texter: FeedbackTexter, send_id: Type.Integer() })),
  skipped: Type.Array(Type.Object({ texter: FeedbackTexter, reason: SkipReason })),
});
export type FeedbackSendResult = Static<typeof FeedbackSendResult>;

export const ResendBody = Type.Object(
  { confirm: Type.Literal(true, { description: 'Resending is deliberate: say so' }) },
  { additionalProperties: false },
);
export type ResendBody = Static<typeof ResendBody>;
export const SendParams = BigIdParams;

export const DeliveryStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('held'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('unknown'),
]);
export type DeliveryStatus = Static<typeof DeliveryStatus>;

export const FeedbackSendView = Type.Object({
  id: Type.Integer(),
  texter: FeedbackTexter,
  from: DateOnly,
  to: DateOnly,
  template_id: Nullable(Type.Integer()),
  locale: Type.String(),
  sent_by: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  sent_at: DateTime,
  to_address: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  resend_of: Nullable(Type.Integer()),
  delivery: Type.Object({
    status: DeliveryStatus,
    attempts: Type.Integer(),
    last_response: Nullable(Type.String()),
    sent_at: Nullable(DateTime),
  }),
});
export type FeedbackSendView = Static<typeof FeedbackSendView>;

export const SendLogQuery = Type.Object(
  {
    texter_id: Type.Optional(Id),
    /** Keyset: sends older than this id. */
    before: Type.Optional(BigId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEEDBACK_LIMITS.logPageMax })),
  },
  { additionalProperties: false },
);
export type SendLogQuery = Static<typeof SendLogQuery>;

export const SendLog = Type.Object({
  items: Type.Array(FeedbackSendView),
  next_before: Nullable(Type.Integer()),
});
export type SendLog = Static<typeof SendLog>;

export const OptOutView = Type.Object({
  texter: FeedbackTexter,
  opted_out_at: DateTime,
  via: Type.Union([Type.Literal('link'), Type.Literal('admin')]),
});
export type OptOutView = Static<typeof OptOutView>;
export const OptOutList = Type.Object({ items: Type.Array(OptOutView) });
export type OptOutList = Static<typeof OptOutList>;

export const OptOutBody = Type.Object({ texter_id: Id }, { additionalProperties: false });
export type OptOutBody = Static<typeof OptOutBody>;
export const TexterParams = IdParams;

export const TexterEmailPatch = Type.Object(
  {
    /** The corrected address; null withdraws the correction (the imported address applies again). */
    email: Nullable(Type.String({ format: 'email', minLength: 3, maxLength: LIMITS.emailMax })),
  },
  { additionalProperties: false },
);
export type TexterEmailPatch = Static<typeof TexterEmailPatch>;

export const TexterEmailView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The address e-mails go to. */
  email: Nullable(Type.String()),
  imported_email: Nullable(Type.String()),
  email_override: Nullable(Type.String()),
});
export type TexterEmailView = Static<typeof TexterEmailView>;

export const StopParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: FEEDBACK_LIMITS.tokenMax }),
});
export type StopParams = Static<typeof StopParams>;
export const StopView = Type.Object({ stopped: Type.Boolean() });
export type StopView = Static<typeof StopView>;

/** Saved feedback templates to choose from (besides each language's default). */
export const FeedbackTemplateList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      locale: Type.String(),
      is_default: Type.Boolean(),
    }),
  ),
});
export type FeedbackTemplateList = Static<typeof FeedbackTemplateList>;

export const ResendResult = Type.Object({ send_id: Type.Integer() });
export type ResendResult = Static<typeof ResendResult>;
