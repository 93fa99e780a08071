import { type Static, Type } from 'typebox';
import { LanguageSchema } from './auth.js';
import { BigId, BigIdParams, DateTime, IdParams, Nullable } from './typebox.js';

/** API shapes of the e-mail module (docs/email.md): the Mail page and the Templates page. */

export const EMAIL_STATUSES = ['queued', 'held', 'sending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** How long a template's parts may be (characters). */
export const EMAIL_TEMPLATE_LIMITS = { subject: 1_000, html: 200_000, text: 100_000, name: 200 } as const;

export const Locale = LanguageSchema;

const Status = Type.Union([
  Type.Literal('queued'),
  Type.Literal('held'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);

export const NoContent = Type.Null({ description: 'No content' });

export const OutboxQuery = Type.Object({
  status: Type.Optional(Status),
  /** Keyset: mails with a smaller id than this (the `next_before` of the previous page). */
  before: Type.Optional(BigId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type OutboxQuery = Static<typeof OutboxQuery>;

export const OutboxItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  locale: Type.String(),
  to_address: Type.String(),
  to_name: Type.String(),
  subject: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  next_attempt_at: DateTime,
  last_response: Nullable(Type.String()),
  message_id: Nullable(Type.String()),
  created_at: DateTime,
  sent_at: Nullable(DateTime),
  failed_at: Nullable(DateTime),
  /** Holds a one-time link: its body is erased once sent, failed or 72 h old. */
  secret: Type.Boolean(),
  erased_at: Nullable(DateTime),
});
export type OutboxItem = Static<typeof OutboxItem>;

export const OutboxPage = Type.Object({
  items: Type.Array(OutboxItem),
  /** `before` for the next page; null on the last one. */
  next_before: Nullable(Type.Integer()),
  /** False: no SMTP_URL, nothing is sent and mail is held in the outbox. */
  smtp_configured: Type.Boolean(),
});
export type OutboxPage = Static<typeof OutboxPage>;

export const OutboxMail = Type.Object({
  ...OutboxItem.properties,
  /** Null once erased (a one-time link that was sent, failed or expired). */
  html: Nullable(Type.String()),
  text: Nullable(Type.String()),
});
export type OutboxMail = Static<typeof OutboxMail>;

export const OutboxParams = BigIdParams;

export const TestEmailBody = Type.Object({
  locale: Type.Optional(Locale),
});
export type TestEmailBody = Static<typeof TestEmailBody>;

export const QueuedEmail = Type.Object({ id: Type.Integer() });
export type QueuedEmail = Static<typeof QueuedEmail>;

export const TemplateSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  is_default: Type.Boolean(),
  updated_at: DateTime,
  updated_by: Nullable(Type.String()),
});
export type TemplateSummary = Static<typeof TemplateSummary>;

export const EmailKindView = Type.Object({
  key: Type.String(),
  label: Type.Record(Type.String(), Type.String()),
  /** Several named templates per language (one picked when composing); otherwise one. */
  multiple: Type.Boolean(),
  locales: Type.Array(Type.Object({ locale: Locale, templates: Type.Array(TemplateSummary) })),
});
export type EmailKindView = Static<typeof EmailKindView>;

export const EmailKindList = Type.Object({ kinds: Type.Array(EmailKindView) });
export type EmailKindList = Static<typeof EmailKindList>;

export const TemplateParts = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: EMAIL_TEMPLATE_LIMITS.subject }),
  html: Type.String({ minLength: 1, maxLength: EMAIL_TEMPLATE_LIMITS.html }),
  /** '' = made from the HTML. */
  text: Type.String({ maxLength: EMAIL_TEMPLATE_LIMITS.text }),
});
export type TemplateParts = Static<typeof TemplateParts>;

export const KindLocaleParams = Type.Object({ kind: Type.String({ maxLength: 64 }), locale: Locale });
export type KindLocaleParams = Static<typeof KindLocaleParams>;

/** The sources of a kind in one language: the defaults from the code and the saved templates. */
export const KindTemplates = Type.Object({
  kind: Type.String(),
  locale: Locale,
  multiple: Type.Boolean(),
  defaults: TemplateParts,
  /** The variables a template may use, with example values (what previews render). */
  sample: Type.Unknown(),
  templates: Type.Array(Type.Object({ ...TemplateSummary.properties, ...TemplateParts.properties })),
});
export type KindTemplates = Static<typeof KindTemplates>;

export const NewTemplateBody = Type.Object({
  ...TemplateParts.properties,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: EMAIL_TEMPLATE_LIMITS.name })),
  /** Used when a mail names no template (the only one for kinds that are not `multiple`). */
  is_default: Type.Optional(Type.Boolean()),
});
export type NewTemplateBody = Static<typeof NewTemplateBody>;

export const TemplateBody = Type.Object({
  ...TemplateParts.properties,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: EMAIL_TEMPLATE_LIMITS.name })),
  is_default: Type.Optional(Type.Boolean()),
});
export type TemplateBody = Static<typeof TemplateBody>;

export const TemplateParams = IdParams;

export const TemplateProblem = Type.Object({
  part: Type.Union([Type.Literal('subject'), Type.Literal('html'), Type.Literal('text')]),
  line: Type.Integer(),
  column: Type.Integer(),
  problem: Type.Union([Type.Literal('syntax'), Type.Literal('unknown_variable'), Type.Literal('render')]),
  detail: Type.String(),
});
export type TemplateProblem = Static<typeof TemplateProblem>;

export const PreviewBody = Type.Object({
  ...TemplateParts.properties,
  subject: Type.String({ maxLength: EMAIL_TEMPLATE_LIMITS.subject }),
  html: Type.String({ maxLength: EMAIL_TEMPLATE_LIMITS.html }),
});
export type PreviewBody = Static<typeof PreviewBody>;

export const PreviewView = Type.Object({
  problems: Type.Array(TemplateProblem),
  /** The template rendered with the kind's sample in the layout; null when it has problems. */
  rendered: Nullable(Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() })),
});
export type PreviewView = Static<typeof PreviewView>;
