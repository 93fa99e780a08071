import { type Static, Type } from 'typebox';
import { BOT_LIMITS, CHANNEL_LIMITS } from '../limits.js';
import {
  ApiChannelSettings,
  ChannelKind,
  TelegramChannelSettings,
  TwitterChannelSettings,
  WebChannelSettings,
  WhatsAppChannelSettings,
} from './channels.js';
import { bounds, DateTime, Id, IdParams, Nullable, PositiveInt4 } from './typebox.js';

/** API shapes of the chatbot domain (docs/chatbot.md), shared by the server and the web UI. */

/** The params of a problem's text: each named one, as text or a number. */
const IssueParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

/** A problem in a bot config, a bundle or PenhaS files (every one is reported at once). */
export const BotIssue = Type.Object({
  path: Type.String({
    description: 'JSON path, e.g. `bot.nodes[2].quick_replies[0].metadata` or `quiz[14].relevance`',
  }),
  message: Type.String(),
  file: Type.Optional(Type.Union([Type.Literal('config'), Type.Literal('quiz'), Type.Literal('bundle')])),
  line: Type.Optional(
    Type.Integer({ description: '1-based line in the file (CSV rows, JSON syntax errors)' }),
  ),
  row: Type.Optional(Type.Integer({ description: '0-based index of the quiz_config row' })),
  position: Type.Optional(
    Type.Object(
      { offset: Type.Integer(), line: Type.Integer(), column: Type.Integer() },
      {
        description: 'Where in a relevance or text the syntax error is',
      },
    ),
  ),
  code: Type.Optional(
    Type.String({
      description:
        "What the problem is (src/chatbot/engine/problems.ts), for a text in the reader's language; `message` is its English text",
    }),
  ),
  params: Type.Optional(IssueParams),
  cause: Type.Optional(
    Type.Object(
      { code: Type.String(), params: IssueParams },
      { description: "For a syntax error: the relevance parser's own problem" },
    ),
  ),
});
export type BotIssue = Static<typeof BotIssue>;

/** How a revision came to be (bot_revisions.source). */
export const BotRevisionSource = Type.Union([
  Type.Literal('created'),
  Type.Literal('editor'),
  Type.Literal('import_penhas'),
  Type.Literal('import_bundle'),
  Type.Literal('revert'),
  Type.Literal('demo'),
]);
export type BotRevisionSource = Static<typeof BotRevisionSource>;

export const BotSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  current_revision: Nullable(Type.Integer()),
  revisions: Type.Integer(),
  conversations: Type.Integer(),
  updated_at: DateTime,
});
export type BotSummary = Static<typeof BotSummary>;

export const BotList = Type.Object({ bots: Type.Array(BotSummary) });
export type BotList = Static<typeof BotList>;

export const RevisionSummary = Type.Object({
  number: Type.Integer(),
  source: BotRevisionSource,
  reverted_from: Nullable(Type.Integer()),
  created_at: DateTime,
  created_by: Nullable(Type.String()),
  warnings: Type.Integer({ description: 'Number of warnings when it was saved' }),
});
export type RevisionSummary = Static<typeof RevisionSummary>;

export const BotDetail = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  channels: Type.Array(Type.String()),
  current_revision: Nullable(Type.Integer()),
  revisions: Type.Array(RevisionSummary),
  created_at: DateTime,
  updated_at: DateTime,
});
export type BotDetail = Static<typeof BotDetail>;

/** One question as the questionnaire table shows it. */
export const QuestionRowView = Type.Object({
  code: Type.String(),
  type: Type.String(),
  question: Type.String(),
  relevance: Type.String({ description: "The relevance expression ('1' when absent)" }),
  intro: Type.Array(Type.String()),
  /** Options (`value → label`), yes/no items or the end action, as short text. */
  answers: Type.Array(Type.String()),
});
export type QuestionRowView = Static<typeof QuestionRowView>;

export const QuestionnaireView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  questions: Type.Array(QuestionRowView),
});
export type QuestionnaireView = Static<typeof QuestionnaireView>;

export const RevisionView = Type.Object({
  bot_id: Type.Integer(),
  number: Type.Integer(),
  current: Type.Boolean(),
  source: BotRevisionSource,
  reverted_from: Nullable(Type.Integer()),
  created_at: DateTime,
  created_by: Nullable(Type.String()),
  warnings: Type.Array(BotIssue),
  /** The revision in Parley's bundle format (`{name, bot, questionnaires}`; see docs/bot-bundle.schema.json). */
  bundle: Type.Unknown(),
  questionnaires: Type.Array(QuestionnaireView),
});
export type RevisionView = Static<typeof RevisionView>;

export const BotParams = IdParams;
export const RevisionParams = Type.Object({ id: Id, number: PositiveInt4 });

export const CreateBotBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: BOT_LIMITS.nameMax }),
});
export type CreateBotBody = Static<typeof CreateBotBody>;

export const SaveRevisionBody = Type.Object({
  /** Parley's bundle format; validated by the engine, errors come back with their JSON paths. */
  bundle: Type.Unknown(),
  /** The revision the edit started from; saving over a newer revision is refused (409). */
  base_revision: Type.Optional(PositiveInt4),
});
export type SaveRevisionBody = Static<typeof SaveRevisionBody>;

export const ValidateBody = Type.Object({ bundle: Type.Unknown() });
export type ValidateBody = Static<typeof ValidateBody>;

export const ValidationView = Type.Object({
  ok: Type.Boolean(),
  errors: Type.Array(BotIssue),
  warnings: Type.Array(BotIssue),
});
export type ValidationView = Static<typeof ValidationView>;

export const ImportPenhasBody = Type.Object({
  bot: Type.String({
    minLength: 1,
    maxLength: BOT_LIMITS.nameMax,
    description: 'Bot name; created on first import',
  }),
  config: Type.String({ description: 'The bot config JSON (twitter_bot_config.config), as text' }),
  quiz: Type.String({ description: 'The quiz_config rows, as CSV (header row) or JSON text' }),
  quiz_format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  questionnaire_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'For rows without a questionnaire_id column' }),
  ),
});
export type ImportPenhasBody = Static<typeof ImportPenhasBody>;

export const ImportBundleBody = Type.Object({
  /** Overrides the bundle's `name`. */
  name: Type.Optional(Type.String({ minLength: 1, maxLength: BOT_LIMITS.nameMax })),
  bundle: Type.Unknown(),
});
export type ImportBundleBody = Static<typeof ImportBundleBody>;

export const BotImportView = Type.Object({
  bot_id: Type.Integer(),
  name: Type.String(),
  created: Type.Boolean(),
  revision: Type.Integer(),
  warnings: Type.Array(BotIssue),
});
export type BotImportView = Static<typeof BotImportView>;

/** One step of a simulation: `parley bot chat`, the simulate route and the simulator page. */
export const SimInput = Type.Union([
  Type.Object({ text: Type.String({ maxLength: BOT_LIMITS.simTextMax }) }),
  /** An option of the last message with options: its exact label or its 1-based number. */
  Type.Object({ choose: Type.String({ minLength: 1, maxLength: BOT_LIMITS.simTextMax }) }),
  /** A button's value as sent (the web simulator's buttons). */
  Type.Object({ choose_value: Type.String({ minLength: 1, maxLength: BOT_LIMITS.simTextMax }) }),
  /** Moves the clock forward; a conversation past its deadline times out. */
  Type.Object({ wait_seconds: Type.Number({ minimum: 0, maximum: BOT_LIMITS.simWaitMaxSeconds }) }),
]);
export type SimInput = Static<typeof SimInput>;

export const SimulateBody = Type.Object({
  /** The `session` of the previous reply; absent starts a new simulation. */
  session: Type.Optional(Type.String({ minLength: 1 })),
  /** For a new simulation: the revision to try (default: the current one). */
  revision: Type.Optional(PositiveInt4),
  /** For a new simulation: try the bot's draft before it is published (its current revision when there is none). */
  draft: Type.Optional(Type.Boolean()),
  input: SimInput,
});
export type SimulateBody = Static<typeof SimulateBody>;

export const SimMessage = Type.Object({
  text: Type.String(),
  options: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
});
export type SimMessage = Static<typeof SimMessage>;

export const SimulateView = Type.Object({
  session: Type.String(),
  /** The revision simulated; for a draft, the current revision it will follow. */
  revision: Type.Integer(),
  /** True when the simulation runs the bot's draft. */
  draft: Type.Boolean(),
  messages: Type.Array(SimMessage),
  error: Nullable(Type.String()),
  /** The simulated clock. */
  now: DateTime,
  deadline: Nullable(DateTime),
  position: Type.Union([
    Type.Literal('none'),
    Type.Literal('node'),
    Type.Literal('questionnaire'),
    Type.Literal('ended'),
  ]),
});
export type SimulateView = Static<typeof SimulateView>;

/** A bot's delivery settings (bots.number_messages, bots.message_delay_ms). */
export const DeliverySettings = Type.Object({
  number_messages: Type.Boolean({
    description: 'Add " [i/n]" to each message of a turn that sends several (as PenhaS did)',
  }),
  message_delay_ms: Type.Integer({
    ...bounds(CHANNEL_LIMITS.messageDelayMs),
    description: 'Pause between consecutive messages of one turn, in milliseconds',
  }),
});
export type DeliverySettings = Static<typeof DeliverySettings>;

/** `PATCH /api/bots/:id/delivery`: either setting, or both. */
export const DeliverySettingsBody = Type.Partial(DeliverySettings, {
  minProperties: 1,
  additionalProperties: false,
});
export type DeliverySettingsBody = Static<typeof DeliverySettingsBody>;

/**
 * A channel of a bot as admins see it: never its secret, only when it was set. Links are those of
 * its kind (null for the other): the web chat's embed snippet and standalone page, the HTTP API's
 * inbound URL and its documentation.
 */
export const ChannelView = Type.Object({
  id: Type.Integer(),
  bot_id: Type.Integer(),
  kind: ChannelKind,
  enabled: Type.Boolean(),
  // Telegram's settings (all optional) last: a union is serialised by its first match.
  settings: Type.Union([
    WebChannelSettings,
    ApiChannelSettings,
    WhatsAppChannelSettings,
    TwitterChannelSettings,
    TelegramChannelSettings,
  ]),
  secret_set_at: Nullable(DateTime),
  /** When the remote service's credentials (a bot token…) were last given; never the credentials. */
  credentials_set_at: Nullable(DateTime),
  embed_snippet: Nullable(Type.String({ description: 'The <script> tag to put on a page (web)' })),
  standalone_url: Nullable(Type.String({ description: 'The chat page of the bot (web)' })),
  inbound_url: Nullable(
    Type.String({ description: 'Where to POST signed messages (api) or the webhook address (telegram)' }),
  ),
  docs_url: Nullable(Type.String({ description: 'The OpenAPI page, with a worked example (api)' })),
  created_at: DateTime,
  updated_at: DateTime,
});
export type ChannelView = Static<typeof ChannelView>;

/** `GET /api/bots/:id/channels`: the bot's channels and its delivery settings. */
export const ChannelList = Type.Object({
  channels: Type.Array(ChannelView),
  delivery: DeliverySettings,
});
export type ChannelList = Static<typeof ChannelList>;

export const CreateChannelBody = Type.Object(
  {
    kind: ChannelKind,
    /** `{allowed_origins, exit_url?}` (web) or `{callback_url}` (api); checked by kind, every problem by path. */
    settings: Type.Unknown(),
    /** The remote service's credentials (telegram: `{bot_token}`); write-only. */
    credentials: Type.Optional(Type.Unknown()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateChannelBody = Static<typeof CreateChannelBody>;

export const UpdateChannelBody = Type.Object(
  {
    settings: Type.Optional(Type.Unknown()),
    credentials: Type.Optional(Type.Unknown()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1, additionalProperties: false },
);
export type UpdateChannelBody = Static<typeof UpdateChannelBody>;

/** A channel just created: its signing secret in clear, this once (null for kinds without one). */
export const ChannelCreated = Type.Object({
  channel: ChannelView,
  secret: Nullable(Type.String({ description: 'Shown once: store it now' })),
});
export type ChannelCreated = Static<typeof ChannelCreated>;

/** A new signing secret, shown once; the old one stops working at once. */
export const SecretRotated = Type.Object({
  channel: ChannelView,
  secret: Type.String({ description: 'Shown once: store it now' }),
});
export type SecretRotated = Static<typeof SecretRotated>;
