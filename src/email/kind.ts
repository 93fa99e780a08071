import type { LanguageCode } from '../../common/languages.js';

/** The Liquid sources of one template: subject, HTML body and plain-text body ('' or absent: from the HTML). */
export interface TemplateSource {
  subject: string;
  html: string;
  text?: string;
}

/** One kind of e-mail Parley sends (invitation, password reset, texter feedback…). */
export interface EmailKind<V> {
  /** Stored in the outbox and the templates table: never rename one. */
  key: string;
  /** Variables a template is checked against when it is saved (strict: unknown names are errors). */
  sample: V;
  /** The templates used until an admin saves one, per language. */
  defaults: Record<LanguageCode, TemplateSource>;
  /** Several named templates per language, one picked when composing (feedback); otherwise one. */
  multiple?: boolean;
  /** The kind's name on the Templates page; the key when absent. */
  label?: Record<LanguageCode, string>;
}

/** A kind whose variables are not known here (lists of kinds, stored rows). */
export type AnyEmailKind = EmailKind<unknown>;

export interface EmailToQueue<V> {
  kind: EmailKind<V>;
  /** A saved template of that kind; by default the kind's default template for the locale. */
  templateId?: number;
  locale: LanguageCode;
  to: { address: string; name?: string };
  variables: V;
  /** Holds a one-time link: its body is erased once sent, failed or 72 h old, and never shown. */
  secret?: boolean;
  /** Files sent with the mail (a report's CSV); kept until it is sent (docs/email.md#attachments). */
  attachments?: readonly EmailAttachment[];
}

export interface EmailAttachment {
  /** Shown to the recipient; one line. */
  filename: string;
  /** `text/csv; charset=utf-8`… */
  contentType: string;
  content: Buffer | string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
