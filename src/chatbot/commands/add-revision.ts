import { sql, type Transaction } from 'kysely';
import type { BotRevisionSource } from '../../../common/api/chatbot.js';
import type { Database } from '../../db/index.js';
import type { BotRevisionRow, BotRow } from '../../db/rows.js';
import type { BotBundle } from '../engine/index.js';
import type { BotIssue } from '../issues.js';
import { writeQuestionnaires } from '../revisions.js';

export interface NewRevision {
  /** The bot, locked by the caller (lockBot or a fresh insert). */
  readonly bot: BotRow;
  /** Validated. */
  readonly bundle: BotBundle;
  readonly source: BotRevisionSource;
  readonly warnings?: readonly BotIssue[];
  readonly revertedFrom?: number | null;
  readonly actorId: number | null;
}

/**
 * Adds the bot's next revision (config, questionnaires, questions) and makes it current, inside the
 * caller's transaction. Tag codes the config uses are added to `bot_tag_codes` when missing, so no
 * analytics event is ever without its tag row.
 */
export async function addRevision(trx: Transaction<Database>, input: NewRevision): Promise<BotRevisionRow> {
  const { max } = await trx
    .selectFrom('bot_revisions')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('bot_id', '=', input.bot.id)
    .executeTakeFirstOrThrow();
  const revision = await trx
    .insertInto('bot_revisions')
    .values({
      bot_id: input.bot.id,
      number: (max ?? 0) + 1,
      config: JSON.stringify(input.bundle.bot),
      source: input.source,
      reverted_from: input.revertedFrom ?? null,
      warnings: JSON.stringify(input.warnings ?? []),
      created_by: input.actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeQuestionnaires(trx, revision.id, input.bundle.questionnaires);
  const tags = input.bundle.bot.tag_code_config;
  const used = [...new Set([tags.default, ...tags.scenarios.map((s) => s.tag_code_value)])];
  await trx
    .insertInto('bot_tag_codes')
    .values(used.map((id) => ({ id, label: `Tag ${id}` })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await trx
    .updateTable('bots')
    .set({ current_revision_id: revision.id, updated_at: sql`now()` })
    .where('id', '=', input.bot.id)
    .execute();
  return revision;
}

/** Finds a bot by name (any case), locked, or creates it: imports target a bot by name. */
export async function botForImport(trx: Transaction<Database>, name: string): Promise<BotRow> {
  const existing = await trx
    .selectFrom('bots')
    .selectAll()
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .forUpdate()
    .executeTakeFirst();
  if (existing) return existing;
  return trx.insertInto('bots').values({ name: name.trim() }).returningAll().executeTakeFirstOrThrow();
}
