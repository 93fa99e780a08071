import type {
  BotAnswer,
  BotConversationDetail,
  BotConversationSummary,
  BotEndReason,
  DeliveryFailure,
  TranscriptEntry,
  TranscriptOutbound,
} from '../../../common/api/bot-conversations.js';
import type { DeliveryFailureRow } from '../delivery/failures.js';
import type { BotBundle, MessageOption } from '../engine/index.js';
import type { ConversationListRow, InboundRow, OutboxRow } from './queries.js';

/** How much of the keyed hash of a person admins see: enough to tell people apart, no more. */
export function conversationKey(userKey: string): string {
  return userKey.slice(0, 12);
}

export function cursorOf(row: ConversationListRow): string {
  return `${row.started_us}.${row.id}`;
}

export function presentConversationSummary(row: ConversationListRow): BotConversationSummary {
  return {
    id: row.id,
    key: conversationKey(row.user_key),
    channel: row.channel,
    revision: row.revision_number,
    started_at: row.started_at.toISOString(),
    last_inbound_at: row.last_inbound_at.toISOString(),
    ended_at: row.ended_at?.toISOString() ?? null,
    state: row.ended_at === null ? 'running' : 'ended',
    end_reason: (row.end_reason as BotEndReason | null) ?? null,
    tag: row.tag_code === null ? null : { code: row.tag_code, label: row.tag_label },
    last_step: row.last_step,
    end_state: row.end_state,
    answers: Number(row.answer_count),
  };
}

interface StoredMessage {
  readonly text?: unknown;
  readonly options?: readonly MessageOption[];
}

type StoredInput = { kind: 'text'; text: string } | { kind: 'choose'; value: string };

export function presentConversation(
  row: ConversationListRow,
  messages: { inbound: readonly InboundRow[]; outbox: readonly OutboxRow[] },
  bundle: BotBundle | null,
): BotConversationDetail {
  const state = row.state as { position?: { at?: string } } | null;
  const position = row.ended_at !== null ? 'ended' : (state?.position?.at ?? null);
  return {
    conversation: {
      ...presentConversationSummary(row),
      bot_id: row.bot_id,
      position: position === 'node' || position === 'questionnaire' || position === 'ended' ? position : null,
      questionnaire_id: row.questionnaire_id ?? runningQuestionnaire(row),
      deadline: row.deadline?.toISOString() ?? null,
      end_error: row.end_error,
    },
    transcript: transcriptOf(messages.inbound, messages.outbox),
    answers: answersOf(answerValues(row), bundle, row.questionnaire_id ?? runningQuestionnaire(row)),
  };
}

function runningQuestionnaire(row: ConversationListRow): string | null {
  if (row.ended_at !== null) return null;
  const state = row.state as { position?: { quiz?: { questionnaire_id?: unknown } } } | null;
  const id = state?.position?.quiz?.questionnaire_id;
  return typeof id === 'string' ? id : null;
}

/** Recorded answers (ended), else the running questionnaire's so far. */
function answerValues(row: ConversationListRow): Record<string, unknown> {
  if (row.responses) return row.responses;
  if (row.ended_at !== null) return {};
  const state = row.state as { position?: { quiz?: { responses?: unknown } } } | null;
  const responses = state?.position?.quiz?.responses;
  return typeof responses === 'object' && responses !== null ? (responses as Record<string, unknown>) : {};
}

/**
 * Inbound and outbound messages in time order (an inbound first on a tie: the turn it caused
 * answered it). A button press shows the label of the option it chose among the bot's messages
 * before it, or its value when no message offered it.
 */
export function transcriptOf(
  inbound: readonly InboundRow[],
  outbox: readonly OutboxRow[],
): TranscriptEntry[] {
  const timeline: ({ at: number; in: InboundRow } | { at: number; out: OutboxRow })[] = [
    ...inbound.map((row) => ({ at: row.received_at.getTime(), in: row })),
    ...outbox.map((row) => ({ at: row.created_at.getTime(), out: row })),
  ];
  timeline.sort((a, b) => a.at - b.at || ('in' in a ? 0 : 1) - ('in' in b ? 0 : 1));
  const offered = new Map<string, string>();
  return timeline.map((entry) => {
    if ('out' in entry) {
      const shown = presentOutbound(entry.out);
      for (const option of shown.options) offered.set(option.value, option.label);
      return shown;
    }
    const input = entry.in.input as StoredInput;
    const at = entry.in.received_at.toISOString();
    if (input.kind === 'choose')
      return {
        from: 'user',
        id: entry.in.id,
        at,
        kind: 'choose',
        text: offered.get(input.value) ?? input.value,
        value: input.value,
      };
    return { from: 'user', id: entry.in.id, at, kind: 'text', text: String(input.text ?? ''), value: null };
  });
}

function presentOutbound(row: OutboxRow): TranscriptOutbound {
  const message = (row.message ?? {}) as StoredMessage;
  return {
    from: 'bot',
    id: row.id,
    at: row.created_at.toISOString(),
    text: typeof message.text === 'string' ? message.text : '',
    options: (message.options ?? []).map((o) => ({ label: String(o.label), value: String(o.value) })),
    status: row.sent_at !== null ? 'sent' : row.failed_at !== null ? 'failed' : 'pending',
    sent_at: row.sent_at?.toISOString() ?? null,
    failed_at: row.failed_at?.toISOString() ?? null,
    attempts: row.attempts,
    last_error: row.last_error,
  };
}

/** Answers in the questionnaire's order (with each question's text); codes it lacks come last, sorted. */
function answersOf(
  values: Record<string, unknown>,
  bundle: BotBundle | null,
  questionnaireId: string | null,
): BotAnswer[] {
  const questions = bundle?.questionnaires.find((q) => q.id === questionnaireId)?.questions ?? [];
  const order = new Map(questions.map((q, index) => [q.code, index]));
  const textOf = new Map(questions.map((q) => [q.code, q.question]));
  // A yes/no group's items (`<code>_<referencia>`) follow their group.
  const rank = (code: string): number => {
    const exact = order.get(code);
    if (exact !== undefined) return exact;
    const group = questions.findIndex((q) => q.type === 'yesnogroup' && code.startsWith(`${q.code}_`));
    return group >= 0 ? group + 0.5 : Number.MAX_SAFE_INTEGER;
  };
  return Object.entries(values)
    .filter(([code]) => code !== 'start_time')
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([code, value]) => ({
      code,
      question: textOf.get(code) ?? null,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
}

export function presentFailure(row: DeliveryFailureRow): DeliveryFailure {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    conversation_key: conversationKey(row.user_key),
    channel: row.channel,
    text: typeof row.message?.text === 'string' ? row.message.text : '',
    part: row.part,
    parts: row.parts,
    attempts: row.attempts,
    last_error: row.last_error,
    created_at: row.created_at.toISOString(),
    failed_at: row.failed_at.toISOString(),
    retryable: row.retryable,
  };
}
