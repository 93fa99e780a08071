import type { LanguageCode } from '../../common/languages.js';
import type { Db } from '../db/index.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import type { AnyEmailKind, RenderedEmail, TemplateSource } from './kind.js';
import { findKind } from './kinds/index.js';
import { layoutKind } from './layout.js';
import { checkPart, type TemplateProblem } from './liquid.js';
import { layoutFor, renderSources } from './render.js';

export interface TemplateInput {
  subject: string;
  html: string;
  text: string;
  name?: string;
  is_default?: boolean;
}

export function kindOf(key: string): AnyEmailKind {
  const kind = findKind(key);
  if (!kind) throw new NotFound('E-mail kind', 'email_kind_unknown');
  return kind;
}

/** Every problem of a template's three parts against the kind's sample (strict). */
export function checkTemplate(kind: AnyEmailKind, source: TemplateSource): TemplateProblem[] {
  const sample = (kind.sample ?? {}) as object;
  return [
    ...checkPart('subject', source.subject, sample),
    ...checkPart('html', source.html, sample),
    ...checkPart('text', source.text ?? '', sample),
  ];
}

function refuseProblems(problems: TemplateProblem[]): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new Invalid(
    `The template has ${problems.length} problem(s), the first in the ${first.part} at line ${first.line}: ${first.detail}.`,
    problems,
    'invalid_email_template',
  );
}

/** Checks a template and renders it with the kind's sample in the layout (the Templates page's preview). */
export async function previewTemplate(
  db: Db,
  kind: AnyEmailKind,
  locale: LanguageCode,
  source: TemplateSource,
): Promise<{ problems: TemplateProblem[]; rendered: RenderedEmail | null }> {
  const problems = checkTemplate(kind, source);
  if (problems.length > 0) return { problems, rendered: null };
  // The layout previews itself around a sample body; other kinds in the saved layout.
  const layout = kind.key === layoutKind.key ? source : await layoutFor(db, locale);
  const body = kind.key === layoutKind.key ? { subject: 'Hello', html: '<p>Hello!</p>', text: '' } : source;
  return { problems, rendered: renderSources(body, layout, kind.sample) };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

/**
 * Saves a new template. A kind that is not `multiple` has one per language: saving replaces it.
 * Refused (400, every problem listed) when a part does not parse or uses an unknown variable.
 */
export async function createTemplate(
  db: Db,
  kind: AnyEmailKind,
  locale: LanguageCode,
  input: TemplateInput,
  userId: number,
  now: Date,
): Promise<number> {
  refuseProblems(checkTemplate(kind, input));
  const isDefault = kind.multiple ? (input.is_default ?? false) : true;
  return db.transaction().execute(async (trx) => {
    if (!kind.multiple)
      await trx
        .deleteFrom('email_templates')
        .where('kind', '=', kind.key)
        .where('locale', '=', locale)
        .execute();
    else if (isDefault)
      await trx
        .updateTable('email_templates')
        .set({ is_default: false })
        .where('kind', '=', kind.key)
        .where('locale', '=', locale)
        .execute();
    try {
      const row = await trx
        .insertInto('email_templates')
        .values({
          kind: kind.key,
          locale,
          name: input.name?.trim() || kind.label?.[locale] || kind.key,
          is_default: isDefault,
          subject: input.subject,
          html: input.html,
          text: input.text,
          updated_at: now,
          updated_by: userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new Conflict(
          'Another template of this kind and language has this name.',
          'email_template_name_taken',
        );
      throw error;
    }
  });
}

async function savedTemplate(db: Db, id: number) {
  const row = await db.selectFrom('email_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('E-mail template', 'email_template_not_found');
  return row;
}

/** Changes a saved template (same checks as creating one). */
export async function updateTemplate(db: Db, id: number, input: TemplateInput, userId: number, now: Date) {
  const row = await savedTemplate(db, id);
  const kind = kindOf(row.kind);
  refuseProblems(checkTemplate(kind, input));
  await db.transaction().execute(async (trx) => {
    if (kind.multiple && input.is_default === true && !row.is_default)
      await trx
        .updateTable('email_templates')
        .set({ is_default: false })
        .where('kind', '=', row.kind)
        .where('locale', '=', row.locale)
        .execute();
    try {
      await trx
        .updateTable('email_templates')
        .set({
          subject: input.subject,
          html: input.html,
          text: input.text,
          ...(input.name?.trim() ? { name: input.name.trim() } : {}),
          ...(kind.multiple && input.is_default !== undefined ? { is_default: input.is_default } : {}),
          updated_at: now,
          updated_by: userId,
        })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new Conflict(
          'Another template of this kind and language has this name.',
          'email_template_name_taken',
        );
      throw error;
    }
  });
}

/** Deletes a saved template: for a kind with one template, back to the default from the code. */
export async function deleteTemplate(db: Db, id: number): Promise<void> {
  await savedTemplate(db, id);
  await db.deleteFrom('email_templates').where('id', '=', id).execute();
}

/** A kind's saved templates, for a language or all (feedback compose lists them to pick one). */
export async function listTemplates(db: Db, kindKey: string, locale?: LanguageCode) {
  let query = db
    .selectFrom('email_templates as t')
    .leftJoin('users as u', 'u.id', 't.updated_by')
    .select([
      't.id',
      't.kind',
      't.locale',
      't.name',
      't.is_default',
      't.subject',
      't.html',
      't.text',
      't.updated_at',
      'u.name as updated_by_name',
      'u.email as updated_by_email',
    ])
    .where('t.kind', '=', kindKey)
    .orderBy('t.locale')
    .orderBy('t.is_default', 'desc')
    .orderBy('t.name');
  if (locale) query = query.where('t.locale', '=', locale);
  return query.execute();
}

export type SavedTemplate = Awaited<ReturnType<typeof listTemplates>>[number];

/** Every saved template of every kind (the Templates page's list). */
export async function listAllTemplates(db: Db): Promise<SavedTemplate[]> {
  return db
    .selectFrom('email_templates as t')
    .leftJoin('users as u', 'u.id', 't.updated_by')
    .select([
      't.id',
      't.kind',
      't.locale',
      't.name',
      't.is_default',
      't.subject',
      't.html',
      't.text',
      't.updated_at',
      'u.name as updated_by_name',
      'u.email as updated_by_email',
    ])
    .orderBy('t.kind')
    .orderBy('t.is_default', 'desc')
    .orderBy('t.name')
    .execute();
}
