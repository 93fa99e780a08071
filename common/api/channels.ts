import { type Static, Type } from 'typebox';
import { CHANNEL_LIMITS } from '../limits.js';
import { Id, Nullable } from './typebox.js';

/**
 * Chatbot channels (docs/chatbot.md, "Channels"): the kinds a bot can be reached on and the shapes
 * their endpoints take and send, shared by the server, the web UI and the web chat.
 */
export const CHANNEL_KINDS = ['web', 'api', 'telegram', 'whatsapp', 'twitter'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const ChannelKind = Type.Union([
  Type.Literal('web'),
  Type.Literal('api'),
  Type.Literal('telegram'),
  Type.Literal('whatsapp'),
  Type.Literal('twitter'),
]);

/** Headers of a signed request (the HTTP API channel, both ways). */
export const SIGNATURE_HEADER = 'x-parley-signature';
export const TIMESTAMP_HEADER = 'x-parley-timestamp';

/** The web chat visitor's anonymous token (kept in the visitor's sessionStorage). */
export const CHAT_TOKEN_HEADER = 'x-parley-chat-token';

/** A button of a bot message: `value` is what a press sends back as `choose`. */
export const ChatOption = Type.Object({ label: Type.String(), value: Type.String() });
export type ChatOption = Static<typeof ChatOption>;

/** One message of the bot as a channel delivers it. */
export const ChatMessage = Type.Object({
  id: Type.Integer({ description: 'Increases with every message of the conversation' }),
  text: Type.String({ description: 'Plain text (never HTML)' }),
  options: Type.Array(ChatOption),
  attachment: Nullable(Type.String()),
});
export type ChatMessage = Static<typeof ChatMessage>;

const text = Type.String({ minLength: 1, maxLength: CHANNEL_LIMITS.textMax });
const choose = Type.String({ minLength: 1, maxLength: CHANNEL_LIMITS.valueMax });

/** What a contact sends: typed text, or the value of a button pressed. */
export const ContactInput = Type.Union([
  Type.Object({ text }, { additionalProperties: false }),
  Type.Object({ choose }, { additionalProperties: false }),
]);
export type ContactInput = Static<typeof ContactInput>;

/** `POST /api/channels/:id/inbound` (HTTP API channel), signed. */
export const ApiInboundBody = Type.Object(
  {
    event_id: Type.String({
      minLength: 1,
      maxLength: CHANNEL_LIMITS.idMax,
      description: 'Your id of this message: a request repeated with the same id is ignored',
    }),
    user: Type.String({
      minLength: 1,
      maxLength: CHANNEL_LIMITS.idMax,
      description: 'Your id of the person; replies are addressed to it (Parley stores only a keyed hash)',
    }),
    text: Type.Optional(text),
    choose: Type.Optional(choose),
  },
  { additionalProperties: false },
);
export type ApiInboundBody = Static<typeof ApiInboundBody>;

export const InboundReply = Type.Object({
  status: Type.Union([Type.Literal('processed'), Type.Literal('duplicate')]),
});
export type InboundReply = Static<typeof InboundReply>;

/** What Parley POSTs, signed, to an HTTP API channel's callback URL: one message per request. */
export const ApiCallbackBody = Type.Object({
  event: Type.Literal('message'),
  bot_id: Type.Integer(),
  channel_id: Type.Integer(),
  user: Type.String({ description: 'The `user` of the inbound messages' }),
  message: ChatMessage,
  part: Type.Integer({ description: 'Place among the messages of one turn (1-based)' }),
  parts: Type.Integer(),
});
export type ApiCallbackBody = Static<typeof ApiCallbackBody>;

/** Web chat: `GET /api/chat/:bot/messages?after=` and each event of the stream. */
export const ChatMessages = Type.Object({
  messages: Type.Array(ChatMessage),
  ended: Type.Boolean({ description: 'The conversation has ended (the widget forgets its transcript)' }),
});
export type ChatMessages = Static<typeof ChatMessages>;

/** A web channel's settings (bot_channels.settings). */
export const WebChannelSettings = Type.Object({
  allowed_origins: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: CHANNEL_LIMITS.allowedOriginsMax,
    description: 'Sites that may embed the widget (https://www.example.org); the standalone page needs none',
  }),
  exit_url: Type.Optional(
    Type.String({ maxLength: 2000, description: 'Where quick exit leaves for (a neutral site)' }),
  ),
});
export type WebChannelSettings = Static<typeof WebChannelSettings>;

/** Where quick exit goes when a web channel names no site of its own. */
export const DEFAULT_EXIT_URL = 'https://www.google.com/';

/** An HTTP API channel's settings. */
export const ApiChannelSettings = Type.Object({
  callback_url: Type.String({ maxLength: 2000, description: 'Where replies are POSTed (http or https)' }),
});
export type ApiChannelSettings = Static<typeof ApiChannelSettings>;

/** Telegram's Bot API, unless a channel names another (tests run a fake on loopback). */
export const TELEGRAM_API_URL = 'https://api.telegram.org';

/** A Telegram channel's settings. */
export const TelegramChannelSettings = Type.Object({
  api_base_url: Type.Optional(
    Type.String({ maxLength: 2000, description: `The Bot API's address (default ${TELEGRAM_API_URL})` }),
  ),
});
export type TelegramChannelSettings = Static<typeof TelegramChannelSettings>;

/** What an admin gives Parley for a Telegram channel (write-only: never shown again). */
export const TelegramCredentials = Type.Object(
  {
    bot_token: Type.String({
      pattern: '^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$',
      description: "The bot's token from @BotFather (123456:ABC…)",
    }),
  },
  { additionalProperties: false },
);
export type TelegramCredentials = Static<typeof TelegramCredentials>;

/** Telegram sends the secret given to setWebhook in this header with every update. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Meta's Graph API (WhatsApp Cloud API), unless a channel names another (tests run a fake). */
export const WHATSAPP_API_URL = 'https://graph.facebook.com';
export const WHATSAPP_API_VERSION = 'v21.0';
/** The label of the button that opens a list message, unless the channel names another. */
export const WHATSAPP_LIST_BUTTON = 'Opções';

/** A WhatsApp Cloud API channel's settings. */
export const WhatsAppChannelSettings = Type.Object({
  phone_number_id: Type.String({
    pattern: '^[0-9]{1,30}$',
    description: "The business phone number's id (Meta's WhatsApp Manager, API setup)",
  }),
  api_base_url: Type.Optional(
    Type.String({ maxLength: 2000, description: `The Graph API's address (default ${WHATSAPP_API_URL})` }),
  ),
  api_version: Type.Optional(Type.String({ pattern: '^v[0-9]{1,3}\\.[0-9]{1,3}$' })),
  list_button: Type.Optional(
    Type.String({ minLength: 1, maxLength: 20, description: 'The button that opens a list of options' }),
  ),
});
export type WhatsAppChannelSettings = Static<typeof WhatsAppChannelSettings>;

/** What an admin gives Parley for a WhatsApp channel (write-only). */
export const WhatsAppCredentials = Type.Object(
  {
    access_token: Type.String({ minLength: 20, maxLength: 1000, pattern: '^[A-Za-z0-9_.|-]+$' }),
    app_secret: Type.String({
      pattern: '^[0-9a-f]{32}$',
      description: "The Meta app's secret (signs webhooks)",
    }),
  },
  { additionalProperties: false },
);
export type WhatsAppCredentials = Static<typeof WhatsAppCredentials>;

/** Meta signs each webhook POST: `sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';

/** Twitter/X's API, unless a channel names another (tests run a fake on loopback). */
export const TWITTER_API_URL = 'https://api.twitter.com';

/** A Twitter/X DM channel's settings (Account Activity API). */
export const TwitterChannelSettings = Type.Object({
  account_id: Type.String({ pattern: '^[0-9]{1,25}$', description: "The bot account's numeric user id" }),
  env_name: Type.String({
    pattern: '^[A-Za-z0-9_-]{1,50}$',
    description: 'The Account Activity environment (dev environment label)',
  }),
  api_base_url: Type.Optional(
    Type.String({ maxLength: 2000, description: `The API's address (default ${TWITTER_API_URL})` }),
  ),
});
export type TwitterChannelSettings = Static<typeof TwitterChannelSettings>;

/** The app's keys and the bot account's tokens (OAuth 1.0a user context), write-only. */
export const TwitterCredentials = Type.Object(
  {
    consumer_key: Type.String({ pattern: '^[A-Za-z0-9_-]{10,100}$' }),
    consumer_secret: Type.String({ pattern: '^[A-Za-z0-9_-]{20,200}$' }),
    access_token: Type.String({ pattern: '^[0-9]{1,25}-[A-Za-z0-9_-]{10,100}$' }),
    access_token_secret: Type.String({ pattern: '^[A-Za-z0-9_-]{20,200}$' }),
  },
  { additionalProperties: false },
);
export type TwitterCredentials = Static<typeof TwitterCredentials>;

/** Twitter signs each webhook POST: `sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`. */
export const TWITTER_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** The numbered label of a bot's option, as the web chat and the simulator show it. */
export function numberedLabel(label: string, index: number): string {
  return `${index + 1}. ${label}`;
}

/**
 * Web chat: the visitor's token (≥ 128 random bits, base64url) and the id the widget gives each
 * message it sends (a POST retried with the same id is processed once).
 */
export const CHAT_TOKEN_PATTERN = '^[A-Za-z0-9_-]{22,128}$';
export const CHAT_MESSAGE_ID_PATTERN = '^[A-Za-z0-9_-]{16,64}$';

/** `/api/chat/:bot/…` and `/chat/:bot`: the bot's id. */
export const ChatParams = Type.Object({ bot: Id });
export type ChatParams = Static<typeof ChatParams>;

/** The visitor's token, in a header: never in a URL, which server logs keep. */
export const ChatHeaders = Type.Object({
  [CHAT_TOKEN_HEADER]: Type.String({ pattern: CHAT_TOKEN_PATTERN }),
});

/** `GET /api/chat/:bot/messages` and `/stream`: the messages after the last one the widget has. */
export const ChatAfterQuery = Type.Object(
  { after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }) },
  { additionalProperties: false },
);
export type ChatAfterQuery = Static<typeof ChatAfterQuery>;

/** `POST /api/chat/:bot/messages`: what the visitor typed or pressed (exactly one), with its id. */
export const ChatPostBody = Type.Object(
  {
    id: Type.String({ pattern: CHAT_MESSAGE_ID_PATTERN, description: 'Random per message, kept on retries' }),
    text: Type.Optional(text),
    choose: Type.Optional(choose),
  },
  { additionalProperties: false },
);
export type ChatPostBody = Static<typeof ChatPostBody>;
