import {
  type ChannelKind,
  TELEGRAM_API_URL,
  TWITTER_API_URL,
  WHATSAPP_API_URL,
  WHATSAPP_API_VERSION,
  WHATSAPP_LIST_BUTTON,
} from '../../../common/api/channels.js';
import type { ChannelView, DeliverySettings } from '../../../common/api/chatbot.js';
import type { BotChannelRow, BotRow } from '../../db/rows.js';

/**
 * Channels as admins see them: settings and links, never the secret (only when it was set). The
 * links are built on PUBLIC_URL, the address the organisation's site and systems reach Parley at.
 */
export function presentChannel(channel: BotChannelRow, publicUrl: string): ChannelView {
  const web = channel.kind === 'web';
  return {
    id: channel.id,
    bot_id: channel.bot_id,
    kind: channel.kind,
    enabled: channel.enabled,
    settings: settingsOf(channel),
    secret_set_at: channel.secret_set_at?.toISOString() ?? null,
    credentials_set_at: channel.credentials_set_at?.toISOString() ?? null,
    embed_snippet: web ? embedSnippet(publicUrl, channel.bot_id) : null,
    standalone_url: web ? `${publicUrl}/chat/${channel.bot_id}` : null,
    inbound_url: web ? null : `${publicUrl}/api/channels/${channel.id}/${INBOUND_PATHS[channel.kind]}`,
    docs_url: channel.kind === 'api' ? `${publicUrl}/api/docs` : null,
    created_at: channel.created_at.toISOString(),
    updated_at: channel.updated_at.toISOString(),
  };
}

/** Where a channel's remote service posts: `/api/channels/:id/<this>`. */
const INBOUND_PATHS: Record<ChannelKind, string> = {
  web: '',
  api: 'inbound',
  telegram: 'telegram',
  whatsapp: 'whatsapp',
  twitter: 'twitter',
};

/** The stored settings (written by manage.ts, already checked), in the shape of the kind. */
function settingsOf(channel: BotChannelRow): ChannelView['settings'] {
  const stored = channel.settings as Record<string, unknown>;
  if (channel.kind === 'web') {
    const origins = Array.isArray(stored.allowed_origins) ? stored.allowed_origins.map(String) : [];
    return {
      allowed_origins: origins,
      ...(typeof stored.exit_url === 'string' ? { exit_url: stored.exit_url } : {}),
    };
  }
  if (channel.kind === 'whatsapp') {
    const text = (key: string, fallback: string) =>
      typeof stored[key] === 'string' ? stored[key] : fallback;
    return {
      phone_number_id: text('phone_number_id', ''),
      api_base_url: text('api_base_url', WHATSAPP_API_URL),
      api_version: text('api_version', WHATSAPP_API_VERSION),
      list_button: text('list_button', WHATSAPP_LIST_BUTTON),
    };
  }
  if (channel.kind === 'twitter') {
    const text = (key: string, fallback: string) =>
      typeof stored[key] === 'string' ? stored[key] : fallback;
    return {
      account_id: text('account_id', ''),
      env_name: text('env_name', ''),
      api_base_url: text('api_base_url', TWITTER_API_URL),
    };
  }
  if (channel.kind === 'telegram')
    return { api_base_url: typeof stored.api_base_url === 'string' ? stored.api_base_url : TELEGRAM_API_URL };
  return { callback_url: typeof stored.callback_url === 'string' ? stored.callback_url : '' };
}

/** One `<script>` tag for the organisation's page; the values are escaped as attribute text. */
export function embedSnippet(publicUrl: string, botId: number): string {
  const src = attribute(`${publicUrl}/chat/widget.js`);
  return `<script src="${src}" data-bot="${botId}" async></script>`;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function presentDelivery(bot: Pick<BotRow, 'number_messages' | 'message_delay_ms'>): DeliverySettings {
  return { number_messages: bot.number_messages, message_delay_ms: bot.message_delay_ms };
}
