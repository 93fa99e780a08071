import { type Static, Type } from 'typebox';
import { ChatOption } from './channels.js';
import { BigId, DateTime, Nullable } from './typebox.js';

/**
 * API shapes of the bot conversations admins read (docs/chatbot.md, "Conversations page"): the
 * list, one conversation's transcript and answers, and the messages whose delivery failed. A
 * person is shown only by `key`, the start of the keyed hash Parley stores (there is no raw id).
 */

/** Pages of the conversations list, and how many failures the failures list shows. */
export const BOT_CONVERSATION_LIMITS = { page: 50, pageMax: 100, failuresMax: 200 } as const;

/** Where a list page ends: `<started_at in µs since the epoch>.<id>` of its last conversation. */
export const CONVERSATION_CURSOR_PATTERN = '^[0-9]{1,17}\\.[0-9]{1,16}$';

export const BotConversationsQuery = Type.Object(
  {
    before: Type.Optional(
      Type.String({
        pattern: CONVERSATION_CURSOR_PATTERN,
        description: 'The `next` of the previous page: conversations that started before it',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: BOT_CONVERSATION_LIMITS.pageMax,
        default: BOT_CONVERSATION_LIMITS.page,
      }),
    ),
  },
  { additionalProperties: false },
);
export type BotConversationsQuery = Static<typeof BotConversationsQuery>;

export const BotEndReason = Type.Union([
  Type.Literal('finished'),
  Type.Literal('timeout'),
  Type.Literal('gave_up'),
  Type.Literal('error'),
]);
export type BotEndReason = Static<typeof BotEndReason>;

export const BotTag = Type.Object({ code: Type.Integer(), label: Nullable(Type.String()) });
export type BotTag = Static<typeof BotTag>;

export const BotConversationSummary = Type.Object({
  id: Type.Integer(),
  key: Type.String({ description: 'The first 12 hex digits of the keyed hash of the person' }),
  channel: Type.String(),
  revision: Type.Integer({ description: 'The bot revision the conversation runs on' }),
  started_at: DateTime,
  last_inbound_at: DateTime,
  ended_at: Nullable(DateTime),
  state: Type.Union([Type.Literal('running'), Type.Literal('ended')]),
  end_reason: Nullable(BotEndReason),
  /** The sticky tag of the conversation, else the tag its last analytics event carried. */
  tag: Nullable(BotTag),
  last_step: Nullable(Type.String({ description: 'Step code of its last analytics event' })),
  end_state: Nullable(Type.String({ description: 'The terminal analytics state recorded' })),
  answers: Type.Integer({ description: 'Questionnaire answers recorded' }),
});
export type BotConversationSummary = Static<typeof BotConversationSummary>;

export const BotConversationPage = Type.Object({
  conversations: Type.Array(BotConversationSummary),
  next: Nullable(Type.String({ description: 'Pass as `before` for the next (older) page; null at the end' })),
});
export type BotConversationPage = Static<typeof BotConversationPage>;

export const DeliveryStatus = Type.Union([
  Type.Literal('sent'),
  Type.Literal('pending'),
  Type.Literal('failed'),
]);
export type DeliveryStatus = Static<typeof DeliveryStatus>;

/** What the person sent: typed text, or a button (its label when it can be told, else its value). */
export const TranscriptInbound = Type.Object({
  from: Type.Literal('user'),
  id: Type.Integer(),
  at: DateTime,
  kind: Type.Union([Type.Literal('text'), Type.Literal('choose')]),
  text: Type.String(),
  value: Nullable(Type.String({ description: 'The button value sent (choose)' })),
});
export type TranscriptInbound = Static<typeof TranscriptInbound>;

/** A message of the bot, with how far its delivery got. */
export const TranscriptOutbound = Type.Object({
  from: Type.Literal('bot'),
  id: Type.Integer(),
  at: DateTime,
  text: Type.String({ description: 'Plain text (never HTML)' }),
  options: Type.Array(ChatOption),
  status: DeliveryStatus,
  sent_at: Nullable(DateTime),
  failed_at: Nullable(DateTime),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
});
export type TranscriptOutbound = Static<typeof TranscriptOutbound>;

export const TranscriptEntry = Type.Union([TranscriptInbound, TranscriptOutbound]);
export type TranscriptEntry = Static<typeof TranscriptEntry>;

export const BotAnswer = Type.Object({
  code: Type.String(),
  question: Nullable(Type.String({ description: 'The question text, when the revision has it' })),
  value: Type.String(),
});
export type BotAnswer = Static<typeof BotAnswer>;

export const BotConversationDetail = Type.Object({
  conversation: Type.Object({
    ...BotConversationSummary.properties,
    bot_id: Type.Integer(),
    position: Nullable(
      Type.Union([Type.Literal('node'), Type.Literal('questionnaire'), Type.Literal('ended')]),
    ),
    questionnaire_id: Nullable(Type.String()),
    deadline: Nullable(DateTime),
    end_error: Nullable(Type.String()),
  }),
  transcript: Type.Array(TranscriptEntry),
  /** The answers recorded (when it ended), or given so far (while it runs), in questionnaire order. */
  answers: Type.Array(BotAnswer),
});
export type BotConversationDetail = Static<typeof BotConversationDetail>;

export const BotConversationParams = Type.Object({ id: BigId });

export const AnswersCsvQuery = Type.Object(
  {
    questionnaire: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The questionnaire id (as in the bot config)',
    }),
  },
  { additionalProperties: false },
);
export type AnswersCsvQuery = Static<typeof AnswersCsvQuery>;

/** A message the delivery loop gave up on. */
export const DeliveryFailure = Type.Object({
  id: Type.Integer({ description: 'The outbox row' }),
  conversation_id: Type.Integer(),
  conversation_key: Type.String(),
  channel: Type.String(),
  text: Type.String(),
  part: Type.Integer(),
  parts: Type.Integer(),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
  created_at: DateTime,
  failed_at: DateTime,
  retryable: Type.Boolean({ description: "False when the conversation's reply address was erased" }),
});
export type DeliveryFailure = Static<typeof DeliveryFailure>;

export const DeliveryFailureList = Type.Object({ failures: Type.Array(DeliveryFailure) });
export type DeliveryFailureList = Static<typeof DeliveryFailureList>;

export const OutboxParams = Type.Object({ id: BigId });

export const RetryView = Type.Object({
  retried: Type.Integer({ description: 'Messages queued again: this one and the failed ones after it' }),
});
export type RetryView = Static<typeof RetryView>;
