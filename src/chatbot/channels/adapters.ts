import type { Adapters } from '../delivery/loop.js';
import { apiAdapter } from './api/adapter.js';
import { boxesOf } from './runtime-deps.js';
import { telegramAdapter } from './telegram/adapter.js';
import { twitterAdapter } from './twitter/adapter.js';
import { webAdapter } from './web/adapter.js';
import { whatsappAdapter } from './whatsapp/adapter.js';

/** The senders of every channel kind, for the delivery loop. */
export function channelAdapters(secret: string, extra: Adapters = {}): Adapters {
  return {
    api: apiAdapter({ secrets: boxesOf(secret).channelSecrets }),
    web: webAdapter,
    telegram: telegramAdapter({ secrets: boxesOf(secret).channelSecrets }),
    whatsapp: whatsappAdapter({ secrets: boxesOf(secret).channelSecrets }),
    twitter: twitterAdapter({ secrets: boxesOf(secret).channelSecrets }),
    ...extra,
  };
}
