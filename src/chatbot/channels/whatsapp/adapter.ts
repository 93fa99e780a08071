import type { WhatsAppChannelSettings, WhatsAppCredentials } from '../../../../common/api/channels.js';
import type { SecretBox } from '../../../secret-box.js';
import type { ChannelAdapter, Delivery, SendOutcome } from '../../delivery/adapter.js';
import { credentialsCache, deliveryTarget } from '../adapter-support.js';
import { failedSend, postJson, type RemoteAnswer } from '../remote-http.js';
import { renderWhatsApp } from './render.js';

export interface WhatsAppAdapterOptions {
  readonly secrets: SecretBox;
  readonly timeoutMs?: number;
}

/** WhatsApp's customer-service window: free-form messages only this long after the person wrote. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60_000;
export const OUTSIDE_WINDOW = 'outside_customer_service_window';

/** Graph API error codes that mean "slow down" (retried like a 429). */
const THROTTLED = new Set([4, 80007, 130429, 131048, 131056]);
/** "Re-engagement message": more than 24 hours since the person last wrote. */
const RE_ENGAGEMENT = 131047;

/**
 * The WhatsApp channel's sender: `POST <base>/<version>/<phone number id>/messages` with the access
 * token, each part of the rendered message in order; the id of the last part is kept on the outbox
 * row (status callbacks name it). Outside the 24-hour customer-service window nothing is sent:
 * the message fails with `outside_customer_service_window` (Parley sends no templates).
 */
export function whatsappAdapter(options: WhatsAppAdapterOptions): ChannelAdapter {
  const credentialsOf = credentialsCache<WhatsAppCredentials>(options.secrets);
  return {
    kind: 'whatsapp',
    async send(delivery: Delivery): Promise<SendOutcome> {
      const target = deliveryTarget(delivery);
      if ('refused' in target) return target.refused;
      const { channel, address } = target;
      const last = delivery.lastInboundAt;
      const now = delivery.now ?? new Date();
      if (!last || now.getTime() - last.getTime() > SERVICE_WINDOW_MS)
        return { ok: false, retry: false, error: OUTSIDE_WINDOW };
      const credentials = credentialsOf(channel);
      if (!credentials) return { ok: false, retry: false, error: 'the channel has no access token' };
      const settings = channel.settings as Required<WhatsAppChannelSettings>;
      const url = `${settings.api_base_url}/${settings.api_version}/${settings.phone_number_id}/messages`;
      let remoteId: string | undefined;
      for (const body of renderWhatsApp(address, delivery.message, settings.list_button)) {
        const answer = await postJson(url, JSON.stringify(body), {
          headers: { authorization: `Bearer ${credentials.access_token}` },
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        const outcome = outcomeOf(answer);
        if (!outcome.ok) return outcome;
        remoteId = outcome.remoteId;
      }
      return { ok: true, ...(remoteId === undefined ? {} : { remoteId }) };
    },
  };
}

function outcomeOf(answer: RemoteAnswer): SendOutcome {
  const json = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as {
    messages?: { id?: unknown }[];
    error?: { code?: unknown; message?: unknown };
  };
  if (answer.status >= 200 && answer.status < 300) {
    const id = json.messages?.[0]?.id;
    return { ok: true, ...(typeof id === 'string' ? { remoteId: id } : {}) };
  }
  const code = typeof json.error?.code === 'number' ? json.error.code : null;
  if (code === RE_ENGAGEMENT) return { ok: false, retry: false, error: OUTSIDE_WINDOW };
  const message =
    typeof json.error?.message === 'string' ? json.error.message.slice(0, 300) : answer.statusText;
  const error = `WhatsApp answered ${answer.status}${code === null ? '' : ` (#${code})`}: ${message}`.trim();
  const failed = failedSend(answer, error);
  return code !== null && THROTTLED.has(code) ? { ...failed, retry: true } : failed;
}
