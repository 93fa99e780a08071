/**
 * Button limits of the channels a bot can be attached to, checked when a config is saved and when
 * the channel is added. Twitter/X DMs: at most 20 quick replies, labels of at most 36 characters.
 * WhatsApp has none: options that fit neither reply buttons (≤ 3, titles ≤ 20) nor a list (≤ 10,
 * titles ≤ 24) are sent as numbered text (channels/whatsapp/render.ts). Web chat and the HTTP API
 * have no limits of their own; Telegram's are far above these.
 */
export const CHANNEL_LIMITS = {
  twitter: { maxOptions: 20, maxLabel: 36 },
  whatsapp: null,
  telegram: null,
  web: null,
  api: null,
} as const satisfies Record<string, { maxOptions: number; maxLabel: number } | null>;

export type ChannelName = keyof typeof CHANNEL_LIMITS;

/** Label length as users see it: code points, not UTF-16 units. */
export function labelLength(label: string): number {
  return [...label].length;
}
