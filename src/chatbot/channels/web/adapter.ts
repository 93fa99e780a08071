import type { ChannelAdapter } from '../../delivery/adapter.js';

/**
 * Web chat is a pull channel: nothing is sent to the visitor. The delivery loop marks a message
 * sent (in order, after the bot's delay) and notifies its user key; the visitor's stream or poll
 * then reads it (messages.ts). So sending always succeeds.
 */
export const webAdapter: ChannelAdapter = {
  kind: 'web',
  pull: true,
  send: async () => ({ ok: true }),
};
