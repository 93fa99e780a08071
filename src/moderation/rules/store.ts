import { type Selectable, sql } from 'kysely';
import type { CreateRuleBody, UpdateRuleBody } from '../../../common/api/moderation.js';
import type { Db } from '../../db/index.js';
import type { ModerationRules } from '../../db/types.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { compileRegex } from './matchers.js';

export type RuleRow = Selectable<ModerationRules>;

export function listRules(db: Db): Promise<RuleRow[]> {
  return db.selectFrom('moderation_rules').selectAll().orderBy('id').execute();
}

export async function findRule(db: Db, id: number): Promise<RuleRow> {
  const rule = await db.selectFrom('moderation_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rule) throw new NotFound('Rule');
  return rule;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';
const isForeignKeyViolation = (error: unknown) => (error as { code?: unknown }).code === '23503';

/** Terms trimmed, blank ones and repeats dropped. */
function cleanTerms(terms: readonly string[] | undefined): string[] {
  return [...new Set((terms ?? []).map((term) => term.trim()).filter(Boolean))];
}

async function saving<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`A rule named "${name}" exists.`, 'rule_name_taken');
    if (isForeignKeyViolation(error)) {
      throw new Invalid('Unknown flag type.', [{ field: 'flag_type_id' }], 'unknown_flag_type');
    }
    throw error;
  }
}

export async function createRule(db: Db, body: CreateRuleBody, userId: number, now: Date): Promise<RuleRow> {
  const terms = cleanTerms(body.terms);
  if (body.kind === 'keyword' && terms.length === 0) {
    throw new Invalid('A keyword rule needs at least one term.', [{ field: 'terms' }]);
  }
  if (body.kind === 'regex') {
    if (!body.pattern)
      throw new Invalid('A regular-expression rule needs a pattern.', [{ field: 'pattern' }]);
    compileRegex(body.pattern);
  }
  return saving(body.name, () =>
    db
      .insertInto('moderation_rules')
      .values({
        name: body.name,
        kind: body.kind,
        terms,
        pattern: body.kind === 'regex' ? (body.pattern ?? null) : null,
        flag_type_id: body.flag_type_id,
        enabled: body.enabled ?? true,
        created_by: userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** A built-in rule keeps its kind; its terms may be replaced (empty: the default list again). */
export async function updateRule(db: Db, id: number, body: UpdateRuleBody, now: Date): Promise<RuleRow> {
  const rule = await findRule(db, id);
  const terms = body.terms === undefined ? undefined : cleanTerms(body.terms);
  if (rule.kind === 'keyword' && terms?.length === 0) {
    throw new Invalid('A keyword rule needs at least one term.', [{ field: 'terms' }]);
  }
  if (body.pattern !== undefined) {
    if (rule.kind !== 'regex')
      throw new Invalid('Only a regular-expression rule has a pattern.', [{ field: 'pattern' }]);
    compileRegex(body.pattern);
  }
  return saving(body.name, () =>
    db
      .updateTable('moderation_rules')
      .set({
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(terms === undefined ? {} : { terms }),
        ...(body.pattern === undefined ? {} : { pattern: body.pattern }),
        ...(body.flag_type_id === undefined ? {} : { flag_type_id: body.flag_type_id }),
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** Deletes a custom rule that never flagged anything; one that did can be disabled, so flags keep their flagger. */
export async function deleteRule(db: Db, id: number): Promise<void> {
  const rule = await findRule(db, id);
  if (rule.builtin) throw new Conflict('A built-in rule can be disabled, not deleted.', 'conflict');
  const { rows } = await sql`
    delete from moderation_rules r where id = ${id}
       and not exists (select from flags f where f.flagger_rule_id = r.id)
    returning id`.execute(db);
  if (rows.length === 0) throw new Conflict('This rule has raised flags: disable it instead.', 'conflict');
}
