import type { App, AppDeps } from '../../http/types.js';
import { telegramChannelRoutes } from './telegram/routes.js';
import { twitterChannelRoutes } from './twitter/routes.js';
import { whatsappChannelRoutes } from './whatsapp/routes.js';

/** The webhooks of the messaging services (docs/chatbot.md, "Channels"): Telegram, WhatsApp, Twitter/X. */
export function messagingChannelRoutes(app: App, deps: AppDeps): void {
  telegramChannelRoutes(app, deps);
  whatsappChannelRoutes(app, deps);
  twitterChannelRoutes(app, deps);
}
