import { sql } from 'kysely';
import type { SkipReason } from '../../../common/api/feedback.js';
import { FALLBACK_LANGUAGE, isLanguageCode, type LanguageCode } from '../../../common/languages.js';
import { FEEDBACK_LIMITS } from '../../../common/limits.js';
import type { Db } from '../../db/index.js';
import { queueEmail, type RenderedEmail, renderEmail, texterFeedbackEmail } from '../../email/index.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { gatherFeedback, type Period, skipReason, type TexterFeedback, type TexterRow } from './gather.js';
import { stopUrl } from './stop-link.js';
import { feedbackVariables } from './variables.js';

/** What preview and send are asked for. */
export interface ComposeInput {
  period: Period;
  templateId?: number | null | undefined;
  locale?: LanguageCode | undefined;
  texterIds?: readonly number[] | undefined;
}

/** Where links point and what signs them (AppDeps.config). */
export interface LinkSettings {
  publicUrl: string;
  secret: string;
}

export interface PreviewItem {
  texter: TexterRow;
  audited: number;
  passed: number;
  skip: SkipReason | null;
  email: RenderedEmail | null;
}

/** An address queueEmail accepts (an imported one may not be). */
const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

interface Chosen {
  period: Period;
  templateId: number | undefined;
  locale: LanguageCode;
}

/** Checks the period and picks the template: a saved one (its language) or the default for `locale`. */
async function choose(db: Db, input: ComposeInput): Promise<Chosen> {
  const { from, to } = input.period;
  if (to < from)
    throw new Invalid('The period ends before it starts.', { field: 'to', from, to }, 'bad_period');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > FEEDBACK_LIMITS.periodDaysMax)
    throw new Invalid(
      `The period is longer than ${FEEDBACK_LIMITS.periodDaysMax} days.`,
      { field: 'to', from, to, max: FEEDBACK_LIMITS.periodDaysMax },
      'period_too_long',
    );
  if (input.templateId === undefined || input.templateId === null)
    return { period: input.period, templateId: undefined, locale: input.locale ?? FALLBACK_LANGUAGE };
  const template = await db
    .selectFrom('email_templates')
    .select(['id', 'locale'])
    .where('id', '=', input.templateId)
    .where('kind', '=', texterFeedbackEmail.key)
    .executeTakeFirst();
  if (!template) throw new NotFound('Feedback template', 'email_template_not_found');
  const locale = isLanguageCode(template.locale) ? template.locale : FALLBACK_LANGUAGE;
  return { period: input.period, templateId: template.id, locale };
}

function reasonOf(feedback: TexterFeedback): SkipReason | null {
  const reason = skipReason(feedback);
  if (reason === null && !ADDRESS.test(feedback.texter.email?.trim() ?? '')) return 'no_email';
  return reason;
}

function mailOf(feedback: TexterFeedback, chosen: Chosen, links: LinkSettings) {
  return {
    kind: texterFeedbackEmail,
    ...(chosen.templateId === undefined ? {} : { templateId: chosen.templateId }),
    locale: chosen.locale,
    variables: feedbackVariables(feedback, {
      period: chosen.period,
      locale: chosen.locale,
      stopUrl: stopUrl(links.publicUrl, links.secret, feedback.texter.id),
    }),
  };
}

/**
 * Every texter's e-mail for the period as it would go out, or why it will not: texters audited in
 * the period, or those named. Skipped texters with audits are rendered too, so staff see them.
 */
export async function previewFeedback(
  db: Db,
  input: ComposeInput,
  links: LinkSettings,
): Promise<PreviewItem[]> {
  const chosen = await choose(db, input);
  const all = await gatherFeedback(db, chosen.period, input.texterIds ?? null);
  const items: PreviewItem[] = [];
  for (const feedback of all) {
    const skip = reasonOf(feedback);
    const email =
      feedback.audits.length === 0 ? null : await renderEmail(db, mailOf(feedback, chosen, links));
    const passed = feedback.audits.filter((a) => a.passed).length;
    items.push({ texter: feedback.texter, audited: feedback.audits.length, passed, skip, email });
  }
  return items;
}

export interface SendOutcome {
  sent: { texter: TexterRow; sendId: number }[];
  skipped: { texter: TexterRow; reason: SkipReason }[];
}

/**
 * Writes one texter's send row and queues its e-mail in one transaction. The first send of a
 * texter and period is unique: when another send got there first (now or earlier) the insert does
 * nothing and neither does the mail. Returns the send's id, or why nothing was sent.
 */
async function sendOne(
  db: Db,
  feedback: TexterFeedback,
  chosen: Chosen,
  context: { links: LinkSettings; by: number; now: Date; resendOf: number | null },
): Promise<{ sendId: number } | { reason: SkipReason }> {
  const { texter } = feedback;
  const address = texter.email?.trim() ?? '';
  return db.transaction().execute(async (trx) => {
    const inserted = await sql<{ id: number }>`
      insert into feedback_sends (texter_id, period_from, period_to, template_id, locale, sent_by, sent_at,
                                  to_address, subject, body_text, resend_of)
      select ${texter.id}, ${chosen.period.from}::date, ${chosen.period.to}::date, ${chosen.templateId ?? null},
             ${chosen.locale}, ${context.by}, ${context.now}, ${address}, '', '', ${context.resendOf}
       where not exists (select 1 from texter_feedback_optouts where texter_id = ${texter.id})
      on conflict (texter_id, period_from, period_to) where resend_of is null do nothing
      returning id::int as id`.execute(trx);
    const row = inserted.rows[0];
    if (!row) {
      const optedOut = await trx
        .selectFrom('texter_feedback_optouts')
        .select('texter_id')
        .where('texter_id', '=', texter.id)
        .executeTakeFirst();
      return { reason: optedOut ? 'opted_out' : 'already_sent' };
    }
    const name = [texter.first_name, texter.last_name].filter(Boolean).join(' ');
    const mail = await queueEmail(
      trx,
      { ...mailOf(feedback, chosen, context.links), to: { address, name } },
      context.now,
    );
    await trx
      .updateTable('feedback_sends')
      .set({ outbox_id: mail.id, subject: mail.subject, body_text: mail.text })
      .where('id', '=', row.id)
      .execute();
    return { sendId: row.id };
  });
}

/**
 * Sends the period's feedback: one e-mail per eligible texter, each in its own transaction with its
 * send row. A second bulk send of the same period, or two at once, sends nothing twice.
 */
export async function sendFeedback(
  db: Db,
  input: ComposeInput,
  context: { links: LinkSettings; by: number; now: Date },
): Promise<SendOutcome> {
  const chosen = await choose(db, input);
  const all = await gatherFeedback(db, chosen.period, input.texterIds ?? null);
  const outcome: SendOutcome = { sent: [], skipped: [] };
  for (const feedback of all) {
    const reason = reasonOf(feedback);
    if (reason !== null) {
      outcome.skipped.push({ texter: feedback.texter, reason });
      continue;
    }
    const result = await sendOne(db, feedback, chosen, { ...context, resendOf: null });
    if ('reason' in result) outcome.skipped.push({ texter: feedback.texter, reason: result.reason });
    else outcome.sent.push({ texter: feedback.texter, sendId: result.sendId });
  }
  return outcome;
}

/**
 * Sends a texter's feedback for a period again, on purpose: a new send row pointing at the first
 * send, rendered afresh (same template and language, the current address). Refused when the texter
 * opted out, has no address or no audits left in the period.
 */
export async function resendFeedback(
  db: Db,
  sendId: number,
  context: { links: LinkSettings; by: number; now: Date },
): Promise<number> {
  const original = await db
    .selectFrom('feedback_sends')
    .select(['id', 'texter_id', 'period_from', 'period_to', 'template_id', 'locale', 'resend_of'])
    .where('id', '=', sendId)
    .executeTakeFirst();
  if (!original) throw new NotFound('Feedback send');
  const period = { from: original.period_from, to: original.period_to };
  const chosen: Chosen = {
    period,
    templateId: original.template_id ?? undefined,
    locale: isLanguageCode(original.locale) ? original.locale : FALLBACK_LANGUAGE,
  };
  const [feedback] = await gatherFeedback(db, period, [original.texter_id]);
  if (!feedback) throw new NotFound('Texter');
  if (feedback.texter.opted_out)
    throw new Conflict('This texter asked for no more feedback e-mails.', 'feedback_opted_out');
  if (!ADDRESS.test(feedback.texter.email?.trim() ?? ''))
    throw new Conflict('This texter has no e-mail address.', 'texter_no_email');
  if (feedback.audits.length === 0) throw new Conflict('No audits of this texter are left in that period.');
  const result = await sendOne(db, feedback, chosen, {
    ...context,
    resendOf: original.resend_of ?? original.id,
  });
  if ('reason' in result)
    throw new Conflict('This texter asked for no more feedback e-mails.', 'feedback_opted_out');
  return result.sendId;
}
