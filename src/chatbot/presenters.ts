import type {
  BotDetail,
  BotImportView,
  BotIssue,
  BotSummary,
  QuestionnaireView,
  RevisionSummary,
  RevisionView,
  SimulateView,
  ValidationView,
} from '../../common/api/chatbot.js';
import type { BotRow } from '../db/rows.js';
import { type CheckedBundle, toBundleFile } from './bundle-file.js';
import type { BotImportOutcome } from './commands/import-penhas.js';
import type { BotBundle, Question, Questionnaire } from './engine/index.js';
import type { BotListRow, RevisionListRow } from './queries.js';
import type { SimStep } from './simulator.js';

export function presentBotSummary(bot: BotListRow): BotSummary {
  return {
    id: bot.id,
    name: bot.name,
    current_revision: bot.current_number,
    revisions: Number(bot.revision_count),
    conversations: Number(bot.conversation_count),
    updated_at: bot.updated_at.toISOString(),
  };
}

export function presentRevisionSummary(revision: RevisionListRow): RevisionSummary {
  return {
    number: revision.number,
    source: revision.source,
    reverted_from: revision.reverted_from,
    created_at: revision.created_at.toISOString(),
    created_by: revision.created_by_name,
    warnings: revision.warnings.length,
  };
}

export function presentBot(bot: BotRow, revisions: readonly RevisionListRow[]): BotDetail {
  const current = revisions.find((r) => r.id === bot.current_revision_id);
  return {
    id: bot.id,
    name: bot.name,
    channels: bot.channels,
    current_revision: current?.number ?? null,
    revisions: revisions.map(presentRevisionSummary),
    created_at: bot.created_at.toISOString(),
    updated_at: bot.updated_at.toISOString(),
  };
}

export function presentRevision(bot: BotRow, revision: RevisionListRow, bundle: BotBundle): RevisionView {
  return {
    bot_id: bot.id,
    number: revision.number,
    current: revision.id === bot.current_revision_id,
    source: revision.source,
    reverted_from: revision.reverted_from,
    created_at: revision.created_at.toISOString(),
    created_by: revision.created_by_name,
    warnings: revision.warnings as BotIssue[],
    bundle: toBundleFile(bot.name, bundle),
    questionnaires: bundle.questionnaires.map(presentQuestionnaire),
  };
}

function presentQuestionnaire(questionnaire: Questionnaire): QuestionnaireView {
  return {
    id: questionnaire.id,
    name: questionnaire.name,
    questions: questionnaire.questions.map((q) => ({
      code: q.code,
      type: q.type,
      question: q.question,
      relevance: q.relevance ?? '1',
      intro: [...(q.intro ?? [])],
      answers: answersOf(q),
    })),
  };
}

function answersOf(question: Question): string[] {
  switch (question.type) {
    case 'onlychoice':
      return question.options.map((o) => `${o.value} → ${o.label}`);
    case 'yesnogroup':
      return question.yesnogroup.map(
        (i) => `${question.code}_${i.referencia} (${i.power2answer}): ${i.question}`,
      );
    case 'yesno':
      return ['Y', 'N'];
    case 'botao_fim':
      return [question.button_label ? `${question.end}: ${question.button_label}` : question.end];
    default:
      return [];
  }
}

export function presentSimulation(
  step: SimStep,
  session: string,
  revision: number,
  draft = false,
): SimulateView {
  const state = step.simulation.state;
  return {
    session,
    revision,
    draft,
    messages: step.messages.map((m) => ({ text: m.text, options: m.options.map((o) => ({ ...o })) })),
    error: step.error,
    now: new Date(step.now).toISOString(),
    deadline: state?.deadline ? new Date(state.deadline).toISOString() : null,
    position: state === null ? 'none' : state.position.at,
  };
}

export function presentBotImport(outcome: BotImportOutcome): BotImportView {
  return {
    bot_id: outcome.bot.id,
    name: outcome.bot.name,
    created: outcome.created,
    revision: outcome.revision.number,
    warnings: [...outcome.warnings],
  };
}

export function presentValidation(checked: CheckedBundle): ValidationView {
  return {
    ok: checked.ok,
    errors: checked.ok ? [] : [...checked.errors],
    warnings: [...checked.warnings],
  };
}
