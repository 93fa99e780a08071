import { convert } from 'html-to-text';
import { FALLBACK_LANGUAGE, type LanguageCode } from '../../common/languages.js';
import type { Db } from '../db/index.js';
import { NotFound } from '../errors.js';
import type { AnyEmailKind, EmailKind, EmailToQueue, RenderedEmail, TemplateSource } from './kind.js';
import { layoutKind } from './layout.js';
import { htmlEngine, plainEngine } from './liquid.js';

/** The template a mail is rendered from: a saved one, or the kind's default for its language. */
export interface ChosenTemplate {
  source: TemplateSource;
  /** The saved template's id; null for the kind's defaults from the code. */
  templateId: number | null;
}

/** The kind's template for a language: the saved default, or the one in the code. */
export async function defaultTemplate(
  db: Db,
  kind: AnyEmailKind,
  locale: LanguageCode,
): Promise<ChosenTemplate> {
  const saved = await db
    .selectFrom('email_templates')
    .select(['id', 'subject', 'html', 'text'])
    .where('kind', '=', kind.key)
    .where('locale', '=', locale)
    .where('is_default', '=', true)
    .executeTakeFirst();
  if (saved) return { source: saved, templateId: saved.id };
  return { source: kind.defaults[locale] ?? kind.defaults[FALLBACK_LANGUAGE], templateId: null };
}

/** The template a mail names, or the kind's default for its language. */
export async function chooseTemplate(
  db: Db,
  kind: AnyEmailKind,
  locale: LanguageCode,
  templateId?: number,
): Promise<ChosenTemplate> {
  if (templateId === undefined) return defaultTemplate(db, kind, locale);
  const saved = await db
    .selectFrom('email_templates')
    .select(['id', 'subject', 'html', 'text'])
    .where('id', '=', templateId)
    .where('kind', '=', kind.key)
    .executeTakeFirst();
  if (!saved) throw new NotFound('E-mail template', 'email_template_not_found');
  return { source: saved, templateId: saved.id };
}

/** Header-safe: one line, no surrounding blanks. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** The plain-text part of an HTML e-mail: links kept as `text [url]`, images dropped. */
export function textFromHtml(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'title', format: 'skip' },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block' },
      { selector: 'td', format: 'block' },
    ],
  }).trim();
}

/**
 * Renders a template and the layout around it (pure: the sources are given). The text part is
 * the template's own text when it has one, else made from the HTML.
 */
export function renderSources(
  source: TemplateSource,
  layout: TemplateSource,
  variables: unknown,
): RenderedEmail {
  const scope = (variables ?? {}) as object;
  const subject = oneLine(plainEngine.parseAndRenderSync(source.subject, scope));
  const body = htmlEngine.parseAndRenderSync(source.html, scope);
  const html = htmlEngine.parseAndRenderSync(layout.html, { content: body, subject });
  const ownText = source.text?.trim() ? plainEngine.parseAndRenderSync(source.text, scope).trim() : '';
  let text = textFromHtml(html);
  if (ownText !== '')
    text = layout.text?.trim()
      ? plainEngine.parseAndRenderSync(layout.text, { content: ownText, subject }).trim()
      : ownText;
  return { subject, html, text: `${text}\n` };
}

/** The layout for a language (saved, or the default in the code). */
export async function layoutFor(db: Db, locale: LanguageCode): Promise<TemplateSource> {
  return (await defaultTemplate(db, layoutKind, locale)).source;
}

/** Renders a mail with its template and the layout, without queuing it (previews). */
export async function renderEmail<V>(
  db: Db,
  mail: Omit<EmailToQueue<V>, 'to' | 'secret'>,
): Promise<RenderedEmail> {
  return (await renderWithTemplate(db, mail)).rendered;
}

export async function renderWithTemplate<V>(
  db: Db,
  mail: Omit<EmailToQueue<V>, 'to' | 'secret'>,
): Promise<{ rendered: RenderedEmail; templateId: number | null }> {
  const kind = mail.kind as EmailKind<unknown>;
  const chosen = await chooseTemplate(db, kind, mail.locale, mail.templateId);
  const layout = await layoutFor(db, mail.locale);
  return { rendered: renderSources(chosen.source, layout, mail.variables), templateId: chosen.templateId };
}
