import type { LanguageCode } from '../../../common/languages.js';
import { FEEDBACK_LIMITS } from '../../../common/limits.js';
import type { TexterFeedbackVariables } from '../../email/index.js';
import { type AuditRow, type Period, suggestedAudits, type TexterFeedback } from './gather.js';

type FeedbackAudit = TexterFeedbackVariables['audits'][number];

/** Control characters (but tab and newline) have no place in an e-mail; they could forge lines in the text part. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is what it matches
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line, at most `max` characters (by code point), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function dayFormat(locale: LanguageCode): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
}

function presentAudit(audit: AuditRow, feedback: TexterFeedback, format: Intl.DateTimeFormat): FeedbackAudit {
  return {
    date: format.format(audit.created_at),
    campaign: clip(audit.campaign, 120),
    passed: audit.passed,
    failed_items: audit.items.filter((item) => audit.scores[item.key] === false).map((item) => item.label),
    note: audit.note.replace(CONTROL, '').trim(),
    excerpt: (feedback.excerpts.get(audit.conversation_id) ?? []).map((m) => ({
      from_texter: !m.from_contact,
      text: clip(m.text, FEEDBACK_LIMITS.excerptChars),
    })),
  };
}

/** Rubric items met in every audit that scored them, in rubric order (the newest audit's). */
function wentWell(audits: readonly AuditRow[]): TexterFeedbackVariables['went_well'] {
  const newest = audits[0];
  if (!newest) return [];
  return newest.items
    .filter((item) => audits.every((a) => a.scores[item.key] !== false))
    .map((item) => ({ label: item.label, description: item.description }));
}

/** What the template of one texter's e-mail is given. */
export function feedbackVariables(
  feedback: TexterFeedback,
  input: { period: Period; locale: LanguageCode; stopUrl: string },
): TexterFeedbackVariables {
  const format = dayFormat(input.locale);
  const day = (iso: string) => format.format(new Date(`${iso}T00:00:00Z`));
  const { texter, audits } = feedback;
  const name = [texter.first_name, texter.last_name].filter(Boolean).join(' ').trim();
  const passed = audits.filter((a) => a.passed).length;
  return {
    texter: { first_name: texter.first_name || name, name },
    period: { from: day(input.period.from), to: day(input.period.to) },
    counts: { audited: audits.length, passed, failed: audits.length - passed },
    went_well: wentWell(audits),
    suggestions: suggestedAudits(audits).map((a) => presentAudit(a, feedback, format)),
    // Only the suggestions' conversations are quoted; the other audits have an empty excerpt.
    audits: audits.map((a) => presentAudit(a, feedback, format)),
    stop_url: input.stopUrl,
  };
}
