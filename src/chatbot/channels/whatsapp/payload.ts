import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import type { Inbound } from '../../engine/index.js';

/**
 * A WhatsApp Cloud API webhook payload (`object: "whatsapp_business_account"`,
 * `entry[].changes[].value`) as inbound events and status reports, for one business phone number
 * (`metadata.phone_number_id`; other numbers of the same app are ignored). Handled: `text`
 * messages and `interactive` replies (`button_reply`, `list_reply`: their id is the option's
 * value); anything else, and anything malformed, is left out.
 */
export interface WhatsAppEvent {
  /** The message id (wamid…): Meta sends a webhook again until it is answered 200. */
  readonly eventId: string;
  /** The person's WhatsApp id (their phone number): the handle and the reply address. */
  readonly from: string;
  readonly input: Inbound;
}

export type RemoteStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusReport {
  /** The message id Parley got when it sent it. */
  readonly remoteId: string;
  readonly status: RemoteStatus;
  readonly at: Date | null;
  /** A failure's code and title (no personal data). */
  readonly error: string | null;
}

export interface Payload {
  readonly events: WhatsAppEvent[];
  readonly statuses: StatusReport[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, 100) : [];
}

function shortString(value: unknown, max: number = CHANNEL_LIMITS.idMax): string | null {
  return typeof value === 'string' && value !== '' && value.length <= max ? value : null;
}

export function readPayload(body: unknown, phoneNumberId: string): Payload {
  const payload: Payload = { events: [], statuses: [] };
  if (!isObject(body) || body.object !== 'whatsapp_business_account') return payload;
  for (const entry of list(body.entry)) {
    if (!isObject(entry)) continue;
    for (const change of list(entry.changes)) {
      if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) continue;
      const value = change.value;
      if (!isObject(value.metadata) || value.metadata.phone_number_id !== phoneNumberId) continue;
      const own = digits(value.metadata.display_phone_number);
      for (const message of list(value.messages)) {
        const event = eventOf(message, own);
        if (event) payload.events.push(event);
      }
      for (const status of list(value.statuses)) {
        const report = statusOf(status);
        if (report) payload.statuses.push(report);
      }
    }
  }
  return payload;
}

function digits(value: unknown): string | null {
  return typeof value === 'string' ? value.replace(/\D/g, '') : null;
}

function eventOf(message: unknown, ownNumber: string | null): WhatsAppEvent | null {
  if (!isObject(message)) return null;
  const eventId = shortString(message.id);
  const from = shortString(message.from, 32);
  if (eventId === null || from === null || !/^\d{5,20}$/.test(from)) return null;
  // The business number's own messages (echoes) are never processed as a person's.
  if (from === ownNumber) return null;
  const input = inputOf(message);
  return input === null ? null : { eventId, from, input };
}

function inputOf(message: Json): Inbound | null {
  if (message.type === 'text' && isObject(message.text) && typeof message.text.body === 'string') {
    const text = [...message.text.body].slice(0, CHANNEL_LIMITS.textMax).join('').trim();
    return text === '' ? null : { kind: 'text', text };
  }
  if (message.type === 'interactive' && isObject(message.interactive)) {
    const interactive = message.interactive;
    const reply =
      interactive.type === 'button_reply'
        ? interactive.button_reply
        : interactive.type === 'list_reply'
          ? interactive.list_reply
          : null;
    const value = isObject(reply) ? shortString(reply.id, CHANNEL_LIMITS.valueMax) : null;
    return value === null ? null : { kind: 'choose', value };
  }
  return null;
}

const STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'];

function statusOf(status: unknown): StatusReport | null {
  if (!isObject(status)) return null;
  const remoteId = shortString(status.id);
  if (remoteId === null || typeof status.status !== 'string' || !STATUSES.includes(status.status))
    return null;
  const seconds =
    typeof status.timestamp === 'string' && /^\d{1,12}$/.test(status.timestamp) ? status.timestamp : null;
  const first = list(status.errors)[0];
  const error = isObject(first)
    ? `${typeof first.code === 'number' ? first.code : '?'} ${typeof first.title === 'string' ? first.title.slice(0, 200) : ''}`.trim()
    : null;
  return {
    remoteId,
    status: status.status as RemoteStatus,
    at: seconds === null ? null : new Date(Number(seconds) * 1000),
    error: status.status === 'failed' ? (error ?? 'failed') : null,
  };
}
