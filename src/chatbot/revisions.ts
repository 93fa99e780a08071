import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { BotQuestionRow } from '../db/rows.js';
import type {
  BotBundle,
  BotConfig,
  ChoiceOption,
  Question,
  Questionnaire,
  YesNoGroupItem,
} from './engine/index.js';

/** A revision as the runtime and the simulator use it: immutable, so it is cached by id. */
export interface LoadedRevision {
  readonly id: number;
  readonly botId: number;
  readonly number: number;
  readonly bundle: BotBundle;
}

type QuestionColumns = Omit<BotQuestionRow, 'id' | 'questionnaire_id' | 'sort'>;

/** A question as its row's columns (JSON columns as text, for inserting). */
export function questionColumns(question: Question) {
  return {
    code: question.code,
    type: question.type,
    question: question.question,
    relevance: question.relevance ?? null,
    intro: question.intro === undefined ? null : JSON.stringify(question.intro),
    options: question.type === 'onlychoice' ? JSON.stringify(question.options) : null,
    yesnogroup: question.type === 'yesnogroup' ? JSON.stringify(question.yesnogroup) : null,
    end_action: question.type === 'botao_fim' ? question.end : null,
    button_label: question.type === 'botao_fim' ? (question.button_label ?? null) : null,
    cep_points: question.type === 'cep_address_lookup' ? (question.points ?? null) : null,
    cep_radius_km: question.type === 'cep_address_lookup' ? (question.radius_km ?? null) : null,
  };
}

/** The reverse of questionColumns. Rows were written from validated bundles only. */
export function questionFromRow(row: QuestionColumns): Question {
  const base = {
    code: row.code,
    question: row.question,
    ...(row.relevance !== null ? { relevance: row.relevance } : {}),
    ...(row.intro !== null ? { intro: row.intro } : {}),
  };
  switch (row.type) {
    case 'onlychoice':
      return { ...base, type: 'onlychoice', options: (row.options ?? []) as ChoiceOption[] };
    case 'yesnogroup':
      return { ...base, type: 'yesnogroup', yesnogroup: (row.yesnogroup ?? []) as YesNoGroupItem[] };
    case 'botao_fim':
      return { ...base, type: 'botao_fim', end: row.end_action ?? 'finish', button_label: row.button_label };
    case 'cep_address_lookup':
      return {
        ...base,
        type: 'cep_address_lookup',
        ...(row.cep_points !== null ? { points: row.cep_points } : {}),
        ...(row.cep_radius_km !== null ? { radius_km: row.cep_radius_km } : {}),
      };
    case 'yesno':
    case 'text':
    case 'displaytext':
      return { ...base, type: row.type };
    default:
      throw new Error(`question ${row.code}: unknown type ${row.type}`);
  }
}

/** Reads a revision with its questionnaires from the database. */
export async function readRevision(db: Db, revisionId: number): Promise<LoadedRevision> {
  const revision = await db
    .selectFrom('bot_revisions')
    .select(['id', 'bot_id', 'number', 'config'])
    .where('id', '=', revisionId)
    .executeTakeFirstOrThrow();
  const questionnaires = await db
    .selectFrom('bot_questionnaires')
    .select(['id', 'key', 'name'])
    .where('revision_id', '=', revisionId)
    .orderBy('sort')
    .execute();
  const questions =
    questionnaires.length === 0
      ? []
      : await db
          .selectFrom('bot_questions')
          .selectAll()
          .where(
            'questionnaire_id',
            'in',
            questionnaires.map((q) => q.id),
          )
          .orderBy('questionnaire_id')
          .orderBy('sort')
          .execute();
  const bundle: BotBundle = {
    bot: revision.config as BotConfig,
    questionnaires: questionnaires.map(
      (q): Questionnaire => ({
        id: q.key,
        name: q.name,
        questions: questions.filter((row) => row.questionnaire_id === q.id).map(questionFromRow),
      }),
    ),
  };
  return { id: revision.id, botId: revision.bot_id, number: revision.number, bundle };
}

/** Writes a validated bundle's questionnaires and questions under a new revision. */
export async function writeQuestionnaires(
  trx: Transaction<Database>,
  revisionId: number,
  questionnaires: readonly Questionnaire[],
): Promise<void> {
  for (const [sort, questionnaire] of questionnaires.entries()) {
    const { id } = await trx
      .insertInto('bot_questionnaires')
      .values({ revision_id: revisionId, key: questionnaire.id, name: questionnaire.name, sort })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (questionnaire.questions.length === 0) continue;
    await trx
      .insertInto('bot_questions')
      .values(
        questionnaire.questions.map((question, i) => ({
          questionnaire_id: id,
          sort: i,
          ...questionColumns(question),
        })),
      )
      .execute();
  }
}

/**
 * Revisions by id, kept in memory: a revision never changes, so an entry is never stale. Bounded
 * (oldest dropped first); one per process is enough.
 */
export class RevisionCache {
  private readonly entries = new Map<number, Promise<LoadedRevision>>();

  constructor(private readonly max = 50) {}

  load(db: Db, revisionId: number): Promise<LoadedRevision> {
    const cached = this.entries.get(revisionId);
    if (cached) return cached;
    const loading = readRevision(db, revisionId);
    loading.catch(() => this.entries.delete(revisionId));
    this.entries.set(revisionId, loading);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return loading;
  }
}

export const revisionCache = new RevisionCache();
