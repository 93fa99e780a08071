import type {
  EmailKindView,
  EmailStatus,
  KindTemplates,
  OutboxItem,
  OutboxMail,
  TemplateSummary,
} from '../../common/api/email.js';
import { LANGUAGE_CODES, type LanguageCode } from '../../common/languages.js';
import type { AnyEmailKind } from './kind.js';
import type { OutboxRow } from './outbox.js';
import type { SavedTemplate } from './templates.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function presentOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    locale: row.locale,
    to_address: row.to_address,
    to_name: row.to_name,
    subject: row.subject,
    status: row.status as EmailStatus,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at.toISOString(),
    last_response: row.last_response,
    message_id: row.message_id,
    created_at: row.created_at.toISOString(),
    sent_at: iso(row.sent_at),
    failed_at: iso(row.failed_at),
    secret: row.secret,
    erased_at: iso(row.erased_at),
  };
}

export function presentOutboxMail(row: OutboxRow & { html: string; text: string }): OutboxMail {
  const erased = row.erased_at !== null;
  return { ...presentOutboxItem(row), html: erased ? null : row.html, text: erased ? null : row.text };
}

function presentSummary(row: SavedTemplate): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default,
    updated_at: row.updated_at.toISOString(),
    updated_by: row.updated_by_name || row.updated_by_email || null,
  };
}

function labelOf(kind: AnyEmailKind): Record<string, string> {
  return Object.fromEntries(LANGUAGE_CODES.map((code) => [code, kind.label?.[code] ?? kind.key]));
}

export function presentKinds(kinds: readonly AnyEmailKind[], saved: SavedTemplate[]): EmailKindView[] {
  return kinds.map((kind) => ({
    key: kind.key,
    label: labelOf(kind),
    multiple: kind.multiple ?? false,
    locales: LANGUAGE_CODES.map((locale) => ({
      locale,
      templates: saved.filter((row) => row.kind === kind.key && row.locale === locale).map(presentSummary),
    })),
  }));
}

export function presentKindTemplates(
  kind: AnyEmailKind,
  locale: LanguageCode,
  saved: SavedTemplate[],
): KindTemplates {
  const defaults = kind.defaults[locale];
  return {
    kind: kind.key,
    locale,
    multiple: kind.multiple ?? false,
    defaults: { subject: defaults.subject, html: defaults.html, text: defaults.text ?? '' },
    sample: kind.sample,
    templates: saved.map((row) => ({
      ...presentSummary(row),
      subject: row.subject,
      html: row.html,
      text: row.text,
    })),
  };
}
