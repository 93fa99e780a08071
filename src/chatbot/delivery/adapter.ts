import type { ChannelKind, ChatMessage } from '../../../common/api/channels.js';
import type { BotChannelRow } from '../../db/rows.js';

/**
 * What the delivery loop hands a channel adapter: one message, rendered (the " [i/n]" suffix
 * applied when the bot asks for it), with where it goes. Adapters send; the loop claims, orders,
 * retries and records.
 */
export interface Delivery {
  readonly outboxId: number;
  readonly conversationId: number;
  readonly botId: number;
  /** The conversation's channel (settings, sealed secret); null when it was deleted. */
  readonly channel: DeliveryChannel | null;
  readonly userKey: string;
  /** The channel's address of the user, opened; null when the channel needs none (web chat). */
  readonly address: string | null;
  readonly message: ChatMessage;
  readonly part: number;
  readonly parts: number;
  /**
   * When the person last wrote in this conversation (read for WhatsApp only, whose free-form
   * messages must come within 24 hours of it); null when it is not known.
   */
  readonly lastInboundAt?: Date | null;
  /** The delivery pass's clock. */
  readonly now?: Date;
}

/** What a sender needs of a channel row. */
export type DeliveryChannel = Pick<
  BotChannelRow,
  'id' | 'kind' | 'enabled' | 'settings' | 'secret' | 'secret_set_at' | 'credentials' | 'credentials_set_at'
>;

export type SendOutcome =
  | {
      readonly ok: true;
      /** The remote service's id of the message (WhatsApp: its status callbacks name it). */
      readonly remoteId?: string;
    }
  | {
      readonly ok: false;
      /** 429, 5xx, a network error: try again later. Otherwise the message fails at once. */
      readonly retry: boolean;
      /** What the remote said, for the failures page (no personal data). */
      readonly error: string;
      /** The remote's Retry-After, when it gave one. */
      readonly retryAfterMs?: number;
    };

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /**
   * Pull channels (web chat) are not sent to: a message is delivered by being marked sent, and the
   * loop notifies `parley_bot_sent` with its user key so that open streams read it.
   */
  readonly pull?: boolean;
  send(delivery: Delivery): Promise<SendOutcome>;
}

/** The channel the loop notifies, at commit, with the user key of each pull-channel message sent. */
export const SENT_CHANNEL = 'parley_bot_sent';
/** The channel outbox inserts notify (delivery/outbox-queued.sql). */
export const QUEUED_CHANNEL = 'parley_bot_outbox';
